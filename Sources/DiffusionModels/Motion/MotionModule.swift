import Layers
import Tensors

/// One AnimateDiff motion module (official `VanillaTemporalModule` → `TemporalTransformer3DModel`,
/// Guo et al. 2023): GroupNorm per frame, `proj_in`, one temporal transformer block attending across
/// the frames at each pixel, `proj_out`, plus the input. Key prefix `….temporal_transformer.`.
///
/// The input holds whole videos with their frames contiguous: item `b·frames + f` is frame f of
/// video b. With `proj_out` zero (as trained modules start) the module is the identity.
public struct MotionModule: Sendable {
    let norm: GroupNorm
    let projIn: Linear
    let transformerBlocks: [TemporalTransformerBlock]
    let projOut: Linear

    /// Floats of the feed-forward's widest activation (8·width per token) per transformer pass:
    /// bounds its memory (64 MB) however many pixels and frames there are.
    static let chunkBudget = 1 << 24

    init(from weights: WeightReader, prefix p: String, width: Int, configuration c: MotionAdapterConfiguration) {
        norm = GroupNorm(from: weights, prefix: p + "norm", channels: width, groups: c.normGroups, epsilon: 1e-6)
        projIn = Linear(from: weights, prefix: p + "proj_in", inputs: width, outputs: width)
        transformerBlocks = [
            TemporalTransformerBlock(
                from: weights, prefix: p + "transformer_blocks.0.", width: width, heads: c.heads, maxFrames: c.maxFrames)
        ]
        projOut = Linear(from: weights, prefix: p + "proj_out", inputs: width, outputs: width)
    }

    /// `x` [videos·frames, C, H, W] → the same shape. `sequencesPerPass` overrides the memory-bound
    /// number of pixel sequences per transformer pass (the result does not depend on it).
    func callAsFunction(_ x: Tensor, frames: Int, sequencesPerPass: Int? = nil) -> Tensor {
        let (items, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let videos = items / frames
        let pixels = height * width
        // [videos, frames, C, HW] → [videos, HW, frames, C]: one sequence of frames per pixel.
        let sequences = norm(x).reshaped([videos, frames, channels, pixels]).permuted([0, 3, 1, 2])
            .reshaped([videos * pixels, frames, channels])
        let count = videos * pixels
        let chunk = max(1, sequencesPerPass ?? Self.chunkBudget / (frames * 8 * channels))
        var outputs: [Tensor] = []
        for start in stride(from: 0, to: count, by: chunk) {
            var h = projIn(sequences.slice(axis: 0, start..<min(start + chunk, count)))
            for block in transformerBlocks {
                h = block(h)
            }
            outputs.append(projOut(h))
        }
        let joined = outputs.count == 1 ? outputs[0] : Tensor.concatenate(outputs, axis: 0)
        return joined.reshaped([videos, pixels, frames, channels]).permuted([0, 2, 3, 1])
            .reshaped([items, channels, height, width]) + x
    }
}
