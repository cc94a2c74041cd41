import Foundation
import Layers
import Tensors

/// The transformer block of an AnimateDiff motion module (official `TemporalTransformerBlock` with
/// `attention_block_types: [Temporal_Self, Temporal_Self]`): two pre-LN self-attentions along the
/// frame axis, each with the sinusoidal frame position added to its (normalised) input only, then a
/// pre-LN GEGLU feed-forward; each sublayer is added to the stream.
struct TemporalTransformerBlock: Sendable {
    let norms: [LayerNorm]
    let attentionBlocks: [Attention]
    let ffNorm: LayerNorm
    let ff: FeedForward
    /// Position table [maxFrames, width]: row p is the encoding of frame p of the window.
    let positionalEncoding: Tensor

    init(from weights: WeightReader, prefix p: String, width: Int, heads: Int, maxFrames: Int) {
        norms = (0..<2).map { LayerNorm(from: weights, prefix: p + "norms.\($0)", width: width, epsilon: 1e-5) }
        attentionBlocks = (0..<2).map {
            Attention(
                from: weights, prefix: p + "attention_blocks.\($0)", queryWidth: width, contextWidth: width, heads: heads,
                innerWidth: width)
        }
        ffNorm = LayerNorm(from: weights, prefix: p + "ff_norm", width: width, epsilon: 1e-5)
        ff = FeedForward(from: weights, prefix: p + "ff", width: width, innerWidth: 4 * width)
        positionalEncoding = Self.sinusoids(frames: maxFrames, width: width)
    }

    /// `x` [sequences, frames, width] (one sequence per pixel and video) → the same shape.
    func callAsFunction(_ x: Tensor) -> Tensor {
        let frames = x.shape[1]
        let positions = positionalEncoding.slice(axis: 0, 0..<frames)
        var h = x
        for (norm, attention) in zip(norms, attentionBlocks) {
            h = h + attention(norm(h) + positions)
        }
        return h + ff(ffNorm(h))
    }

    /// The transformer position table (Vaswani et al. 2017) the official `PositionalEncoding`
    /// computes: `PE[p, 2i] = sin(p·10000^(−2i/width))`, `PE[p, 2i+1] = cos(…)`, in Float32 as torch does.
    static func sinusoids(frames: Int, width: Int) -> Tensor {
        var values = [Float](repeating: 0, count: frames * width)
        let rate = Float(-log(10000.0) / Double(width))
        for i in 0..<(width / 2) {
            let frequency = exp(Float(2 * i) * rate)
            for position in 0..<frames {
                let angle = Float(position) * frequency
                values[position * width + 2 * i] = sin(angle)
                values[position * width + 2 * i + 1] = cos(angle)
            }
        }
        return Tensor(shape: [frames, width], scalars: values)
    }
}
