import Layers
import Tensors

/// The single-head self-attention over all pixels in the VAE's mid block (diffusers `Attention`
/// with `group_norm`, `residual_connection`, biases on q/k/v): `x + to_out(attn(group_norm(x)))`.
struct VAEAttentionBlock: Sendable {
    let groupNorm: GroupNorm
    let attention: Attention

    init(from weights: WeightReader, prefix p: String, channels: Int, groups: Int) {
        groupNorm = GroupNorm(from: weights, prefix: p + "group_norm", channels: channels, groups: groups, epsilon: 1e-6)
        attention = Attention(
            from: weights, prefix: String(p.dropLast()), queryWidth: channels, contextWidth: channels, heads: 1,
            innerWidth: channels, projectionBias: true)
    }

    /// `x` [N, C, H, W] → [N, C, H, W].
    func callAsFunction(_ x: Tensor) -> Tensor {
        let (n, c, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let tokens = groupNorm(x).reshaped([n, c, height * width]).permuted([0, 2, 1])
        let attended = attention(tokens)
        return attended.permuted([0, 2, 1]).reshaped([n, c, height, width]) + x
    }
}
