import Foundation

/// How the sigmas of a run are chosen (the CLI's `--schedule`).
public enum ScheduleKind: String, CaseIterable, Sendable, Codable {
    /// diffusers' own timesteps for the sampler's scheduler with the SD1.5 configuration
    /// (`timestep_spacing` from the model, `leading` with `steps_offset: 1` by default).
    case discrete
    /// k-diffusion's `DiscreteSchedule.get_sigmas` (A1111 "Automatic", ComfyUI `normal`).
    case normal
    /// Karras et al. (2022) ρ = 7 spacing, as diffusers' `use_karras_sigmas`.
    case karras
    /// Evenly spaced in log σ, as diffusers' `use_exponential_sigmas`.
    case exponential
}

extension ScheduleKind {
    /// A schedule name as the CLI or a settings file gives it (case-insensitive).
    /// - Throws: `SamplersError.unknownSchedule` listing the valid names.
    public static func parse(_ name: String) throws -> ScheduleKind {
        guard let kind = ScheduleKind(rawValue: name.lowercased()) else {
            throw SamplersError.unknownSchedule(name: name, valid: allCases.map(\.rawValue))
        }
        return kind
    }
}

/// How diffusers spaces the timesteps of a `discrete` schedule (`timestep_spacing`).
public enum TimestepSpacing: String, CaseIterable, Sendable, Codable {
    /// Multiples of `trainSteps / steps` plus `steps_offset` (SD1.x's configuration).
    case leading
    /// Counted down from the last training step.
    case trailing
    /// Evenly spaced from 0 to `trainSteps − 1`.
    case linspace
}

/// The sigmas one sampling run visits, with the model timestep of each step and the scale of the
/// initial noise.
///
/// Sigmas are k-diffusion's noise levels: a latent at level σ is `x = x₀ + σ·ε` (diffusers' "Euler
/// space"). `sigmas` has one more entry than there are steps; the last is the level the run ends at
/// (0, or σ(t = 0) for DDIM as diffusers configures it for SD1.5).
public struct SigmaSchedule: Sendable, Equatable {
    /// Noise level before each step, then the final level.
    public var sigmas: [Double]
    /// The model timestep of each step's first model evaluation (diffusers' `scheduler.timesteps`
    /// without the repeats of second-order schedulers).
    public var timesteps: [Double]
    /// What unit Gaussian noise is multiplied by to start txt2img (diffusers' `init_noise_sigma`
    /// expressed in k-diffusion's space).
    public var initialNoiseScale: Double
    /// Which kind of schedule this is.
    public var kind: ScheduleKind

    public init(sigmas: [Double], timesteps: [Double], initialNoiseScale: Double, kind: ScheduleKind = .discrete) {
        precondition(sigmas.count == timesteps.count + 1, "a schedule has one more sigma than timesteps")
        self.kind = kind
        self.sigmas = sigmas
        self.timesteps = timesteps
        self.initialNoiseScale = initialNoiseScale
    }

    /// Number of sampler steps.
    public var steps: Int { timesteps.count }

    /// The timestep to give the model for an evaluation at `sigma` during `step`: the schedule's own
    /// timestep for the step's first evaluation (diffusers passes exactly these, rounded where its
    /// scheduler rounds them), else the log-σ interpolated timestep of `noise` (second-order
    /// midpoints, as diffusers' `_sigma_to_t`).
    public func modelTimestep(sigma: Double, step: Int, noise: NoiseSchedule) -> Double {
        step < steps && sigma == sigmas[step] ? timesteps[step] : noise.timestep(forSigma: sigma)
    }

    /// The final latent's scale: a run ends at `x = x₀ + σ_last·ε`, which diffusers' variance-preserving
    /// schedulers (DDIM) store as `x / √(1 + σ_last²)`.
    public var finalLatentScale: Double { 1 / (1 + sigmas[sigmas.count - 1] * sigmas[sigmas.count - 1]).squareRoot() }
}

