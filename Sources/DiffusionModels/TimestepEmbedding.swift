import Foundation
import Layers
import Tensors

/// The UNet's timestep embedding: the sinusoidal projection of Vaswani et al. (diffusers
/// `get_timestep_embedding`, computed in Float32 as torch does) followed by `linear_1 → SiLU → linear_2`.
struct TimestepEmbedding: Sendable {
    let linear1: Linear
    let linear2: Linear
    let channels: Int
    let flipSinToCos: Bool
    let frequencyShift: Int

    init(from weights: WeightReader, prefix p: String, channels: Int, width: Int, flipSinToCos: Bool, frequencyShift: Int) {
        linear1 = Linear(from: weights, prefix: p + "linear_1", inputs: channels, outputs: width)
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

    /// [N, width] embedding of `timesteps`.
    func callAsFunction(_ timesteps: [Float]) -> Tensor {
        linear2(linear1(sinusoid(timesteps)).silu())
    }
}
