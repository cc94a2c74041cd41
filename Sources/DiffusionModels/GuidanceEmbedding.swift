import Foundation
import Tensors

/// The guidance-scale embedding of Latent Consistency Models (Luo et al. 2023), the UNet's
/// `timestep_cond` when its config has `time_cond_proj_dim`: sinusoidal features of `1000·w`, as
/// diffusers' `LatentConsistencyModelPipeline.get_guidance_scale_embedding` computes them in Float32
/// (`[sin, cos]` halves, frequencies `exp(-i·ln(10000)/(half−1))`, a zero column when `dimension` is odd).
public enum GuidanceEmbedding {
    /// [1, dimension] features of `w` (the pipeline passes `guidance_scale − 1`).
    public static func features(_ w: Float, dimension: Int) -> Tensor {
        let half = dimension / 2
        let step = Float(log(10000.0)) / Float(half - 1)
        let scaled = w * 1000
        var values = [Float](repeating: 0, count: dimension)
        for index in 0..<half {
            let angle = scaled * Float(exp(Double(Float(index) * -step)))
            values[index] = sin(angle)
            values[half + index] = cos(angle)
        }
        return Tensor(shape: [1, dimension], scalars: values)
    }
}
