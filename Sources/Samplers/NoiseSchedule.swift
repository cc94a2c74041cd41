import Foundation

/// The training noise schedule of a diffusion model: ᾱ_t for t = 0..<trainSteps, and the
/// k-diffusion sigmas σ_t = √((1 − ᾱ_t)/ᾱ_t) derived from it.
///
/// Matches diffusers' `betas`/`alphas_cumprod` construction (`scheduling_euler_discrete.py` and
/// siblings): float32 `torch.linspace` of the betas (or of their square roots for `scaled_linear`),
/// `1 − β`, then a cumulative product accumulated in double and stored as float32. The values here
/// are those float32 numbers held in `Double`. `compVis` precision instead computes everything in
/// double and rounds ᾱ once, as CompVis/A1111 models (and so k-diffusion's `DiscreteSchedule`) do.
public struct NoiseSchedule: Sendable, Equatable {
    /// How β grows over the training steps (the `beta_schedule` config key).
    public enum BetaSchedule: String, Sendable, Codable, CaseIterable {
        /// β linear in √β (Stable Diffusion 1.x/2.x).
        case scaledLinear = "scaled_linear"
        /// β linear.
        case linear
    }

    /// Whose arithmetic ᾱ is computed with.
    public enum Precision: Sendable {
        /// diffusers: float32 betas and float32 ᾱ.
        case diffusers
        /// CompVis/A1111: double throughout, ᾱ rounded to float32 at the end.
        case compVis
    }

    public let trainSteps: Int
    public let betaStart: Double
    public let betaEnd: Double
    public let betaSchedule: BetaSchedule
    /// ᾱ_t, t = 0..<trainSteps.
    public let alphasCumprod: [Double]
    /// σ_t = √((1 − ᾱ_t)/ᾱ_t), increasing in t.
    public let sigmas: [Double]
    /// log σ_t.
    public let logSigmas: [Double]

    /// Stable Diffusion 1.x: `scaled_linear` from 0.00085 to 0.012 over 1000 steps.
    public static let sd15 = NoiseSchedule(trainSteps: 1000, betaStart: 0.00085, betaEnd: 0.012, betaSchedule: .scaledLinear)

    public init(
        trainSteps: Int, betaStart: Double, betaEnd: Double, betaSchedule: BetaSchedule,
        precision: Precision = .diffusers
    ) {
        precondition(trainSteps >= 2, "a noise schedule needs at least two training steps")
        self.trainSteps = trainSteps
        self.betaStart = betaStart
        self.betaEnd = betaEnd
        self.betaSchedule = betaSchedule
        let betas: [Double]
        switch (betaSchedule, precision) {
        case (.scaledLinear, .diffusers):
            betas = Self.float32Linspace(betaStart.squareRoot(), betaEnd.squareRoot(), trainSteps).map {
                Double(Float($0) * Float($0))
            }
        case (.linear, .diffusers):
            betas = Self.float32Linspace(betaStart, betaEnd, trainSteps)
        case (.scaledLinear, .compVis):
            betas = Self.doubleLinspace(betaStart.squareRoot(), betaEnd.squareRoot(), trainSteps).map { $0 * $0 }
        case (.linear, .compVis):
            betas = Self.doubleLinspace(betaStart, betaEnd, trainSteps)
        }
        var product = 1.0
        var cumulative: [Double] = []
        cumulative.reserveCapacity(trainSteps)
        for beta in betas {
            let alpha = precision == .diffusers ? Double(1 - Float(beta)) : 1 - beta
            product *= alpha
            cumulative.append(Double(Float(product)))
        }
        alphasCumprod = cumulative
        sigmas = cumulative.map { Double(Float(((1 - $0) / $0).squareRoot())) }
        logSigmas = sigmas.map { Double(Float(Foundation.log($0))) }
    }

    /// The smallest and largest training sigma.
    public var sigmaMin: Double { sigmas[0] }
    public var sigmaMax: Double { sigmas[trainSteps - 1] }

    /// σ at a (possibly fractional) timestep by linear interpolation of σ, as `np.interp` in
    /// diffusers' `set_timesteps`; clamped to the training range.
    public func sigma(atTimestep t: Double) -> Double {
        let clamped = min(max(t, 0), Double(trainSteps - 1))
        let low = Int(clamped.rounded(.down))
        let high = min(low + 1, trainSteps - 1)
        let w = clamped - Double(low)
        return sigmas[low] + (sigmas[high] - sigmas[low]) * w
    }

    /// σ at a timestep by interpolating log σ, as k-diffusion's `DiscreteSchedule.t_to_sigma`.
    public func sigmaLogInterpolated(atTimestep t: Double) -> Double {
        let clamped = min(max(t, 0), Double(trainSteps - 1))
        let low = Int(clamped.rounded(.down))
        let high = Int(clamped.rounded(.up))
        let w = clamped - Double(low)
        return Foundation.exp((1 - w) * logSigmas[low] + w * logSigmas[high])
    }

    /// The (fractional) timestep whose σ is `sigma`, by interpolating in log σ between the two
    /// neighbouring training sigmas: diffusers' `_sigma_to_t` and k-diffusion's `sigma_to_t`.
    /// Sigmas outside the training range map to 0 or `trainSteps − 1`.
    public func timestep(forSigma sigma: Double) -> Double {
        let logSigma = Foundation.log(max(sigma, 1e-10))
        // low = last index with logSigmas[i] <= logSigma, clipped so that high = low + 1 exists.
        var count = 0
        for value in logSigmas where logSigma - value >= 0 { count += 1 }
        let low = min(max(count - 1, 0), trainSteps - 2)
        let high = low + 1
        var w = (logSigmas[low] - logSigma) / (logSigmas[low] - logSigmas[high])
        w = min(max(w, 0), 1)
        return (1 - w) * Double(low) + w * Double(high)
    }

    /// ᾱ for a sigma: 1/(1 + σ²).
    public static func alphaCumprod(forSigma sigma: Double) -> Double { 1 / (1 + sigma * sigma) }

    /// `torch.linspace(start, end, count, dtype=float32)` on the CPU: a float32 step, and each value
    /// start + step·i (first half) or end − step·(count−1−i) (second half) with one rounding.
    static func float32Linspace(_ start: Double, _ end: Double, _ count: Int) -> [Double] {
        let s = Float(start)
        let e = Float(end)
        let step = (e - s) / Float(count - 1)
        return (0..<count).map { i in
            if i < count / 2 { return Double(Float(Double(s) + Double(step) * Double(i))) }
            return Double(Float(Double(e) - Double(step) * Double(count - 1 - i)))
        }
    }

    /// `torch.linspace(start, end, count, dtype=float64)`.
    static func doubleLinspace(_ start: Double, _ end: Double, _ count: Int) -> [Double] {
        let step = (end - start) / Double(count - 1)
        return (0..<count).map { i in
            i < count / 2 ? start + step * Double(i) : end - step * Double(count - 1 - i)
        }
    }
}
