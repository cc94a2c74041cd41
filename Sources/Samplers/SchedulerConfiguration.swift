/// The sampling-related keys of a diffusers `scheduler/scheduler_config.json` (or of a checkpoint's
/// known configuration): the training noise schedule, how timesteps are spaced, and what the model
/// predicts. Missing keys take SD1.5's values.
public struct SchedulerConfiguration: Sendable, Equatable, Codable {
    public var trainSteps: Int
    public var betaStart: Double
    public var betaEnd: Double
    public var betaSchedule: NoiseSchedule.BetaSchedule
    public var spacing: TimestepSpacing
    public var stepsOffset: Int
    public var prediction: Parameterization
    /// DDIM's final step goes to ᾱ = 1 (a clean image) instead of ᾱ at t = 0 (diffusers
    /// `set_alpha_to_one`; false in SD1.5's configuration, true in `DDIMScheduler`'s defaults, which
    /// the official AnimateDiff pipeline uses).
    public var setAlphaToOne = false

    /// Stable Diffusion 1.x: `scaled_linear` 0.00085 → 0.012 over 1000 steps, `leading` spacing with
    /// `steps_offset: 1`, ε-prediction.
    public static let sd15 = SchedulerConfiguration(
        trainSteps: 1000, betaStart: 0.00085, betaEnd: 0.012, betaSchedule: .scaledLinear, spacing: .leading,
        stepsOffset: 1, prediction: .epsilon)

    public init(
        trainSteps: Int, betaStart: Double, betaEnd: Double, betaSchedule: NoiseSchedule.BetaSchedule,
        spacing: TimestepSpacing, stepsOffset: Int, prediction: Parameterization
    ) {
        self.trainSteps = trainSteps
        self.betaStart = betaStart
        self.betaEnd = betaEnd
        self.betaSchedule = betaSchedule
        self.spacing = spacing
        self.stepsOffset = stepsOffset
        self.prediction = prediction
    }

    /// The training noise schedule these keys describe.
    public var noiseSchedule: NoiseSchedule {
        NoiseSchedule(trainSteps: trainSteps, betaStart: betaStart, betaEnd: betaEnd, betaSchedule: betaSchedule)
    }

    enum CodingKeys: String, CodingKey {
        case trainSteps = "num_train_timesteps"
        case betaStart = "beta_start"
        case betaEnd = "beta_end"
        case betaSchedule = "beta_schedule"
        case spacing = "timestep_spacing"
        case stepsOffset = "steps_offset"
        case prediction = "prediction_type"
        case setAlphaToOne = "set_alpha_to_one"
    }

    /// Decodes the keys present and keeps SD1.5's value for the others. Unknown values (for example
    /// `beta_schedule: "squaredcos_cap_v2"`) fail with a `DecodingError` naming the key.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let base = Self.sd15
        trainSteps = try container.decodeIfPresent(Int.self, forKey: .trainSteps) ?? base.trainSteps
        betaStart = try container.decodeIfPresent(Double.self, forKey: .betaStart) ?? base.betaStart
        betaEnd = try container.decodeIfPresent(Double.self, forKey: .betaEnd) ?? base.betaEnd
        betaSchedule =
            try container.decodeIfPresent(NoiseSchedule.BetaSchedule.self, forKey: .betaSchedule) ?? base.betaSchedule
        spacing = try container.decodeIfPresent(TimestepSpacing.self, forKey: .spacing) ?? base.spacing
        stepsOffset = try container.decodeIfPresent(Int.self, forKey: .stepsOffset) ?? base.stepsOffset
        prediction = try container.decodeIfPresent(Parameterization.self, forKey: .prediction) ?? base.prediction
        setAlphaToOne = try container.decodeIfPresent(Bool.self, forKey: .setAlphaToOne) ?? base.setAlphaToOne
        guard trainSteps >= 2, betaStart > 0, betaEnd > betaStart, betaEnd < 1 else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: [], debugDescription: "num_train_timesteps must be ≥ 2 and 0 < beta_start < beta_end < 1"))
        }
    }
}
