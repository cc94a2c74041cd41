import Layers
import Tensors

/// The residual block of the UNet and the VAE (diffusers `ResnetBlock2D`, after Ho et al. 2020):
/// `norm1 → SiLU → conv1 (+ time_emb_proj(SiLU(temb))) → norm2 → SiLU → conv2`, added to the input,
/// which a 1×1 `conv_shortcut` projects when the channel count changes.
struct ResnetBlock2D: Sendable {
    let norm1: GroupNorm
    let conv1: Conv2d
    let timeEmbeddingProjection: Linear?
    let norm2: GroupNorm
    let conv2: Conv2d
    let convShortcut: Conv2d?

    /// - Parameter timeEmbeddingWidth: width of the time embedding, or nil for the VAE's blocks.
    init(
        from weights: WeightReader, prefix p: String, inputs: Int, outputs: Int, groups: Int, epsilon: Float,
        timeEmbeddingWidth: Int?
    ) {
        norm1 = GroupNorm(from: weights, prefix: p + "norm1", channels: inputs, groups: groups, epsilon: epsilon)
        conv1 = Conv2d(from: weights, prefix: p + "conv1", inputs: inputs, outputs: outputs, kernel: 3, padding: .uniform(1))
        timeEmbeddingProjection = timeEmbeddingWidth.map {
            Linear(from: weights, prefix: p + "time_emb_proj", inputs: $0, outputs: outputs)
        }
        norm2 = GroupNorm(from: weights, prefix: p + "norm2", channels: outputs, groups: groups, epsilon: epsilon)
        conv2 = Conv2d(from: weights, prefix: p + "conv2", inputs: outputs, outputs: outputs, kernel: 3, padding: .uniform(1))
        convShortcut = inputs == outputs
            ? nil : Conv2d(from: weights, prefix: p + "conv_shortcut", inputs: inputs, outputs: outputs, kernel: 1)
    }

    /// `x` [N, in, H, W]; `activatedTime` = SiLU(time embedding) [N, width] (nil in the VAE) → [N, out, H, W].
    /// `normFrames` > 1 takes the norms' statistics over that many consecutive items together
    /// (AnimateDiff v1's cross-frame GroupNorm).
    func callAsFunction(_ x: Tensor, activatedTime: Tensor? = nil, normFrames: Int = 1) -> Tensor {
        var h = conv1(norm1(x, applySiLU: true, frames: normFrames))
        if let projection = timeEmbeddingProjection, let activatedTime {
            let t = projection(activatedTime)
            h = h + t.reshaped([t.shape[0], t.shape[1], 1, 1])
        }
        h = conv2(norm2(h, applySiLU: true, frames: normFrames))
        return (convShortcut?(x) ?? x) + h
    }
}
