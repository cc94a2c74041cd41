import Foundation
import Tensors

/// DPM-Solver++(2M): a second-order multistep solver in λ = −log σ that reuses the previous step's
/// denoised prediction. With h = λ_next − λ and r = h_prev/h:
/// x ← (σ_next/σ)·x − (e^(−h) − 1)·((1 + 1/2r)·x₀ − (1/2r)·x₀_prev).
///
/// Matches diffusers `DPMSolverMultistepScheduler` (`scheduling_dpmsolver_multistep.py`,
/// `algorithm_type="dpmsolver++"`, `solver_order=2`, `solver_type="midpoint"`, `lower_order_final`,
/// `final_sigmas_type="zero"`) and k-diffusion `sample_dpmpp_2m`. The first step and the step to
/// σ = 0 are first order.
enum DPMPP2MSampler {
    static func sample(
        _ start: Tensor, schedule: SigmaSchedule, denoise: Denoiser, onStep: Sampling.StepCallback
    ) throws -> Tensor {
        var x = start
        let sigmas = schedule.sigmas
        var previous: (denoised: Tensor, h: Double)?
        for i in 0..<schedule.steps {
            let sigma = sigmas[i]
            let next = sigmas[i + 1]
            let denoised = try denoise(x, sigma, i)
            if next == 0 {
                x = denoised
            } else {
                let h = log(sigma) - log(next)
                var target = denoised
                if let previous {
                    let r = previous.h / h
                    target = Tensor.weightedSum(denoised, Float(1 + 1 / (2 * r)), previous.denoised, Float(-1 / (2 * r)))
                }
                x = Tensor.weightedSum(x, Float(next / sigma), target, Float(-expm1(-h)))
                previous = (denoised, h)
            }
            try onStep(i, x)
        }
        return x
    }
}

