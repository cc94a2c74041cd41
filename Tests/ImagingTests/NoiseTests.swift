import Foundation
import Imaging
import Testing

/// Replays torch draws stored by the fixture generator (seed 1234), so the test sees exactly the
/// numbers Deforum's generator produced.
struct ReplayedDraws: NoiseRandomSource {
    var normals: [Float]
    var uniforms: [Float]
    mutating func normal(count: Int) -> [Float] {
        let out = Array(normals.prefix(count))
        normals.removeFirst(min(count, normals.count))
        return out
    }
    mutating func uniform(count: Int) -> [Float] {
        let out = Array(uniforms.prefix(count))
        uniforms.removeFirst(min(count, uniforms.count))
        return out
    }
}

/// A small deterministic stand-in generator for the statistics tests (SplitMix64, Box–Muller).
struct SplitMixDraws: NoiseRandomSource {
    var state: UInt64
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
    }
    mutating func normal(count: Int) -> [Float] {
        (0..<count).map { _ in Float((-2 * log(1 - next())).squareRoot() * cos(2 * Double.pi * next())) }
    }
    mutating func uniform(count: Int) -> [Float] { (0..<count).map { _ in Float(next()) } }
}

struct NoiseTests {
    static func draws() throws -> ReplayedDraws {
        let files = ImagingFixtures.manifest["noise_draws"] as? [String: Any] ?? [:]
        return ReplayedDraws(normals: try ImagingFixtures.floats(files["normal"] as? String ?? ""),
                             uniforms: try ImagingFixtures.floats(files["uniform"] as? String ?? ""))
    }

    @Test func noiseMatchesDeforumWithTorchDraws() throws {
        let cases = ImagingFixtures.cases("noise")
        #expect(cases.count >= 4)
        for c in cases {
            let w = Int(c.double("width")), h = Int(c.double("height"))
            let type = try #require(NoiseType(rawValue: c.string("type")))
            var random = try Self.draws()
            let noise = try FrameNoise.image(width: w, height: h, type: type, random: &random)
            let noiseDiff = byteDifference(noise, try ImagingFixtures.image(c.string("noise"), width: w, height: h))
            #expect(noiseDiff.max <= 1 && noiseDiff.count <= 20, "\(type) \(w)×\(h) noise: max \(noiseDiff.max) over \(noiseDiff.count)")
            var again = try Self.draws()
            let input = try ImagingFixtures.image(c.string("input"), width: w, height: h)
            let mixed = try input.addingNoise(amount: c.double("amount"), type: type, random: &again)
            let mixDiff = byteDifference(mixed, try ImagingFixtures.image(c.string("output"), width: w, height: h))
            #expect(mixDiff.max <= 1, "\(type) \(w)×\(h) mix: max \(mixDiff.max) over \(mixDiff.count)")
        }
    }

    @Test func whiteNoiseStatistics() throws {
        var random = SplitMixDraws(state: 42)
        let noise = try FrameNoise.image(width: 128, height: 128, type: .uniform, random: &random)
        let values = noise.pixels.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        // uint8(clip(n/2 + 1/2)·255) of N(0,1): mean ≈ 127 − 0.5 (truncation); 31% of values clip.
        #expect(abs(mean - 126.9) < 1.5)
        let clipped = values.filter { $0 == 0 || $0 == 255 }.count
        #expect(abs(Double(clipped) / Double(values.count) - 0.3173) < 0.02)
    }

    @Test func perlinStatistics() throws {
        var random = SplitMixDraws(state: 7)
        let field = try FrameNoise.perlinOctaves(height: 128, width: 128, parameters: PerlinParameters(), random: &random)
        let mean = field.reduce(0, +) / Float(field.count)
        let maxAbs = field.map(abs).max() ?? 0
        #expect(abs(mean) < 0.1)
        #expect(maxAbs < 1.5 && maxAbs > 0.3)
        // Lattice points (multiples of 16 px at the first octave, 2 px at the last) are zeros of every octave.
        #expect(abs(field[0]) < 1e-6 && abs(field[16 * 128 + 32]) < 1e-6)
        // Smooth: neighbouring pixels differ far less than the field's range.
        var steps: Float = 0
        for i in 0..<(128 * 127) { steps += abs(field[i + 128] - field[i]) }
        #expect(steps / Float(128 * 127) < 0.2)
        // Perlin-modulated noise has less energy than white noise of the same draws.
        var a = SplitMixDraws(state: 9), b = SplitMixDraws(state: 9)
        let white = try FrameNoise.image(width: 64, height: 64, type: .uniform, random: &a)
        let perlin = try FrameNoise.image(width: 64, height: 64, type: .perlin, random: &b)
        func spread(_ img: RGBImage) -> Double { img.pixels.map { abs(Double($0) - 127) }.reduce(0, +) }
        #expect(spread(perlin) < spread(white))
    }

    @Test func perlinLatticeMustDivideTheSize() {
        var random = SplitMixDraws(state: 1)
        #expect(throws: ImagingError.perlinLatticeMismatch(size: 64, cells: 128)) {
            _ = try FrameNoise.image(width: 64, height: 64, type: .perlin,
                                     perlin: PerlinParameters(octaves: 5), random: &random)
        }
    }
}
