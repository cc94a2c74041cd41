import Tensors

/// What a diffusion model predicts, and how to turn its raw output into the denoised latent the
/// samplers work with (k-diffusion's `CompVisDenoiser` / `CompVisVDenoiser` scalings).
///
/// A sampler calls its `Denoiser` with a latent `x = x₀ + σ·ε` (k-diffusion's space) and σ. The
/// pipeline builds that closure from a model in three steps: feed the model `inputScale(σ)·x` at
/// `noise.timestep(forSigma: σ)` (or the schedule's own timestep), combine the CFG outputs, then call
/// `denoised(x:modelOutput:sigma:)`.
public enum Parameterization: String, CaseIterable, Sendable, Codable {
    /// The model predicts the noise ε (`prediction_type: epsilon`, SD1.x).
    case epsilon
    /// The model predicts v = α·ε − σ_vp·x₀ (`prediction_type: v_prediction`, SD2.x 768).
    case vPrediction = "v_prediction"

    /// c_in = 1/√(σ² + 1): what `x` is multiplied by before it goes into the model (diffusers'
    /// `scale_model_input`).
    public static func inputScale(sigma: Double) -> Float {
        Float(1 / (sigma * sigma + 1).squareRoot())
    }

    /// The denoised prediction x₀ from the model's output at noise level `sigma`:
    /// ε-prediction: x − σ·ε; v-prediction: x/(σ² + 1) − σ/√(σ² + 1)·v.
    public func denoised(x: Tensor, modelOutput: Tensor, sigma: Double) -> Tensor {
        switch self {
        case .epsilon:
            return Tensor.weightedSum(x, 1, modelOutput, Float(-sigma))
        case .vPrediction:
            let skip = Float(1 / (sigma * sigma + 1))
            let out = Float(-sigma / (sigma * sigma + 1).squareRoot())
            return Tensor.weightedSum(x, skip, modelOutput, out)
        }
    }
}

/// The model as samplers see it: the denoised latent x₀ for a latent `x = x₀ + σ·ε` at noise level
/// `sigma`. `step` is the index of the sampler step the evaluation belongs to (0-based), for progress
/// reporting and per-step settings.
public typealias Denoiser = (_ x: Tensor, _ sigma: Double, _ step: Int) throws -> Tensor
