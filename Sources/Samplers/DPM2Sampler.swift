import Foundation
import Tensors

/// DPM-Solver-2 in k-diffusion's form: an Euler half step to the geometric mean σ_mid = √(σ·σ_next),
/// a second evaluation there, and the full step taken with the midpoint slope. The last step (to
/// σ = 0) is a plain Euler step.
///
/// Matches diffusers `KDPM2DiscreteScheduler` (`scheduling_k_dpm_2_discrete.py`) and k-diffusion
/// `sample_dpm_2`. Two model evaluations per step except the last.
enum DPM2Sampler {
    static func sample(
        _ start: Tensor, schedule: SigmaSchedule, denoise: Denoiser, onStep: Sampling.StepCallback
    ) throws -> Tensor {
        var x = start
        let sigmas = schedule.sigmas
        for i in 0..<schedule.steps {
            let sigma = sigmas[i]
            let next = sigmas[i + 1]
            let denoised = try denoise(x, sigma, i)
            let derivative = (x - denoised) / Float(sigma)
            if next == 0 {
                x = x + derivative * Float(next - sigma)
            } else {
                let mid = Double(Float(exp((log(sigma) + log(next)) / 2)))
                let xMid = x + derivative * Float(mid - sigma)
                let denoisedMid = try denoise(xMid, mid, i)
                let derivativeMid = (xMid - denoisedMid) / Float(mid)
                x = x + derivativeMid * Float(next - sigma)
            }
            try onStep(i, x)
        }
        return x
    }
}
