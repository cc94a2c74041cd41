import Imaging
import Samplers

/// The random stream of Deforum's frame noise: PyTorch's CPU generator seeded with the frame's
/// seed (`torch.manual_seed(seed)`), from which `noise.py` draws `torch.randn` and then, for
/// Perlin noise, `torch.rand` — both from one `TorchCPURandom`, in that order.
struct DeforumNoiseSource: NoiseRandomSource {
    private var torch: TorchCPURandom

    init(seed: Int64) {
        torch = TorchCPURandom(seed: UInt64(bitPattern: seed))
    }

    mutating func normal(count: Int) -> [Float] {
        guard count > 0 else { return [] }
        return torch.normal(shape: [count]).scalars
    }

    mutating func uniform(count: Int) -> [Float] {
        torch.uniform(count: count)
    }
}
