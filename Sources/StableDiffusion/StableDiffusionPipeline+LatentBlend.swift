import Imaging
import Tensors

extension StableDiffusionPipeline {
    /// The scaled latent of `image` without drawing anything (`LatentAutoencoder.encodeMean`: the VAE
    /// posterior's mean, or TAESD's latents). `tiled` runs the KL VAE in overlapping tiles.
    public func encodeMean(_ image: RGBImage, tiled: Bool = false) throws -> Tensor {
        let pixels = Tensor(shape: [1, 3, image.height, image.width], scalars: image.planarSigned())
        return try model.autoencoder.encodeMean(pixels, tiled: tiled)
    }

    /// Two images mixed in latent space: `decode((1 − weight)·encodeMean(a) + weight·encodeMean(b))`,
    /// the latent blend of Deforum forks and ComfyUI's `LatentBlend` between VAE encode and decode
    /// nodes. Nothing is sampled, so the same images always give the same pixels. Weights 0 and 1
    /// encode only the image they keep, giving exactly `decode(encodeMean(a))` or `… (b)`. The VAE
    /// is tiled as a generation of the images' size would tile it (`GenerationRequest.usesVAETiling`).
    /// - Returns: the mixed latent (scaled, as `Output.latents`), its image and the VAE timings.
    /// - Throws: `PipelineError.invalidRequest` when the sizes differ or the weight is outside 0…1.
    public func blendInLatentSpace(_ a: RGBImage, _ b: RGBImage, weight: Double) throws -> Output {
        guard a.width == b.width, a.height == b.height else {
            throw PipelineError.invalidRequest(
                field: "latent blend", detail: "the images are \(a.width)×\(a.height) and \(b.width)×\(b.height), not one size")
        }
        guard weight.isFinite, (0...1).contains(weight) else {
            throw PipelineError.invalidRequest(field: "latent blend", detail: "weight \(weight) is not between 0 and 1")
        }
        var sizing = GenerationRequest(prompt: "")
        sizing.width = a.width
        sizing.height = a.height
        let tiled = sizing.usesVAETiling
        var timings = Timings()
        var started = ContinuousClock.now
        let mixed: Tensor
        switch weight {
        case 0: mixed = try encodeMean(a, tiled: tiled)
        case 1: mixed = try encodeMean(b, tiled: tiled)
        default:
            let first = try encodeMean(a, tiled: tiled)
            let second = try encodeMean(b, tiled: tiled)
            mixed = first * Float(1 - weight) + second * Float(weight)
        }
        timings.vaeEncode = Timings.seconds(since: started)
        started = ContinuousClock.now
        let image = try decode(mixed, tiled: tiled)
        timings.vaeDecode = Timings.seconds(since: started)
        return Output(latents: mixed, image: image, timings: timings)
    }
}
