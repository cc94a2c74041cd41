import Foundation
import Tensors

/// Latent Consistency Model sampling: each step takes the consistency function's output
/// c_skip·x_vp + c_out·x₀ (boundary-condition scalings at timestep t, σ_data = 0.5, timestep scaling
/// 10) as the clean latent, then re-noises it to the next level with fresh noise; the last step
/// returns the clean latent.
///
/// Matches diffusers `LCMScheduler` (`scheduling_lcm.py`, `original_inference_steps = 50`), whose
/// `discrete` timesteps `timesteps(steps:trainSteps:)` reproduces. One noise tensor is drawn every
/// step but the last.
enum LCMSampler {
    /// diffusers' `original_inference_steps`: the distillation schedule's length.
    static let originalSteps = 50

    static func sample(
        _ start: Tensor, schedule: SigmaSchedule, random: inout any RandomSource,
        denoise: Denoiser, onStep: Sampling.StepCallback
    ) throws -> Tensor {
        var x = start
        let sigmas = schedule.sigmas
        for i in 0..<schedule.steps {
            let sigma = sigmas[i]
            let next = sigmas[i + 1]
            let prediction = try denoise(x, sigma, i)
            let (skip, out) = boundaryScalings(timestep: schedule.timesteps[i])
            let clean = Tensor.weightedSum(prediction, Float(out), x, Float(skip / (1 + sigma * sigma).squareRoot()))
            if i == schedule.steps - 1 {
                x = clean
            } else {
                x = clean + random.normal(shape: x.shape) * Float(next)
            }
            try onStep(i, x)
        }
        return x
    }

    /// (c_skip, c_out) at `timestep`: σ_d²/((10t)² + σ_d²) and 10t/√((10t)² + σ_d²), σ_d = 0.5.
    static func boundaryScalings(timestep: Double) -> (skip: Double, out: Double) {
        let sigmaData = 0.5
        let scaled = timestep * 10
        let denominator = scaled * scaled + sigmaData * sigmaData
        return (sigmaData * sigmaData / denominator, scaled / denominator.squareRoot())
    }

    /// diffusers' LCM timesteps: the 50 distillation timesteps 999, 979, …, 19, sampled at
    /// ⌊i·50/steps⌋ for i = 0..<steps.
    static func timesteps(steps: Int, trainSteps: Int) -> [Double] {
        let k = trainSteps / originalSteps
        let origin = (1...originalSteps).reversed().map { $0 * k - 1 }
        return (0..<steps).map { i in
            Double(origin[Int((Double(i) * (Double(originalSteps) / Double(steps))).rounded(.down))])
        }
    }
}
