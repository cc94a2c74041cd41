import Foundation
import Tensors

/// DPM-Solver++ SDE (k-diffusion's `sample_dpmpp_sde`, r = 1/2): per step, an ancestral
/// DPM-Solver++ half step to the midpoint σ_mid = √(σ·σ_next) with noise, a second evaluation there,
/// and an ancestral step from the start to σ_next using the midpoint's denoised prediction. The last
/// step (to σ = 0) is a plain Euler step.
///
/// Matches the update of diffusers `DPMSolverSDEScheduler` (`scheduling_dpmsolver_sde.py`) and
/// k-diffusion. The noise of both half steps comes from a seeded Brownian tree (`BrownianTreeNoise`,
/// the references' `BrownianTreeNoiseSampler`) when `brownianTree` is given: the midpoint's noise is
/// the path's increment from σ to σ_mid, the end point's the increment from σ to σ_next, each
/// scaled to unit variance. Without a seed each noise term is one fresh `random.normal` draw (two per
/// step: midpoint, then end point), as k-diffusion does when given its default noise sampler.
enum DPMPPSDESampler {
    static func sample(
        _ start: Tensor, schedule: SigmaSchedule, eta: Double, random: inout any RandomSource,
        brownianTree: BrownianTreeSeed?, denoise: Denoiser, onStep: Sampling.StepCallback
    ) throws -> Tensor {
        var x = start
        let sigmas = schedule.sigmas
        let tree = brownianTree.map { BrownianTreeNoise(seed: $0, shape: start.shape, sigmas: sigmas) }
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
                let times = BrownianTreeNoise.times(from: sigma, to: next)
                let first = EulerAncestralSampler.ancestralStep(from: sigma, to: mid, eta: eta)
                var xMid = Tensor.weightedSum(x, Float(first.down / sigma), denoised, Float(-expm1(log(first.down) - log(sigma))))
                let midNoise = tree?.noise(from: times.start, to: times.midpoint) ?? random.normal(shape: x.shape)
                xMid = xMid + midNoise * Float(first.up)
                let denoisedMid = try denoise(xMid, mid, i)
                let second = EulerAncestralSampler.ancestralStep(from: sigma, to: next, eta: eta)
                x = Tensor.weightedSum(x, Float(second.down / sigma), denoisedMid, Float(-expm1(log(second.down) - log(sigma))))
                let endNoise = tree?.noise(from: times.start, to: times.end) ?? random.normal(shape: x.shape)
                x = x + endNoise * Float(second.up)
            }
            try onStep(i, x)
        }
        return x
    }
}
