import Imaging
import Samplers

/// The random stream of Deforum's frame noise: PyTorch's CPU generator seeded with the frame's
/// seed (`torch.manual_seed(seed)`), from which `noise.py` draws `torch.randn` and then, for
/// Perlin noise, `torch.rand`. Normals come from `TorchCPURandom`; uniforms from a Mersenne
/// Twister kept in step with it (torch's `randn` of n ≥ 16 values takes n draws, plus 16 when n is
/// not a multiple of 16; `rand` takes one draw per value, keeping its low 24 bits).
struct DeforumNoiseSource: NoiseRandomSource {
    private var torch: TorchCPURandom
    private var engine: MersenneTwister19937

    init(seed: Int64) {
        torch = TorchCPURandom(seed: UInt64(bitPattern: seed))
        engine = MersenneTwister19937(seed: UInt32(truncatingIfNeeded: seed))
    }

    mutating func normal(count: Int) -> [Float] {
        precondition(count == 0 || count >= 16, "frame noise draws at least 16 normals")
        guard count > 0 else { return [] }
        let values = torch.normal(shape: [count]).scalars
        let draws = count + (count % 16 == 0 ? 0 : 16)
        for _ in 0..<draws { _ = engine.next() }
        return values
    }

    mutating func uniform(count: Int) -> [Float] {
        (0..<count).map { _ in Float(engine.next() & 0xFF_FFFF) * 0x1p-24 }
    }
}

/// MT19937 as PyTorch seeds and runs it (`aten/src/ATen/core/MT19937RNGEngine.h`).
struct MersenneTwister19937 {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    mutating func next() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        for i in 0..<624 {
            let y = (state[i] & 0x8000_0000) | (state[(i + 1) % 624] & 0x7FFF_FFFF)
            state[i] = state[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908_B0DF : 0)
        }
        index = 0
    }
}
