import Foundation
import Tensors

/// DPM-Solver++(2M) SDE: the 2M update with the stochastic term of the SDE solver. With
/// h = λ_next − λ, ηh = η·h and D the (second-order when history exists) denoised estimate:
/// x ← (σ_next/σ)·e^(−ηh)·x + (1 − e^(−h−ηh))·D + σ_next·√(1 − e^(−2ηh))·z.
///
/// Matches diffusers `DPMSolverMultistepScheduler` with `algorithm_type="sde-dpmsolver++"`
/// (`solver_type="midpoint"`, η = 1) and k-diffusion `sample_dpmpp_2m_sde` (midpoint, any η). As in
/// diffusers, one noise tensor is drawn every step (the last included), before the update.
enum DPMPP2MSDESampler {
    static func sample(
        _ start: Tensor, schedule: SigmaSchedule, eta: Double, random: inout any RandomSource,
        denoise: Denoiser, onStep: Sampling.StepCallback
    ) throws -> Tensor {
        var x = start
        let sigmas = schedule.sigmas
        var previous: (denoised: Tensor, h: Double)?
        for i in 0..<schedule.steps {
            let sigma = sigmas[i]
            let next = sigmas[i + 1]
            let denoised = try denoise(x, sigma, i)
            let noise = random.normal(shape: x.shape)
            if next == 0 {
                x = denoised
            } else {
                let h = log(sigma) - log(next)
                let etaH = eta * h
                let weight = -expm1(-h - etaH)
                x = Tensor.weightedSum(x, Float(next / sigma * exp(-etaH)), denoised, Float(weight))
                if let previous {
                    let r = previous.h / h
                    let correction = Float(0.5 * weight / r)
                    x = x + Tensor.weightedSum(denoised, correction, previous.denoised, -correction)
                }
                if eta > 0 {
                    x = x + noise * Float(next * (-expm1(-2 * etaH)).squareRoot())
                }
                previous = (denoised, h)
            }
            try onStep(i, x)
        }
        return x
    }
}
