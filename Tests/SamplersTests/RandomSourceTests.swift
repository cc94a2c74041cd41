import Samplers
import Tensors
import TestSupport
import Testing

private let streams = Result { try FixtureTensors("samplers/randn.safetensors") }

@Test func torchCPUStreamsAreBitIdentical() throws {
    let fixture = try streams.get()
    let keys = fixture.entries.keys.filter { $0.hasPrefix("cpu/") }.sorted()
    #expect(keys.count >= 29)
    for key in keys {
        let parts = key.split(separator: "/")
        let seed = try #require(UInt64(parts[1]))
        let entry = try #require(fixture[key])
        var random = TorchCPURandom(seed: seed)
        let values = random.normal(shape: entry.shape)
        #expect(values.shape == entry.shape, "\(key)")
        let mismatches = zip(values.scalars, entry.values).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(mismatches == 0, "\(key): \(mismatches) of \(entry.values.count) values differ")
    }
}

@Test func torchCPUPortableKernelMatchesTorchWithoutAVX2() throws {
    let fixture = try streams.get()
    for seed: UInt64 in [0, 42] {
        let entry = try #require(fixture["cpu_portable/\(seed)/2x4x9x11"])
        var portable = TorchCPURandom(seed: seed, kernel: .portable)
        let values = portable.normal(shape: entry.shape).scalars
        #expect(Numerics.maxAbsDiff(values, entry.values) <= 1e-6, "seed \(seed)")
        #if os(Linux)
            // Bitwise with glibc's libm, which torch used here; other libms may round a value differently.
            let exact = zip(values, entry.values).filter { $0.bitPattern == $1.bitPattern }.count
            #expect(exact == values.count, "seed \(seed): \(values.count - exact) values differ in the last bit")
        #endif
        var avx2 = TorchCPURandom(seed: seed)
        #expect(avx2.normal(shape: entry.shape).scalars != entry.values, "the two kernels should differ")
    }
}

@Test func torchCPUStreamCarriesTheScalarCacheAcrossCalls() throws {
    let fixture = try streams.get()
    var random = TorchCPURandom(seed: 7)
    for call in 0..<6 {
        let entry = try #require(fixture["cpu_sequence/7/\(call)"])
        let values = random.normal(shape: entry.shape).scalars
        #expect(values.map(\.bitPattern) == entry.values.map(\.bitPattern), "call \(call)")
    }
}

@Test func philoxStreamsMatchTheA1111Port() throws {
    let fixture = try streams.get()
    for seed: UInt64 in [0, 1, 42, 123_456_789_012] {
        var random = PhiloxRandom(seed: seed)
        for call in 0..<3 {
            let entry = try #require(fixture["cuda/\(seed)/\(call)"])
            let values = random.normal(shape: entry.shape).scalars
            #expect(Numerics.maxAbsDiff(values, entry.values) <= 1e-6, "seed \(seed) call \(call)")
        }
    }
}

@Test func philoxReproducesA1111DocumentedExample() {
    // The example output in A1111's `modules/rng_philox.py` (seed 0, shape 3×4), as printed there.
    let expected: [Float] = [
        -0.92466259, -0.42534415, -2.6438457, 0.14518388, -0.12086647, -0.57972564,
        -0.62285122, -0.32838709, -1.07454231, -0.36314407, -1.67105067, 2.26550497,
    ]
    var random = PhiloxRandom(seed: 0)
    #expect(Numerics.maxAbsDiff(random.normal(shape: [3, 4]).scalars, expected) <= 5e-7)
}

@Test func randomSourceKindMakesTheMatchingStream() {
    var cpu = RandomSourceKind.cpu.makeSource(seed: 3)
    var reference = TorchCPURandom(seed: 3)
    #expect(cpu.normal(shape: [20]).scalars == reference.normal(shape: [20]).scalars)
    var cuda = RandomSourceKind.cuda.makeSource(seed: 3)
    var philox = PhiloxRandom(seed: 3)
    #expect(cuda.normal(shape: [5]).scalars == philox.normal(shape: [5]).scalars)
}
