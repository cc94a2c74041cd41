import Foundation
import Tensors

/// DPM-Solver++ SDE (k-diffusion's `sample_dpmpp_sde`, r = 1/2): per step, an ancestral
/// DPM-Solver++ half step to the midpoint σ_mid = √(σ·σ_next) with noise, a second evaluation there,
/// and an ancestral step from the start to σ_next using the midpoint's denoised prediction. The last
/// step (to σ = 0) is a plain Euler step.
///
/// Matches the update of diffusers `DPMSolverSDEScheduler` (`scheduling_dpmsolver_sde.py`) and
/// k-diffusion. Difference: both draw their noise from a torchsde `BrownianTree`, which cannot be
/// reproduced without torchsde; here each noise term is one fresh `random.normal` draw (two per
/// step: midpoint, then end point), i.e. the Brownian increments are independent Gaussians, as
/// k-diffusion does when given a plain noise sampler. Same distribution, different stream; the
/// trajectory test feeds diffusers the same recorded draws.
enum DPMPPSDESampler {
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
            if next == 0 {
                x = x + ((x - denoised) / Float(sigma)) * Float(next - sigma)
            } else {
                let t = -log(sigma)
                let tNext = -log(next)
                let mid = exp(-(t + (tNext - t) / 2))
                let first = EulerAncestralSampler.ancestralStep(from: sigma, to: mid, eta: eta)
                var xMid = Tensor.weightedSum(x, Float(first.down / sigma), denoised, Float(-expm1(log(first.down) - log(sigma))))
                xMid = xMid + random.normal(shape: x.shape) * Float(first.up)
                let denoisedMid = try denoise(xMid, mid, i)
                let second = EulerAncestralSampler.ancestralStep(from: sigma, to: next, eta: eta)
                x = Tensor.weightedSum(x, Float(second.down / sigma), denoisedMid, Float(-expm1(log(second.down) - log(sigma))))
                x = x + random.normal(shape: x.shape) * Float(second.up)
            }
            try onStep(i, x)
        }
        return x
    }
}
