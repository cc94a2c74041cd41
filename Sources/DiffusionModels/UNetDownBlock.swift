import Layers
import Tensors

/// One down level of the UNet (diffusers `CrossAttnDownBlock2D` / `DownBlock2D`): resnets, each
/// followed by a spatial transformer in cross-attention levels, then a stride-2 downsampler except
/// at the deepest level. Every intermediate output is kept for the skip connections.
struct UNetDownBlock: Sendable {
    let resnets: [ResnetBlock2D]
    let attentions: [Transformer2DModel]
    let downsampler: Downsample2D?

    init(from weights: WeightReader, prefix p: String, level: Int, inputs: Int, configuration c: UNetConfiguration) {
        let outputs = c.blockOutChannels[level]
        let timeWidth = 4 * c.blockOutChannels[0]
        resnets = (0..<c.layersPerBlock).map { index in
            ResnetBlock2D(
                from: weights, prefix: p + "resnets.\(index).", inputs: index == 0 ? inputs : outputs, outputs: outputs,
                groups: c.normGroups, epsilon: c.normEpsilon, timeEmbeddingWidth: timeWidth)
        }
        attentions = c.downBlockTypes[level] == "CrossAttnDownBlock2D"
            ? (0..<c.layersPerBlock).map { index in
                Transformer2DModel(
                    from: weights, prefix: p + "attentions.\(index).", channels: outputs, heads: c.attentionHeads[level],
                    contextWidth: c.crossAttentionDim, groups: c.normGroups, linearProjection: c.useLinearProjection)
            } : []
        downsampler = level == c.blockOutChannels.count - 1
            ? nil : Downsample2D(from: weights, prefix: p + "downsamplers.0.", channels: outputs, asymmetricPadding: false)
    }

    /// Runs the level on `x`, appending each output to `skips`. A motion module, when given, follows
    /// each resnet (and its spatial transformer), before the output is kept as a skip (official
    /// AnimateDiff placement; none after the downsampler).
    func callAsFunction(_ x: Tensor, pass: UNetPass, motionModules: [MotionModule], skips: inout [Tensor]) -> Tensor {
        var h = x
        for (index, resnet) in resnets.enumerated() {
            h = pass.perItem(h) { x, time, context in
                let r = resnet(x, activatedTime: time, normFrames: pass.normFrames)
                return attentions.isEmpty ? r : attentions[index](r, context: context)
            }
            h = pass.motion(motionModules.isEmpty ? nil : motionModules[index], h)
            skips.append(h)
        }
        if let downsampler {
            h = pass.perItem(h) { x, _, _ in downsampler(x) }
            skips.append(h)
        }
        return h
    }
}
