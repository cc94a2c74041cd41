import Foundation

/// The UNet's architecture, as diffusers' `UNet2DConditionModel` config describes it. Only the SD1.x
/// family is supported: cross-attention down/up blocks, a cross-attention mid block, positional
/// timestep embeddings.
public struct UNetConfiguration: Codable, Sendable, Equatable {
    public var inChannels = 4
    public var outChannels = 4
    public var blockOutChannels = [320, 640, 1280, 1280]
    public var layersPerBlock = 2
    /// `CrossAttnDownBlock2D` or `DownBlock2D` per level.
    public var downBlockTypes = ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"]
    /// `UpBlock2D` or `CrossAttnUpBlock2D` per level, deepest first.
    public var upBlockTypes = ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]
    /// Attention heads per level. diffusers names this `attention_head_dim` for SD1.x — a historical
    /// misnomer it keeps for compatibility: the value is the number of heads.
    public var attentionHeads = [8, 8, 8, 8]
    public var crossAttentionDim = 768
    public var normGroups = 32
    public var normEpsilon: Float = 1e-5
    public var flipSinToCos = true
    public var frequencyShift = 0
    /// Whether the transformers' `proj_in`/`proj_out` are linear layers (SD2.x style) or 1×1 convolutions.
    public var useLinearProjection = false
    public var downsamplePadding = 1
    /// diffusers' `time_cond_proj_dim`: the width of an extra condition added to the timestep
    /// features through `time_embedding.cond_proj` (LCM's guidance-scale embedding); nil for none.
    public var timeConditionDim: Int?

    /// Stable Diffusion 1.x (runwayml/stable-diffusion-v1-5 `unet/config.json`).
    public static let sd15 = UNetConfiguration()

    public init() {}

    /// Reads a diffusers `unet/config.json`, refusing features this UNet does not implement.
    public init(diffusersConfig data: Data) throws(DiffusionModelsError) {
        let config = try ConfigurationDictionary(data, component: "UNet")
        inChannels = try config.int("in_channels", default: 4)
        outChannels = try config.int("out_channels", default: 4)
        blockOutChannels = try config.ints("block_out_channels", count: 4, default: [320, 640, 1280, 1280])
        let levels = blockOutChannels.count
        layersPerBlock = try config.int("layers_per_block", default: 2)
        downBlockTypes = try config.strings("down_block_types", default: downBlockTypes)
        upBlockTypes = try config.strings("up_block_types", default: upBlockTypes)
        let heads = config.has("num_attention_heads") ? "num_attention_heads" : "attention_head_dim"
        attentionHeads = try config.ints(heads, count: levels, default: Array(repeating: 8, count: levels))
        crossAttentionDim = try config.ints("cross_attention_dim", count: 1, default: [768])[0]
        normGroups = try config.int("norm_num_groups", default: 32)
        normEpsilon = Float(try config.double("norm_eps", default: 1e-5))
        flipSinToCos = try config.bool("flip_sin_to_cos", default: true)
        frequencyShift = try config.int("freq_shift", default: 0)
        useLinearProjection = try config.bool("use_linear_projection", default: false)
        downsamplePadding = try config.int("downsample_padding", default: 1)
        if config.has("time_cond_proj_dim") { timeConditionDim = try config.int("time_cond_proj_dim", default: 0) }

        for key in ["class_embed_type", "addition_embed_type", "encoder_hid_dim", "num_class_embeds"]
        where config.has(key) {
            throw .unsupportedConfiguration("UNet '\(key)' is not supported (SD1.x UNets have none)")
        }
        let unsupportedValues: [(String, String, String)] = [
            ("resnet_time_scale_shift", try config.string("resnet_time_scale_shift", default: "default"), "default"),
            ("time_embedding_type", try config.string("time_embedding_type", default: "positional"), "positional"),
            ("mid_block_type", try config.string("mid_block_type", default: "UNetMidBlock2DCrossAttn"), "UNetMidBlock2DCrossAttn"),
            ("act_fn", try config.string("act_fn", default: "silu"), "silu"),
        ]
        for (key, value, expected) in unsupportedValues where value != expected {
            throw .unsupportedConfiguration("UNet '\(key)' is '\(value)'; only '\(expected)' is supported")
        }
        if try config.ints("transformer_layers_per_block", count: levels, default: [1]).contains(where: { $0 != 1 }) {
            throw .unsupportedConfiguration("UNet 'transformer_layers_per_block' other than 1 (SDXL) is not supported")
        }
        let onlyCross = try config.bool("only_cross_attention", default: false)
        let dualCross = try config.bool("dual_cross_attention", default: false)
        if onlyCross || dualCross {
            throw .unsupportedConfiguration("UNet 'only_cross_attention'/'dual_cross_attention' are not supported")
        }
        try validate()
    }

    /// Checks that the block lists agree with each other and with the channel counts.
    public func validate() throws(DiffusionModelsError) {
        let levels = blockOutChannels.count
        guard levels > 0, downBlockTypes.count == levels, upBlockTypes.count == levels, attentionHeads.count == levels else {
            throw .unsupportedConfiguration(
                "UNet has \(levels) block_out_channels but \(downBlockTypes.count) down blocks, \(upBlockTypes.count) up blocks and \(attentionHeads.count) attention head counts")
        }
        for type in downBlockTypes where !["CrossAttnDownBlock2D", "DownBlock2D"].contains(type) {
            throw .unsupportedConfiguration("UNet down block type '\(type)'")
        }
        for type in upBlockTypes where !["CrossAttnUpBlock2D", "UpBlock2D"].contains(type) {
            throw .unsupportedConfiguration("UNet up block type '\(type)'")
        }
        for (channels, heads) in zip(blockOutChannels, attentionHeads) where heads <= 0 || channels % heads != 0 {
            throw .unsupportedConfiguration("UNet level with \(channels) channels cannot be split into \(heads) heads")
        }
        for channels in blockOutChannels where channels <= 0 || channels % normGroups != 0 {
            throw .unsupportedConfiguration("UNet \(channels) channels are not divisible into \(normGroups) groups")
        }
        guard layersPerBlock > 0, inChannels > 0, outChannels > 0, crossAttentionDim > 0, (timeConditionDim ?? 1) > 0 else {
            throw .unsupportedConfiguration("UNet sizes must be positive")
        }
    }
}
