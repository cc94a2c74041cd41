import Foundation
import Tensors

/// The seed of the Brownian tree that DPM++ SDE (`dpmpp_sde`) draws its noise from.
///
/// diffusers' `DPMSolverSDEScheduler` seeds its tree with `noise_sampler_seed`; k-diffusion's
/// `sample_dpmpp_sde` with `extra_args["seed"]`, which A1111 sets to the image seed. Passing the
/// image seed here reproduces both.
public struct BrownianTreeSeed: Sendable, Equatable {
    /// The tree's entropy.
    public var seed: UInt64
    /// The generator of the tree's normal draws: the reference runs its tree on the latent's device,
    /// so `cpu` for diffusers on the CPU, `cuda` for A1111 on an NVIDIA GPU.
    public var randomSource: RandomSourceKind

    public init(_ seed: UInt64, randomSource: RandomSourceKind = .cpu) {
        self.seed = seed
        self.randomSource = randomSource
    }
}

/// k-diffusion's `BrownianTreeNoiseSampler` over `BatchedBrownianTree` with one seed, as diffusers'
/// `scheduling_dpmsolver_sde.py` copies them: a `BrownianInterval` (tol 1e-6, pool 24, halfway tree)
/// over [σ_min, σ_max] — the smallest positive and the largest sigma of the schedule, as float32 —
/// and unit noise (W(σ_next) − W(σ)) / √|σ_next − σ| per step.
///
/// The query times are the sampler's sigmas after the references' float32 round trip σ → t = −log σ
/// → e^−t (and the midpoint e^−(t + (t_next − t)/2)), with correctly rounded float32 log and exp. The
/// tree rounds them to 6 decimals, so they must match to the last bit; torch computes them with MKL's
/// `vsLn`/`vsExp` (closed source, dispatched per CPU), which are not correctly rounded for about 6%
/// (log) and 1% (exp) of inputs. About 1% of query times then land on a neighbouring 10⁻⁶ grid point,
/// and the noise of that step differs by an increment over 10⁻⁶ (relative error ~10⁻³ in that noise).
struct BrownianTreeNoise {
    private let interval: BrownianInterval
    private let orientation: Float

    /// The tree for `sigmas` (a schedule ending in 0 or not) and noise of `shape`.
    init(seed: BrownianTreeSeed, shape: [Int], sigmas: [Double]) {
        let positive = sigmas.filter { $0 > 0 }
        let low = Float(positive.min() ?? 0)
        let high = Float(sigmas.max() ?? 0)
        orientation = low < high ? 1 : -1
        interval = BrownianInterval(
            from: Double(min(low, high)), to: Double(max(low, high)), shape: shape, entropy: seed.seed,
            digits: 6, poolSize: 24, randomSource: seed.randomSource)
    }

    /// The float32 times of one step from `sigma` to `next`: σ and σ_next through `sigma_fn(t_fn(·))`,
    /// and the midpoint `sigma_fn(t + (t_next − t)·½)`.
    static func times(from sigma: Double, to next: Double) -> (start: Float, midpoint: Float, end: Float) {
        func log(_ x: Float) -> Float { Float(Foundation.log(Double(x))) }
        func exp(_ x: Float) -> Float { Float(Foundation.exp(Double(x))) }
        let t = -log(Float(sigma))
        let tNext = -log(Float(next))
        let tMid = t + (tNext - t) * 0.5
        return (exp(-t), exp(-tMid), exp(-tNext))
    }

    /// `noise_sampler(sigma, next)`: the tree's increment between the two times, oriented from
    /// `sigma` to `next` and scaled to unit variance.
    func noise(from sigma: Float, to next: Float) -> Tensor {
        let forward = sigma < next
        let increment = interval.increment(
            from: Double(forward ? sigma : next), to: Double(forward ? next : sigma))
        let sign: Float = forward ? orientation : -orientation
        return (increment * sign) / (next - sigma).magnitude.squareRoot()
    }
}
