import Foundation

/// TAESD's architecture, as diffusers' `AutoencoderTiny` config describes it. Every level of the
/// encoder has the same width, and so has every level of the decoder (diffusers' blocks and
/// convolutions keep the width within each, so other settings cannot be built).
public struct AutoencoderTinyConfiguration: Codable, Sendable, Equatable {
    public var inChannels = 3
    public var outChannels = 3
    public var latentChannels = 4
    public var encoderBlockOutChannels = [64, 64, 64, 64]
    public var decoderBlockOutChannels = [64, 64, 64, 64]
    /// Residual blocks per encoder level (after that level's stride-2 convolution).
    public var encoderBlocks = [1, 3, 3, 3]
    /// Residual blocks per decoder level (before that level's upsampling).
    public var decoderBlocks = [3, 3, 3, 1]
    /// diffusers' `scaling_factor`: TAESD's latents are already in the scaled SD latent space (1.0).
    public var scalingFactor: Float = 1

    /// madebyollin/taesd (SD1.x/SD2.x latents).
    public static let taesd = AutoencoderTinyConfiguration()

    public init() {}

    /// Reads a diffusers `AutoencoderTiny` `config.json`.
    public init(diffusersConfig data: Data) throws(DiffusionModelsError) {
        let config = try ConfigurationDictionary(data, component: "TAESD")
        inChannels = try config.int("in_channels", default: 3)
        outChannels = try config.int("out_channels", default: 3)
        latentChannels = try config.int("latent_channels", default: 4)
        encoderBlockOutChannels = try config.ints("encoder_block_out_channels", count: 4, default: encoderBlockOutChannels)
        decoderBlockOutChannels = try config.ints("decoder_block_out_channels", count: 4, default: decoderBlockOutChannels)
        encoderBlocks = try config.ints("num_encoder_blocks", count: encoderBlockOutChannels.count, default: encoderBlocks)
        decoderBlocks = try config.ints("num_decoder_blocks", count: decoderBlockOutChannels.count, default: decoderBlocks)
        scalingFactor = Float(try config.double("scaling_factor", default: 1))
        let expected: [(String, String)] = [("act_fn", "relu"), ("upsample_fn", "nearest")]
        for (key, value) in expected where try config.string(key, default: value) != value {
            throw .unsupportedConfiguration("TAESD '\(key)' other than '\(value)'")
        }
        if try config.int("upsampling_scaling_factor", default: 2) != 2 {
            throw .unsupportedConfiguration("TAESD 'upsampling_scaling_factor' other than 2")
        }
        if try config.double("shift_factor", default: 0) != 0 {
            throw .unsupportedConfiguration("TAESD 'shift_factor' other than 0")
        }
        try validate()
    }

    public func validate() throws(DiffusionModelsError) {
        guard !encoderBlockOutChannels.isEmpty, encoderBlocks.count == encoderBlockOutChannels.count,
            !decoderBlockOutChannels.isEmpty, decoderBlocks.count == decoderBlockOutChannels.count
        else {
            throw .unsupportedConfiguration("TAESD block lists differ in length")
        }
        guard Set(encoderBlockOutChannels).count == 1, Set(decoderBlockOutChannels).count == 1 else {
            throw .unsupportedConfiguration("TAESD levels of different widths cannot be built (diffusers keeps the width)")
        }
        guard inChannels > 0, outChannels > 0, latentChannels > 0, encoderBlockOutChannels[0] > 0, decoderBlockOutChannels[0] > 0,
            (encoderBlocks + decoderBlocks).allSatisfy({ $0 >= 0 })
        else {
            throw .unsupportedConfiguration("TAESD sizes must be positive")
        }
    }
}
