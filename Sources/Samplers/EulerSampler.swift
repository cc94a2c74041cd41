import Tensors

/// Euler's method on the probability-flow ODE dx/dσ = (x − x₀)/σ.
///
/// Matches diffusers `EulerDiscreteScheduler` (`scheduling_euler_discrete.py`, `s_churn = 0`) and
/// k-diffusion `sample_euler`.
enum EulerSampler {
    static func sample(
        _ start: Tensor, schedule: SigmaSchedule, denoise: Denoiser, onStep: Sampling.StepCallback
    ) throws -> Tensor {
        var x = start
        let sigmas = schedule.sigmas
        for i in 0..<schedule.steps {
            let denoised = try denoise(x, sigmas[i], i)
            let derivative = (x - denoised) / Float(sigmas[i])
            x = x + derivative * Float(sigmas[i + 1] - sigmas[i])
            try onStep(i, x)
        }
        return x
    }
}
