import Layers
import Tensors

/// The VAE decoder (diffusers `Decoder`): latent [N, latent, h, w] → image [N, 3, h·f, w·f].
struct VAEDecoder: Sendable {
    let convIn: Conv2d
    let midBlock: VAEMidBlock
    let levels: [(resnets: [ResnetBlock2D], upsampler: Upsample2D?)]
    let convNormOut: GroupNorm
    let convOut: Conv2d

    init(from weights: WeightReader, prefix p: String, configuration c: VAEConfiguration) {
        let reversed = Array(c.blockOutChannels.reversed())
        convIn = Conv2d(
            from: weights, prefix: p + "conv_in", inputs: c.latentChannels, outputs: reversed[0], kernel: 3, padding: .uniform(1))
        midBlock = VAEMidBlock(from: weights, prefix: p + "mid_block.", channels: reversed[0], configuration: c)
        levels = reversed.indices.map { level in
            let inputs = level == 0 ? reversed[0] : reversed[level - 1]
            let resnets = (0...c.layersPerBlock).map { index in
                ResnetBlock2D(
                    from: weights, prefix: p + "up_blocks.\(level).resnets.\(index).",
                    inputs: index == 0 ? inputs : reversed[level], outputs: reversed[level], groups: c.normGroups,
                    epsilon: 1e-6, timeEmbeddingWidth: nil)
            }
            let upsampler = level == reversed.count - 1
                ? nil : Upsample2D(from: weights, prefix: p + "up_blocks.\(level).upsamplers.0.", channels: reversed[level])
            return (resnets, upsampler)
        }
        let bottom = c.blockOutChannels[0]
        convNormOut = GroupNorm(from: weights, prefix: p + "conv_norm_out", channels: bottom, groups: c.normGroups, epsilon: 1e-6)
        convOut = Conv2d(from: weights, prefix: p + "conv_out", inputs: bottom, outputs: c.outChannels, kernel: 3, padding: .uniform(1))
    }

    func callAsFunction(_ z: Tensor) -> Tensor {
        var h = midBlock(convIn(z))
        for level in levels {
            for resnet in level.resnets { h = resnet(h) }
            if let upsampler = level.upsampler { h = upsampler(h) }
        }
        return convOut(convNormOut(h, applySiLU: true))
    }
}
