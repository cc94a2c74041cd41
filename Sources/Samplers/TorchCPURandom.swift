import Foundation
import Tensors

/// PyTorch's CPU random stream: `torch.manual_seed(seed)` followed by `torch.randn(shape)` calls,
/// reproduced bit for bit (checked against torch 2.15 on an AVX2/AVX-512 machine).
///
/// Matches `aten/src/ATen/native/cpu/DistributionTemplates.h` (`normal_kernel`):
/// - tensors of 16 or more elements: every element first gets a 24-bit uniform float from one MT19937
///   draw; then each block of 16 becomes 8 Box–Muller pairs (element `i` and `i + 8`), and when the size
///   is not a multiple of 16 the last 16 elements are redrawn and transformed again. The transform is
///   the AVX2 kernel's (`normal_fill_16_AVX2` with `avx_mathfun.h`'s `log256_ps`/`sincos256_ps`,
///   including the compiler's fused multiply-adds), which is what x86 builds of torch run.
/// - smaller tensors: one `at::normal_distribution<double>` sample per element from two 53-bit
///   uniforms, whose second Box–Muller value is cached in the generator for the next scalar sample.
///
/// Torch builds without AVX2 (e.g. on ARM) transform with libm's `logf`/`cosf`/`sinf` instead and
/// differ from the AVX2 stream in the last bit of about a third of the values; `Kernel.portable`
/// reproduces that variant (bit for bit with glibc's libm, checked against torch with
/// `ATEN_CPU_CAPABILITY=default`). The AVX2 variant is the default on every platform, so that a seed
/// gives the same latents wherever Zoetrope runs.
public struct TorchCPURandom: RandomSource, Sendable {
    /// Which of torch's ≥16-element Box–Muller kernels to reproduce.
    public enum Kernel: Sendable {
        /// `normal_fill_16_AVX2`: what torch runs on x86 CPUs with AVX2 (the default).
        case avx2
        /// `normal_fill_16` with libm: torch builds or CPUs without AVX2.
        case portable
    }

    private var engine: MersenneTwister
    private var cachedNormal: Double?
    private let kernel: Kernel

    /// The stream after `torch.manual_seed(seed)` (only the seed's low 32 bits matter, as in torch).
    public init(seed: UInt64, kernel: Kernel = .avx2) {
        engine = MersenneTwister(seed: seed)
        cachedNormal = nil
        self.kernel = kernel
    }

    public mutating func normal(shape: [Int]) -> Tensor {
        let count = Tensor.elementCount(shape)
        if count >= 16 {
            return Tensor(shape: shape) { fillVectorised($0) }
        }
        return Tensor(shape: shape) { out in
            for i in 0..<out.count { out[i] = Float(scalarNormal()) }
        }
    }

    /// The next `count` uniform floats in [0, 1), as one `torch.rand(count)` call on this generator
    /// gives them (one draw each; Deforum's Perlin noise draws its gradients this way).
    public mutating func uniform(count: Int) -> [Float] {
        (0..<count).map { _ in uniformFloat() }
    }

    /// A uniform float in [0, 1) from the low 24 bits of one draw (`uniform_real_distribution<float>`).
    private mutating func uniformFloat() -> Float {
        Float(engine.next() & 0xFF_FFFF) * 0x1p-24
    }

    /// `at::normal_distribution<double>` with the generator's cached second value.
    private mutating func scalarNormal() -> Double {
        if let cached = cachedNormal {
            cachedNormal = nil
            return cached
        }
        let u1 = uniformDouble()
        let u2 = uniformDouble()
        let radius = (-2.0 * Foundation.log1p(-u2)).squareRoot()
        let theta = 2.0 * Double.pi * u1
        cachedNormal = radius * Foundation.sin(theta)
        return radius * Foundation.cos(theta)
    }

    /// A uniform double in [0, 1) from 53 bits of two draws, the first being the high word.
    private mutating func uniformDouble() -> Double {
        let high = UInt64(engine.next())
        let low = UInt64(engine.next())
        let bits = ((high << 32) | low) & ((1 << 53) - 1)
        return Double(bits) * 0x1p-53
    }

    private mutating func fillVectorised(_ out: UnsafeMutableBufferPointer<Float>) {
        let count = out.count
        for i in 0..<count { out[i] = uniformFloat() }
        var start = 0
        while start + 16 <= count {
            transform16(out.baseAddress! + start)
            start += 16
        }
        if count % 16 != 0 {
            let tail = out.baseAddress! + (count - 16)
            for i in 0..<16 { tail[i] = uniformFloat() }
            transform16(tail)
        }
    }

    private func transform16(_ data: UnsafeMutablePointer<Float>) {
        switch kernel {
        case .avx2: TorchBoxMuller.transform16(data)
        case .portable: TorchBoxMuller.transform16Portable(data)
        }
    }
}
