import Layers
import Tensors

/// One up level of the UNet (diffusers `CrossAttnUpBlock2D` / `UpBlock2D`): `layers_per_block + 1`
/// resnets, each fed the previous output concatenated with the matching skip connection, each
/// followed by a spatial transformer in cross-attention levels, then an upsampler except at the
/// last level.
struct UNetUpBlock: Sendable {
    let resnets: [ResnetBlock2D]
    let attentions: [Transformer2DModel]
    let upsampler: Upsample2D?

    /// - Parameter level: index among the up blocks (0 = deepest).
    init(from weights: WeightReader, prefix p: String, level: Int, configuration c: UNetConfiguration) {
        let reversed = Array(c.blockOutChannels.reversed())
        let reversedHeads = Array(c.attentionHeads.reversed())
        let outputs = reversed[level]
        let previousOutputs = reversed[max(level - 1, 0)]
        let skipInputs = reversed[min(level + 1, reversed.count - 1)]
        let timeWidth = 4 * c.blockOutChannels[0]
        let count = c.layersPerBlock + 1
        resnets = (0..<count).map { index in
            let skipChannels = index == count - 1 ? skipInputs : outputs
            let inputs = (index == 0 ? previousOutputs : outputs) + skipChannels
            return ResnetBlock2D(
                from: weights, prefix: p + "resnets.\(index).", inputs: inputs, outputs: outputs, groups: c.normGroups,
                epsilon: c.normEpsilon, timeEmbeddingWidth: timeWidth)
        }
        attentions = c.upBlockTypes[level] == "CrossAttnUpBlock2D"
            ? (0..<count).map { index in
                Transformer2DModel(
                    from: weights, prefix: p + "attentions.\(index).", channels: outputs, heads: reversedHeads[level],
                    contextWidth: c.crossAttentionDim, groups: c.normGroups, linearProjection: c.useLinearProjection)
            } : []
        upsampler = level == reversed.count - 1 ? nil : Upsample2D(from: weights, prefix: p + "upsamplers.0.", channels: outputs)
    }

    /// Runs the level on `x`, consuming skip connections from the end of `skips`; the upsampler
    /// matches the size of the skip the next level takes first. A motion module, when given,
    /// follows each resnet (and its spatial transformer), before the upsampler.
    func callAsFunction(_ x: Tensor, pass: UNetPass, motionModules: [MotionModule], skips: inout [Tensor]) -> Tensor {
        var h = x
        for (index, resnet) in resnets.enumerated() {
            let skip = skips.removeLast()
            h = pass.perItem(Tensor.concatenate([h, skip], axis: 1)) { x, time, context in
                let r = resnet(x, activatedTime: time, normFrames: pass.normFrames)
                return attentions.isEmpty ? r : attentions[index](r, context: context)
            }
            h = pass.motion(motionModules.isEmpty ? nil : motionModules[index], h)
        }
        if let upsampler {
            let target = skips.last
            h = pass.perItem(h) { x, _, _ in upsampler(x, height: target?.shape[2], width: target?.shape[3]) }
        }
        return h
    }
}
