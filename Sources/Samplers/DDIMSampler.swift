import Foundation
import Tensors

/// DDIM (Song et al. 2020) with η: from ᾱ = 1/(1 + σ²) and ε = (x − x₀)/σ, the variance-preserving
/// update x_vp ← √ᾱ_next·x₀ + √(1 − ᾱ_next − s²)·ε + s·z with
/// s = η·√((1 − ᾱ_next)/(1 − ᾱ))·√(1 − ᾱ/ᾱ_next), carried out in k-diffusion's space (divided by
/// √ᾱ_next). With η = 0 this is exactly an Euler step.
///
/// Matches diffusers `DDIMScheduler` (`scheduling_ddim.py`, SD1.5's `set_alpha_to_one: false`, so a
/// `discrete` schedule ends at σ(t = 0) rather than 0; `Sampling.sample` rescales the result to the
/// variance-preserving latent diffusers returns). A noise tensor is drawn every step when η > 0.
enum DDIMSampler {
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
            let epsilon = (x - denoised) / Float(sigma)
            let alpha = NoiseSchedule.alphaCumprod(forSigma: sigma)
            let alphaNext = NoiseSchedule.alphaCumprod(forSigma: next)
            let deviation = eta * ((1 - alphaNext) / (1 - alpha)).squareRoot() * (1 - alpha / alphaNext).squareRoot()
            let direction = (max(1 - alphaNext - deviation * deviation, 0) / alphaNext).squareRoot()
            x = Tensor.weightedSum(denoised, 1, epsilon, Float(direction))
            if eta > 0 {
                x = x + random.normal(shape: x.shape) * Float(deviation / alphaNext.squareRoot())
            }
            try onStep(i, x)
        }
        return x
    }
}
