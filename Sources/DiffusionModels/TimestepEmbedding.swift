import Foundation
import Layers
import Tensors

/// The UNet's timestep embedding: the sinusoidal projection of Vaswani et al. (diffusers
/// `get_timestep_embedding`, computed in Float32 as torch does) followed by `linear_1 → SiLU → linear_2`;
/// with a condition width, `cond_proj(condition)` is added to the sinusoid first (diffusers
/// `TimestepEmbedding(cond_proj_dim:)`).
struct TimestepEmbedding: Sendable {
    let linear1: Linear
    let linear2: Linear
    let conditionProjection: Linear?
    let channels: Int
    let flipSinToCos: Bool
    let frequencyShift: Int

    init(
        from weights: WeightReader, prefix p: String, channels: Int, width: Int, flipSinToCos: Bool, frequencyShift: Int,
        conditionWidth: Int? = nil
    ) {
        linear1 = Linear(from: weights, prefix: p + "linear_1", inputs: channels, outputs: width)
        conditionProjection = conditionWidth.map { Linear(from: weights, prefix: p + "cond_proj", inputs: $0, outputs: channels, bias: false) }
        linear2 = Linear(from: weights, prefix: p + "linear_2", inputs: width, outputs: width)
        self.channels = channels
        self.flipSinToCos = flipSinToCos
        self.frequencyShift = frequencyShift
    }

    /// The sinusoidal features of `timesteps`: [N, channels], `[sin, cos]` halves (or `[cos, sin]`).
    func sinusoid(_ timesteps: [Float]) -> Tensor {
        let half = channels / 2
        let frequencies: [Float] = (0..<half).map { index in
            let exponent = -Float(log(10000.0)) * Float(index) / (Float(half) - Float(frequencyShift))
            return Float(exp(Double(exponent)))
        }
        return Tensor(shape: [timesteps.count, channels], unsafeUninitialized: { buffer in
            buffer.initialize(repeating: 0)
            for (row, t) in timesteps.enumerated() {
                for index in 0..<half {
                    let angle = t * frequencies[index]
                    let (first, second) = flipSinToCos ? (cos(angle), sin(angle)) : (sin(angle), cos(angle))
                    buffer[row * channels + index] = first
                    buffer[row * channels + half + index] = second
                }
            }
        })
    }

    /// [N, width] embedding of `timesteps`, with `condition` [N, conditionWidth] added through
    /// `cond_proj` when given (ignored by models without one).
    func callAsFunction(_ timesteps: [Float], condition: Tensor? = nil) -> Tensor {
        var features = sinusoid(timesteps)
        if let conditionProjection, let condition { features = features + conditionProjection(condition) }
        return linear2(linear1(features).silu())
    }
}
