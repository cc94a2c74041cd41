import Foundation

/// The KL autoencoder's architecture, as diffusers' `AutoencoderKL` config describes it.
public struct VAEConfiguration: Codable, Sendable, Equatable {
    public var inChannels = 3
    public var outChannels = 3
    public var latentChannels = 4
    public var blockOutChannels = [128, 256, 512, 512]
    public var layersPerBlock = 2
    public var normGroups = 32
    /// Latents are multiplied by this after encoding and divided by it before decoding.
    public var scalingFactor: Float = 0.18215
    public var useQuantConv = true
    public var usePostQuantConv = true
    public var midBlockAttention = true
    /// The image size the VAE was trained at; tiled decoding and encoding use tiles of this size.
    public var sampleSize = 512

    /// Stable Diffusion 1.x (`vae/config.json` of runwayml/stable-diffusion-v1-5).
    public static let sd15 = VAEConfiguration()

    public init() {}

    /// Reads a diffusers `vae/config.json`.
    public init(diffusersConfig data: Data) throws(DiffusionModelsError) {
        let config = try ConfigurationDictionary(data, component: "VAE")
        inChannels = try config.int("in_channels", default: 3)
        outChannels = try config.int("out_channels", default: 3)
        latentChannels = try config.int("latent_channels", default: 4)
        blockOutChannels = try config.ints("block_out_channels", count: 1, default: blockOutChannels)
        layersPerBlock = try config.int("layers_per_block", default: 2)
        normGroups = try config.int("norm_num_groups", default: 32)
        scalingFactor = Float(try config.double("scaling_factor", default: 0.18215))
        useQuantConv = try config.bool("use_quant_conv", default: true)
        usePostQuantConv = try config.bool("use_post_quant_conv", default: true)
        midBlockAttention = try config.bool("mid_block_add_attention", default: true)
        sampleSize = try config.ints("sample_size", count: 1, default: [512])[0]
        if config.has("shift_factor") || config.has("latents_mean") {
            throw .unsupportedConfiguration("VAE with 'shift_factor'/'latents_mean' (SD3/FLUX-style) is not supported")
        }
        for (key, expected) in [("act_fn", "silu")] where try config.string(key, default: expected) != expected {
            throw .unsupportedConfiguration("VAE '\(key)' other than '\(expected)'")
        }
        try validate()
    }

    public func validate() throws(DiffusionModelsError) {
        guard !blockOutChannels.isEmpty, layersPerBlock > 0, latentChannels > 0, inChannels > 0, outChannels > 0,
            sampleSize >= 1 << blockOutChannels.count
        else {
            throw .unsupportedConfiguration("VAE sizes must be positive")
        }
        for channels in blockOutChannels where channels <= 0 || channels % normGroups != 0 {
            throw .unsupportedConfiguration("VAE \(channels) channels are not divisible into \(normGroups) groups")
        }
    }
}
