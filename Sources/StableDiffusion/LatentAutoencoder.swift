import DiffusionModels
import Samplers
import Tensors

/// What turns images into the sampler's latents and back: the KL VAE, or TAESD in its place
/// (`ModelAddOns.tinyAutoencoder`). Both work in the sampler's latent space (the KL VAE's latents
/// times its scaling factor), so a run can switch between them.
public enum LatentAutoencoder: Sendable {
    case kl(AutoencoderKL)
    /// TAESD, with the KL VAE for the direction it lacks (a decoder-only `taesd_decoder` file).
    case tiny(AutoencoderTiny, kl: AutoencoderKL)

    /// The sampler's latent of `pixels` [1, 3, H, W] in [-1, 1]: for the KL VAE a sample of its
    /// posterior, drawing from `random` as diffusers' `latent_dist.sample(generator)` does, times the
    /// scaling factor; for TAESD its deterministic latents (diffusers' `retrieve_latents` draws nothing).
    /// `tiled` runs the KL VAE in overlapping tiles (`AutoencoderKL.encodeTiled`).
    public func encode(_ pixels: Tensor, random: inout any RandomSource, tiled: Bool = false) throws -> Tensor {
        if case .tiny(let tiny, _) = self, tiny.hasEncoder {
            return try tiny.encode(pixels) * tiny.configuration.scalingFactor
        }
        let vae = klAutoencoder
        let distribution = try tiled ? vae.encodeTiled(pixels) : vae.encode(pixels)
        let sample = distribution.sample(noise: random.normal(shape: distribution.mean.shape))
        return sample * vae.configuration.scalingFactor
    }

    /// The sampler's latent of `pixels` [1, 3, H, W] in [-1, 1] without drawing anything: for the KL
    /// VAE its posterior's mean (diffusers' `latent_dist.mode()`, `retrieve_latents(sample_mode="argmax")`)
    /// times the scaling factor; for TAESD its latents, as `encode`. The same pixels always give the
    /// same latent, which latent blending of animation frames needs for resumable, repeatable runs.
    public func encodeMean(_ pixels: Tensor, tiled: Bool = false) throws -> Tensor {
        if case .tiny(let tiny, _) = self, tiny.hasEncoder {
            return try tiny.encode(pixels) * tiny.configuration.scalingFactor
        }
        let vae = klAutoencoder
        let distribution = try tiled ? vae.encodeTiled(pixels) : vae.encode(pixels)
        return distribution.mean * vae.configuration.scalingFactor
    }

    /// The image [N, 3, H, W] in about [-1, 1] of the sampler's `latents`; `tiled` runs the KL VAE
    /// in overlapping tiles (`AutoencoderKL.decodeTiled`).
    public func decode(_ latents: Tensor, tiled: Bool = false) throws -> Tensor {
        if case .tiny(let tiny, _) = self, tiny.hasDecoder {
            return try tiny.decode(latents / tiny.configuration.scalingFactor)
        }
        let vae = klAutoencoder
        let scaled = latents / vae.configuration.scalingFactor
        return try tiled ? vae.decodeTiled(scaled) : vae.decode(scaled)
    }

    private var klAutoencoder: AutoencoderKL {
        switch self {
        case .kl(let vae), .tiny(_, let vae): vae
        }
    }
}

extension StableDiffusionModel {
    /// The autoencoder images go through: TAESD when the model has one, else the VAE.
    public var autoencoder: LatentAutoencoder {
        addOns.tinyAutoencoder.map { .tiny($0, kl: vae) } ?? .kl(vae)
    }
}