extension SigmaSchedule {
    /// The schedule a `sampler` runs for `steps` steps of `kind` over `noise`, as the sampler's diffusers
    /// scheduler computes it (`discrete`, `karras`, `exponential`) or as k-diffusion does (`normal`).
    ///
    /// `finalAlphaIsOne` is diffusers' `set_alpha_to_one` for DDIM: its last step ends at σ = 0.
    ///
    /// - Throws: `SamplersError.invalidSteps` when `steps` is not in 1...trainSteps (or, for LCM, above
    ///   its 50 distillation steps).
    public static func make(
        sampler: SamplerKind, kind: ScheduleKind, steps: Int, noise: NoiseSchedule = .sd15,
        spacing: TimestepSpacing = .leading, stepsOffset: Int = 1, finalAlphaIsOne: Bool = false
    ) throws -> SigmaSchedule {
        let limit = sampler == .lcm ? LCMSampler.originalSteps : noise.trainSteps
        guard steps >= 1, steps <= limit else { throw SamplersError.invalidSteps(steps, maximum: limit) }
        if kind == .normal { return kDiffusionNormal(steps: steps, noise: noise) }
        let multistep = sampler == .dpmpp2m || sampler == .dpmpp2mSDE
        let variancePreserving = multistep || sampler == .ddim || sampler == .lcm
        var timesteps: [Double]
        if sampler == .lcm && kind == .discrete {
            timesteps = LCMSampler.timesteps(steps: steps, trainSteps: noise.trainSteps)
        } else {
            timesteps = discreteTimesteps(
                steps: steps, trainSteps: noise.trainSteps, spacing: spacing, stepsOffset: stepsOffset,
                multistep: multistep)
            // DDIM rounds its `linspace` timesteps to integers.
            if sampler == .ddim && spacing == .linspace { timesteps = timesteps.map { $0.rounded(.toNearestOrEven) } }
        }
        var sigmas = timesteps.map { noise.sigma(atTimestep: $0) }
        switch kind {
        case .discrete, .normal:
            break
        case .karras, .exponential:
            // DPM-Solver converts the full training range; the k-diffusion-style schedulers convert the
            // range their timesteps span.
            let high = multistep ? noise.sigmaMax : sigmas[0]
            let low = multistep ? noise.sigmaMin : sigmas[sigmas.count - 1]
            sigmas = kind == .karras
                ? karrasSigmas(steps: steps, sigmaMin: low, sigmaMax: high)
                : exponentialSigmas(steps: steps, sigmaMin: low, sigmaMax: high)
            timesteps = sigmas.map { noise.timestep(forSigma: $0) }
            // diffusers rounds Karras timesteps in DPM-Solver and KDPM2, and DPM-Solver stores its
            // timesteps as integers (truncating the exponential ones).
            if (multistep || sampler == .dpm2) && kind == .karras {
                timesteps = timesteps.map { $0.rounded(.toNearestOrEven) }
            } else if multistep {
                timesteps = timesteps.map { $0.rounded(.towardZero) }
            }
        }
        let last = sampler == .ddim && kind == .discrete && !finalAlphaIsOne ? noise.sigmaMin : 0
        let float32Sigmas = (sigmas + [last]).map { Double(Float($0)) }
        let first = float32Sigmas[0]
        let keepsVarianceOne = variancePreserving || spacing == .leading
        let scale = keepsVarianceOne ? (first * first + 1).squareRoot() : first
        return SigmaSchedule(sigmas: float32Sigmas, timesteps: timesteps, initialNoiseScale: scale, kind: kind)
    }

    /// diffusers' integer timesteps for `spacing` (DPM-Solver's multistep scheduler divides the range
    /// into `steps + 1` parts and drops the last).
    static func discreteTimesteps(
        steps: Int, trainSteps: Int, spacing: TimestepSpacing, stepsOffset: Int, multistep: Bool
    ) -> [Double] {
        switch spacing {
        case .leading:
            let parts = multistep ? steps + 1 : steps
            let ratio = trainSteps / parts
            return (0..<steps).reversed().map { Double(($0 + (multistep ? 1 : 0)) * ratio + stepsOffset) }
        case .trailing:
            let ratio = Double(trainSteps) / Double(steps)
            return (0..<steps).map { (Double(trainSteps) - Double($0) * ratio).rounded(.toNearestOrEven) - 1 }
        case .linspace:
            if multistep {
                let last = Double(trainSteps - 1)
                let step = last / Double(steps)
                return (1...steps).reversed().map { (Double($0) * step).rounded(.toNearestOrEven) }
            }
            let last = Double(trainSteps - 1)
            let step = steps == 1 ? 0 : last / Double(steps - 1)
            return (0..<steps).reversed().map { $0 == steps - 1 && steps > 1 ? last : Double(Float(Double($0) * step)) }
        }
    }

    /// k-diffusion's `DiscreteSchedule.get_sigmas(n)`: timesteps evenly spaced from the last training
    /// step to 0, σ by log-σ interpolation, then 0. The schedule is CompVis's (A1111, ComfyUI).
    static func kDiffusionNormal(steps: Int, noise: NoiseSchedule) -> SigmaSchedule {
        let compVis = NoiseSchedule(
            trainSteps: noise.trainSteps, betaStart: noise.betaStart, betaEnd: noise.betaEnd,
            betaSchedule: noise.betaSchedule, precision: .compVis)
        let last = Double(noise.trainSteps - 1)
        let timesteps = NoiseSchedule.float32Linspace(last, 0, steps).map { steps == 1 ? last : $0 }
        let sigmas = timesteps.map { Double(Float(compVis.sigmaLogInterpolated(atTimestep: $0))) } + [0]
        return SigmaSchedule(sigmas: sigmas, timesteps: timesteps, initialNoiseScale: sigmas[0], kind: .normal)
    }

    /// Karras et al.'s schedule: (σ_max^(1/ρ) + r·(σ_min^(1/ρ) − σ_max^(1/ρ)))^ρ for r evenly spaced in [0, 1], ρ = 7.
    public static func karrasSigmas(steps: Int, sigmaMin: Double, sigmaMax: Double, rho: Double = 7) -> [Double] {
        let minInv = pow(sigmaMin, 1 / rho)
        let maxInv = pow(sigmaMax, 1 / rho)
        return numpyLinspace(0, 1, steps).map { pow(maxInv + $0 * (minInv - maxInv), rho) }
    }

    /// σ evenly spaced in log σ from `sigmaMax` to `sigmaMin`.
    public static func exponentialSigmas(steps: Int, sigmaMin: Double, sigmaMax: Double) -> [Double] {
        numpyLinspace(log(sigmaMax), log(sigmaMin), steps).map { exp($0) }
    }

    /// `np.linspace(start, stop, count)`: start + i·step with step = (stop − start)/(count − 1), and
    /// the last value exactly `stop`.
    static func numpyLinspace(_ start: Double, _ stop: Double, _ count: Int) -> [Double] {
        guard count > 1 else { return count == 1 ? [start] : [] }
        let step = (stop - start) / Double(count - 1)
        return (0..<count).map { $0 == count - 1 ? stop : Double($0) * step + start }
    }
}
