import Layers
import Tensors

/// The VAE's bottleneck (diffusers `UNetMidBlock2D` without time embedding): resnet, attention, resnet.
struct VAEMidBlock: Sendable {
    let resnet0: ResnetBlock2D
    let attention: VAEAttentionBlock?
    let resnet1: ResnetBlock2D

    init(from weights: WeightReader, prefix p: String, channels: Int, configuration c: VAEConfiguration) {
        resnet0 = ResnetBlock2D(
            from: weights, prefix: p + "resnets.0.", inputs: channels, outputs: channels, groups: c.normGroups,
            epsilon: 1e-6, timeEmbeddingWidth: nil)
        attention = c.midBlockAttention
            ? VAEAttentionBlock(from: weights, prefix: p + "attentions.0.", channels: channels, groups: c.normGroups) : nil
        resnet1 = ResnetBlock2D(
            from: weights, prefix: p + "resnets.1.", inputs: channels, outputs: channels, groups: c.normGroups,
            epsilon: 1e-6, timeEmbeddingWidth: nil)
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        let h = resnet0(x)
        return resnet1(attention?(h) ?? h)
    }
}
