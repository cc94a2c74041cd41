import Foundation
import Layers
import Tensors

/// Stable Diffusion's KL-regularised autoencoder (Rombach et al. 2022; diffusers `AutoencoderKL`):
/// encodes images in [-1, 1] to latent Gaussians and decodes latents back to images.
public struct AutoencoderKL: Sendable {
    public let configuration: VAEConfiguration
    let encoder: VAEEncoder
    let decoder: VAEDecoder
    let quantConv: Conv2d?
    let postQuantConv: Conv2d?

    /// The encoder's diagonal Gaussian over latents.
    public struct LatentDistribution: Sendable {
        /// [N, latent, H/f, W/f].
        public let mean: Tensor
        /// Log-variance, clamped to [-30, 20] as diffusers' `DiagonalGaussianDistribution` does.
        public let logVariance: Tensor

        /// `mean + exp(logvar / 2) · noise`, with `noise` standard normal of the mean's shape.
        public func sample(noise: Tensor) -> Tensor {
            let deviation = Tensor(shape: logVariance.shape, scalars: logVariance.scalars.map { Float(exp(Double($0) / 2)) })
            return mean + deviation * noise
        }
    }

    /// Loads every weight strictly.
    public init(from weights: WeightReader, configuration c: VAEConfiguration) throws {
        try c.validate()
        configuration = c
        encoder = VAEEncoder(from: weights, prefix: "encoder.", configuration: c)
        decoder = VAEDecoder(from: weights, prefix: "decoder.", configuration: c)
        let moments = 2 * c.latentChannels
        quantConv = c.useQuantConv
            ? Conv2d(from: weights, prefix: "quant_conv", inputs: moments, outputs: moments, kernel: 1) : nil
        postQuantConv = c.usePostQuantConv
            ? Conv2d(from: weights, prefix: "post_quant_conv", inputs: c.latentChannels, outputs: c.latentChannels, kernel: 1)
            : nil
        try weights.finish()
    }

    /// The factor between image and latent sizes.
    public var downsamplingFactor: Int { 1 << (configuration.blockOutChannels.count - 1) }

    /// Encodes `image` [N, in, H, W] in [-1, 1].
    public func encode(_ image: Tensor) throws(DiffusionModelsError) -> LatentDistribution {
        guard image.rank == 4, image.shape[1] == configuration.inChannels, image.shape[2] > 0, image.shape[3] > 0 else {
            throw .invalidInput("VAE encoder input has shape \(image.shape), expected [N, \(configuration.inChannels), H, W]")
        }
        var moments = encoder(image)
        if let quantConv { moments = quantConv(moments) }
        let latent = configuration.latentChannels
        return LatentDistribution(
            mean: moments.slice(axis: 1, 0..<latent),
            logVariance: moments.slice(axis: 1, latent..<(2 * latent)).clamped(min: -30, max: 20))
    }

    /// Decodes `latent` [N, latent, h, w] (already divided by the scaling factor) to an image in
    /// roughly [-1, 1].
    public func decode(_ latent: Tensor) throws(DiffusionModelsError) -> Tensor {
        guard latent.rank == 4, latent.shape[1] == configuration.latentChannels, latent.shape[2] > 0, latent.shape[3] > 0 else {
            throw .invalidInput("VAE decoder input has shape \(latent.shape), expected [N, \(configuration.latentChannels), h, w]")
        }
        return decoder(postQuantConv?(latent) ?? latent)
    }
}
