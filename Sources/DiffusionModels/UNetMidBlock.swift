import Layers
import Tensors

/// The UNet's bottleneck (diffusers `UNetMidBlock2DCrossAttn`): resnet, spatial transformer, resnet.
struct UNetMidBlock: Sendable {
    let resnet0: ResnetBlock2D
    let attention: Transformer2DModel
    let resnet1: ResnetBlock2D

    init(from weights: WeightReader, prefix p: String, configuration c: UNetConfiguration) {
        let channels = c.blockOutChannels[c.blockOutChannels.count - 1]
        let timeWidth = 4 * c.blockOutChannels[0]
        resnet0 = ResnetBlock2D(
            from: weights, prefix: p + "resnets.0.", inputs: channels, outputs: channels, groups: c.normGroups,
            epsilon: c.normEpsilon, timeEmbeddingWidth: timeWidth)
        attention = Transformer2DModel(
            from: weights, prefix: p + "attentions.0.", channels: channels, heads: c.attentionHeads[c.attentionHeads.count - 1],
            contextWidth: c.crossAttentionDim, groups: c.normGroups, linearProjection: c.useLinearProjection)
        resnet1 = ResnetBlock2D(
            from: weights, prefix: p + "resnets.1.", inputs: channels, outputs: channels, groups: c.normGroups,
            epsilon: c.normEpsilon, timeEmbeddingWidth: timeWidth)
    }

    /// resnet → attention → (v2 motion module) → resnet, the official AnimateDiff order.
    func callAsFunction(_ x: Tensor, pass: UNetPass, motionModule: MotionModule?) -> Tensor {
        var h = pass.perItem(x) { x, time, context in
            attention(resnet0(x, activatedTime: time, normFrames: pass.normFrames), context: context)
        }
        h = pass.motion(motionModule, h)
        return pass.perItem(h) { x, time, _ in resnet1(x, activatedTime: time, normFrames: pass.normFrames) }
    }
}
