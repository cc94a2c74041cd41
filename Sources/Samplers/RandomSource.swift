import Tensors

/// A stream of standard normal samples, drawn in the order a sampler asks for them.
///
/// Implementations reproduce a reference generator bit for bit, so a seed gives the same latents as
/// the reference tool: `TorchCPURandom` (PyTorch's CPU generator, as diffusers and ComfyUI use it) and
/// `PhiloxRandom` (PyTorch's CUDA stream, as A1111 uses it).
public protocol RandomSource {
    /// The next `shape`-sized tensor of N(0, 1) samples, as one `torch.randn(shape)` call would give.
    mutating func normal(shape: [Int]) -> Tensor
}

/// Which reference random stream to reproduce (the CLI's `--rng`).
public enum RandomSourceKind: String, CaseIterable, Sendable {
    /// PyTorch's CPU generator (`torch.manual_seed(s); torch.randn(...)`).
    case cpu
    /// PyTorch's CUDA Philox stream, as A1111's `rng_philox` reproduces it.
    case cuda

    /// A fresh source of this kind seeded with `seed`.
    public func makeSource(seed: UInt64) -> any RandomSource {
        switch self {
        case .cpu: TorchCPURandom(seed: seed)
        case .cuda: PhiloxRandom(seed: seed)
        }
    }
}
