import Tensors

/// Heun's second-order method: an Euler step to σ_next, a second evaluation there, and the step
/// redone with the mean of both slopes. The last step (to σ = 0) is a plain Euler step.
///
/// Matches diffusers `HeunDiscreteScheduler` (`scheduling_heun_discrete.py`) and k-diffusion
/// `sample_heun` (`s_churn = 0`). Two model evaluations per step except the last.
enum HeunSampler {
    static func sample(
        _ start: Tensor, schedule: SigmaSchedule, denoise: Denoiser, onStep: Sampling.StepCallback
    ) throws -> Tensor {
        var x = start
        let sigmas = schedule.sigmas
        for i in 0..<schedule.steps {
            let sigma = sigmas[i]
            let next = sigmas[i + 1]
            let dt = Float(next - sigma)
            let denoised = try denoise(x, sigma, i)
            let derivative = (x - denoised) / Float(sigma)
            let euler = x + derivative * dt
            if next == 0 {
                x = euler
            } else {
                let denoisedNext = try denoise(euler, next, i)
                let derivativeNext = (euler - denoisedNext) / Float(next)
                x = x + ((derivative + derivativeNext) / 2) * dt
            }
            try onStep(i, x)
        }
        return x
    }
}
