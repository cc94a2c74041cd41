import Layers
import Tensors

/// The UNet's transformer block (diffusers `BasicTransformerBlock`, Vaswani et al. 2017 as used by
/// Rombach et al. 2022): pre-LN self-attention, cross-attention to the text, GEGLU feed-forward,
/// each added to its input.
struct BasicTransformerBlock: Sendable {
    let norm1: LayerNorm
    let selfAttention: Attention
    let norm2: LayerNorm
    let crossAttention: Attention
    let norm3: LayerNorm
    let feedForward: FeedForward

    init(from weights: WeightReader, prefix p: String, width: Int, heads: Int, contextWidth: Int) {
        norm1 = LayerNorm(from: weights, prefix: p + "norm1", width: width, epsilon: 1e-5)
        selfAttention = Attention(
            from: weights, prefix: p + "attn1", queryWidth: width, contextWidth: width, heads: heads, innerWidth: width)
        norm2 = LayerNorm(from: weights, prefix: p + "norm2", width: width, epsilon: 1e-5)
        crossAttention = Attention(
            from: weights, prefix: p + "attn2", queryWidth: width, contextWidth: contextWidth, heads: heads, innerWidth: width)
        norm3 = LayerNorm(from: weights, prefix: p + "norm3", width: width, epsilon: 1e-5)
        feedForward = FeedForward(from: weights, prefix: p + "ff", width: width, innerWidth: 4 * width)
    }

    /// `x` [B, HW, width], `context` [B, L, contextWidth] → [B, HW, width].
    func callAsFunction(_ x: Tensor, context: Tensor) -> Tensor {
        var h = x + selfAttention(norm1(x))
        h = h + crossAttention(norm2(h), context: context)
        return h + feedForward(norm3(h))
    }
}
