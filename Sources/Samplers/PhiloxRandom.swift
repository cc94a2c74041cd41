import Foundation
import Tensors

/// PyTorch's CUDA random stream (`torch.randn(shape, device="cuda")` after seeding), as A1111 reproduces
/// it on the CPU with its pure-numpy `modules/rng_philox.py` (its "NV" random source).
///
/// Each `normal(shape:)` call is one `randn`: element `i` of call number `k` comes from Philox-4x32-10
/// with counter `(k, 0, i, 0)` and key = the seed's low and high 32 bits; the first two output words
/// go through Box–Muller (only the sine branch is kept), computed in double precision and rounded to
/// Float32 as the numpy port does. So the first call gives the initial latent and later calls give
/// the noise of ancestral steps, as A1111's per-seed generators do.
public struct PhiloxRandom: RandomSource, Sendable {
    private let key: (UInt32, UInt32)
    private var offset: UInt32 = 0

    public init(seed: UInt64) {
        key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    }

    public mutating func normal(shape: [Int]) -> Tensor {
        let call = offset
        offset &+= 1
        let key = self.key
        return Tensor(shape: shape) { out in
            for i in 0..<out.count {
                let words = Self.philox(counter: (call, 0, UInt32(truncatingIfNeeded: i), 0), key: key)
                out[i] = Self.boxMuller(words.0, words.1)
            }
        }
    }

    private static let twoPow32Inverse = Double(Float(2.3283064e-10))
    private static let twoPow32InverseTwoPi = Double(Float(2.3283064e-10 * 6.2831855))

    private static func boxMuller(_ x: UInt32, _ y: UInt32) -> Float {
        let u = Double(x) * twoPow32Inverse + twoPow32Inverse / 2
        let v = Double(y) * twoPow32InverseTwoPi + twoPow32InverseTwoPi / 2
        let radius = (-2.0 * Foundation.log(u)).squareRoot()
        return Float(radius * Foundation.sin(v))
    }

    private static func philox(
        counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32)
    ) -> (UInt32, UInt32) {
        var c = counter
        var k = key
        for round in 0..<10 {
            let product0 = UInt64(c.0) * 0xD251_1F53
            let product2 = UInt64(c.2) * 0xCD9E_8D57
            c = (
                UInt32(truncatingIfNeeded: product2 >> 32) ^ c.1 ^ k.0,
                UInt32(truncatingIfNeeded: product2),
                UInt32(truncatingIfNeeded: product0 >> 32) ^ c.3 ^ k.1,
                UInt32(truncatingIfNeeded: product0)
            )
            if round < 9 {
                k.0 &+= 0x9E37_79B9
                k.1 &+= 0xBB67_AE85
            }
        }
        return (c.0, c.1)
    }
}
