import Layers
import Tensors

/// The VAE encoder (diffusers `Encoder`): image [N, 3, H, W] → latent distribution moments
/// [N, 2·latent, H/f, W/f] with f = 2^(levels − 1).
struct VAEEncoder: Sendable {
    let convIn: Conv2d
    let levels: [(resnets: [ResnetBlock2D], downsampler: Downsample2D?)]
    let midBlock: VAEMidBlock
    let convNormOut: GroupNorm
    let convOut: Conv2d

    init(from weights: WeightReader, prefix p: String, configuration c: VAEConfiguration) {
        let channels = c.blockOutChannels
        convIn = Conv2d(from: weights, prefix: p + "conv_in", inputs: c.inChannels, outputs: channels[0], kernel: 3, padding: .uniform(1))
        levels = channels.indices.map { level in
            let inputs = level == 0 ? channels[0] : channels[level - 1]
            let resnets = (0..<c.layersPerBlock).map { index in
                ResnetBlock2D(
                    from: weights, prefix: p + "down_blocks.\(level).resnets.\(index).",
                    inputs: index == 0 ? inputs : channels[level], outputs: channels[level], groups: c.normGroups,
                    epsilon: 1e-6, timeEmbeddingWidth: nil)
            }
            let downsampler = level == channels.count - 1
                ? nil
                : Downsample2D(
                    from: weights, prefix: p + "down_blocks.\(level).downsamplers.0.", channels: channels[level],
                    asymmetricPadding: true)
            return (resnets, downsampler)
        }
        let top = channels[channels.count - 1]
        midBlock = VAEMidBlock(from: weights, prefix: p + "mid_block.", channels: top, configuration: c)
        convNormOut = GroupNorm(from: weights, prefix: p + "conv_norm_out", channels: top, groups: c.normGroups, epsilon: 1e-6)
        convOut = Conv2d(
            from: weights, prefix: p + "conv_out", inputs: top, outputs: 2 * c.latentChannels, kernel: 3, padding: .uniform(1))
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        var h = convIn(x)
        for level in levels {
            for resnet in level.resnets { h = resnet(h) }
            if let downsampler = level.downsampler { h = downsampler(h) }
        }
        return convOut(convNormOut(midBlock(h), applySiLU: true))
    }
}
