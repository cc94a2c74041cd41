import Tensors

/// Multi-head scaled dot-product attention with the diffusers key layout (`Attention` in
/// diffusers/models/attention_processor.py): `to_q`, `to_k`, `to_v` projections (bias optional,
/// absent in the UNet, present in the VAE) and the output projection `to_out.0` with bias.
/// Self-attention when no context is given, cross-attention otherwise.
public struct Attention: Sendable {
    public let toQ: Linear
    public let toK: Linear
    public let toV: Linear
    public let toOut: Linear
    public let heads: Int
    public let scale: Float

    /// - Parameters:
    ///   - queryWidth: channels of the attending sequence (and of the output).
    ///   - contextWidth: channels of the attended sequence (`queryWidth` for self-attention).
    ///   - heads: number of heads; each has `innerWidth / heads` channels.
    ///   - innerWidth: width of q, k and v.
    ///   - projectionBias: whether q/k/v have biases.
    public init(
        from weights: WeightReader, prefix: String, queryWidth: Int, contextWidth: Int, heads: Int,
        innerWidth: Int, projectionBias: Bool = false
    ) {
        toQ = Linear(from: weights, prefix: prefix + ".to_q", inputs: queryWidth, outputs: innerWidth, bias: projectionBias)
        toK = Linear(from: weights, prefix: prefix + ".to_k", inputs: contextWidth, outputs: innerWidth, bias: projectionBias)
        toV = Linear(from: weights, prefix: prefix + ".to_v", inputs: contextWidth, outputs: innerWidth, bias: projectionBias)
        toOut = Linear(from: weights, prefix: prefix + ".to_out.0", inputs: innerWidth, outputs: queryWidth)
        self.heads = heads
        self.scale = 1 / Float(innerWidth / heads).squareRoot()
    }

    /// `x` [B, Lq, queryWidth], `context` [B, Lk, contextWidth] (nil: self-attention) → [B, Lq, queryWidth].
    public func callAsFunction(_ x: Tensor, context: Tensor? = nil) -> Tensor {
        let source = context ?? x
        let attended = Tensor.attention(
            query: toQ(x), key: toK(source), value: toV(source), heads: heads, scale: scale)
        return toOut(attended)
    }
}
