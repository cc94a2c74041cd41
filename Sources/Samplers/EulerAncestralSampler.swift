import Foundation
import Tensors

/// Euler ancestral: an Euler step down to σ_down, then fresh noise of size σ_up, with
/// σ_up = min(σ_next, η·√(σ_next²(σ² − σ_next²)/σ²)) and σ_down = √(σ_next² − σ_up²).
///
/// Matches diffusers `EulerAncestralDiscreteScheduler` (`scheduling_euler_ancestral_discrete.py`,
/// η = 1) and k-diffusion `sample_euler_ancestral` (with η). As in diffusers, one noise tensor is
/// drawn every step, the last included.
enum EulerAncestralSampler {
    static func sample(
        _ start: Tensor, schedule: SigmaSchedule, eta: Double, random: inout any RandomSource,
        denoise: Denoiser, onStep: Sampling.StepCallback
    ) throws -> Tensor {
        var x = start
        let sigmas = schedule.sigmas
        for i in 0..<schedule.steps {
            let sigma = sigmas[i]
            let next = sigmas[i + 1]
            let denoised = try denoise(x, sigma, i)
            let (down, up) = ancestralStep(from: sigma, to: next, eta: eta)
            let derivative = (x - denoised) / Float(sigma)
            x = x + derivative * Float(down - sigma)
            let noise = random.normal(shape: x.shape)
            x = x + noise * Float(up)
            try onStep(i, x)
        }
        return x
    }

    /// k-diffusion's `get_ancestral_step`: (σ_down, σ_up) for a step from `sigma` to `next`.
    static func ancestralStep(from sigma: Double, to next: Double, eta: Double) -> (down: Double, up: Double) {
        guard eta > 0 else { return (next, 0) }
        let up = min(next, eta * (next * next * (sigma * sigma - next * next) / (sigma * sigma)).squareRoot())
        let down = (next * next - up * up).squareRoot()
        return (down, up)
    }
}
