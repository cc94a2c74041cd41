import Tensors

/// Runs a sampler over a schedule: the one entry point the pipeline needs.
///
/// Samplers work in k-diffusion's space (`x = x₀ + σ·ε`), ask `denoise` for x₀ and know nothing
/// about models. Each sampler file names the diffusers scheduler (and k-diffusion function) it
/// matches; random draws come from `random` in the order diffusers' schedulers make them.
public enum Sampling {
    /// Called after each step with the step index and the latent (k-diffusion space, at noise level
    /// `schedule.sigmas[step + 1]`).
    public typealias StepCallback = (_ step: Int, _ x: Tensor) throws -> Void

    /// Samples from `x` (already at noise level `schedule.sigmas[0]`, e.g. unit noise times
    /// `schedule.initialNoiseScale`) down the schedule and returns the final latent as diffusers'
    /// scheduler leaves it (`output_type="latent"` before VAE scaling): the k-space result times
    /// `schedule.finalLatentScale`. An empty schedule (img2img at strength 0) returns `x` unchanged.
    ///
    /// - Parameters:
    ///   - eta: the ancestral noise amount for `euler_a`, `dpmpp_2m_sde`, `dpmpp_sde` (default 1) and
    ///     `ddim` (default 0, deterministic).
    ///   - brownianTree: for `dpmpp_sde`, the seed of the Brownian tree its noise comes from (the
    ///     image seed reproduces diffusers' `noise_sampler_seed = seed`, k-diffusion and A1111); nil
    ///     draws that noise from `random` instead. Other samplers ignore it.
    public static func sample(
        _ kind: SamplerKind, from x: Tensor, schedule: SigmaSchedule, random: inout any RandomSource,
        eta: Double? = nil, brownianTree: BrownianTreeSeed? = nil, denoise: Denoiser,
        onStep: StepCallback = { _, _ in }
    ) throws -> Tensor {
        guard schedule.steps > 0 else { return x }
        let result: Tensor
        switch kind {
        case .euler:
            result = try EulerSampler.sample(x, schedule: schedule, denoise: denoise, onStep: onStep)
        case .eulerAncestral:
            result = try EulerAncestralSampler.sample(
                x, schedule: schedule, eta: eta ?? 1, random: &random, denoise: denoise, onStep: onStep)
        case .heun:
            result = try HeunSampler.sample(x, schedule: schedule, denoise: denoise, onStep: onStep)
        case .dpm2:
            result = try DPM2Sampler.sample(x, schedule: schedule, denoise: denoise, onStep: onStep)
        case .dpmpp2m:
            result = try DPMPP2MSampler.sample(x, schedule: schedule, denoise: denoise, onStep: onStep)
        case .dpmpp2mSDE:
            result = try DPMPP2MSDESampler.sample(
                x, schedule: schedule, eta: eta ?? 1, random: &random, denoise: denoise, onStep: onStep)
        case .dpmppSDE:
            result = try DPMPPSDESampler.sample(
                x, schedule: schedule, eta: eta ?? 1, random: &random, brownianTree: brownianTree,
                denoise: denoise, onStep: onStep)
        case .ddim:
            result = try DDIMSampler.sample(
                x, schedule: schedule, eta: eta ?? 0, random: &random, denoise: denoise, onStep: onStep)
        case .lcm:
            result = try LCMSampler.sample(x, schedule: schedule, random: &random, denoise: denoise, onStep: onStep)
        case .lms:
            result = try LMSSampler.sample(x, schedule: schedule, denoise: denoise, onStep: onStep)
        }
        let scale = schedule.finalLatentScale
        return scale == 1 ? result : result * Float(scale)
    }
}
