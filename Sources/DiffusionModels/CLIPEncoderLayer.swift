import Layers
import Tensors

/// One pre-LayerNorm transformer layer of the CLIP text encoder (transformers `CLIPEncoderLayer`):
/// `x + attn(ln1(x))` with a causal mask, then `x + fc2(act(fc1(ln2(x))))`.
struct CLIPEncoderLayer: Sendable {
    let layerNorm1: LayerNorm
    let queryProjection: Linear
    let keyProjection: Linear
    let valueProjection: Linear
    let outputProjection: Linear
    let layerNorm2: LayerNorm
    let fc1: Linear
    let fc2: Linear
    let heads: Int
    let activation: CLIPTextConfiguration.Activation

    init(from weights: WeightReader, prefix p: String, configuration c: CLIPTextConfiguration) {
        let width = c.hiddenSize
        layerNorm1 = LayerNorm(from: weights, prefix: p + "layer_norm1", width: width, epsilon: c.layerNormEpsilon)
        queryProjection = Linear(from: weights, prefix: p + "self_attn.q_proj", inputs: width, outputs: width)
        keyProjection = Linear(from: weights, prefix: p + "self_attn.k_proj", inputs: width, outputs: width)
        valueProjection = Linear(from: weights, prefix: p + "self_attn.v_proj", inputs: width, outputs: width)
        outputProjection = Linear(from: weights, prefix: p + "self_attn.out_proj", inputs: width, outputs: width)
        layerNorm2 = LayerNorm(from: weights, prefix: p + "layer_norm2", width: width, epsilon: c.layerNormEpsilon)
        fc1 = Linear(from: weights, prefix: p + "mlp.fc1", inputs: width, outputs: c.intermediateSize)
        fc2 = Linear(from: weights, prefix: p + "mlp.fc2", inputs: c.intermediateSize, outputs: width)
        heads = c.heads
        activation = c.activation
    }

    /// `x` [B, L, width] → [B, L, width].
    func callAsFunction(_ x: Tensor) -> Tensor {
        let normed = layerNorm1(x)
        let headWidth = x.shape[2] / heads
        let attended = Tensor.attention(
            query: queryProjection(normed), key: keyProjection(normed), value: valueProjection(normed),
            heads: heads, scale: 1 / Float(headWidth).squareRoot(), causal: true)
        let h = x + outputProjection(attended)
        let hidden = fc1(layerNorm2(h))
        let activated = activation == .quickGELU ? hidden.quickGELU() : hidden.gelu()
        return h + fc2(activated)
    }
}
