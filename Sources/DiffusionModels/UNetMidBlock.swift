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

    func callAsFunction(_ x: Tensor, activatedTime: Tensor, context: Tensor) -> Tensor {
        resnet1(attention(resnet0(x, activatedTime: activatedTime), context: context), activatedTime: activatedTime)
    }
}
