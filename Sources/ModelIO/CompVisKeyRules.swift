/// The CompVis/A1111 single-file layout of SD1.x, and how each key becomes a diffusers key: a table
/// per component, tried top to bottom, first match wins. A rule rewrites a key prefix (placeholders
/// `{name}` match integers, see `KeyPattern`), turns the CompVis block numbers into diffusers ones
/// (`KeyRule.Numbering`), then renames what follows (`KeyRule.Inner`).
///
/// Learnt from diffusers' `single_file_utils.convert_ldm_{unet,vae,clip}_checkpoint` (and its inverse,
/// `scripts/convert_diffusers_to_original_stable_diffusion.py`), written here as data; checked against
/// all 1,145 keys of a full-size SD1.5 single file by `CompVisKeyRulesTests`.
enum CompVisKeyRules {
    /// Where each component's keys live in a single file.
    static let unetPrefix = "model.diffusion_model."
    static let vaePrefix = "first_stage_model."
    static let textEncoderPrefix = "cond_stage_model.transformer."

    /// UNet (`model.diffusion_model.` removed). CompVis numbers the down path's modules in one list,
    /// `input_blocks.0` (conv_in) then per level L resnets (each with its attention as `.1`) and a
    /// downsampler; the up path in `output_blocks`, L + 1 resnets per level, the upsampler last.
    static let unet: [KeyRule] = [
        KeyRule("time_embed.0.", "time_embedding.linear_1."),
        KeyRule("time_embed.2.", "time_embedding.linear_2."),
        KeyRule("input_blocks.0.0.", "conv_in."),
        KeyRule("out.0.", "conv_norm_out."),
        KeyRule("out.2.", "conv_out."),
        KeyRule("input_blocks.{k}.0.op.", "down_blocks.{level}.downsamplers.0.conv.", .unetDownsampler),
        KeyRule("input_blocks.{k}.0.", "down_blocks.{level}.resnets.{j}.", .unetInput, .unetResnet),
        KeyRule("input_blocks.{k}.1.", "down_blocks.{level}.attentions.{j}.", .unetInput, .unchanged),
        KeyRule("middle_block.0.", "mid_block.resnets.0.", inner: .unetResnet),
        KeyRule("middle_block.1.", "mid_block.attentions.0.", inner: .unchanged),
        KeyRule("middle_block.2.", "mid_block.resnets.1.", inner: .unetResnet),
        // The upsampler is the last module of a level's last block: `.1` after a resnet, `.2` after
        // resnet and attention. An attention block has no `conv` child, so `.{n}.conv.` is unambiguous.
        KeyRule("output_blocks.{k}.{n}.conv.", "up_blocks.{level}.upsamplers.0.conv.", .unetUpsampler),
        KeyRule("output_blocks.{k}.0.", "up_blocks.{level}.resnets.{j}.", .unetOutput, .unetResnet),
        KeyRule("output_blocks.{k}.1.", "up_blocks.{level}.attentions.{j}.", .unetOutput, .unchanged),
    ]

    /// VAE (`first_stage_model.` removed, or a standalone VAE file). CompVis counts the decoder's
    /// levels from the bottom (`up.3` is diffusers' `up_blocks.0`) and stores the mid-block attention's
    /// q/k/v/proj_out as 1×1 convolutions, which are read as linear weights.
    static let vae: [KeyRule] = [
        KeyRule("encoder.conv_in.", "encoder.conv_in."),
        KeyRule("encoder.conv_out.", "encoder.conv_out."),
        KeyRule("encoder.norm_out.", "encoder.conv_norm_out."),
        KeyRule("encoder.down.{i}.block.{j}.", "encoder.down_blocks.{i}.resnets.{j}.", inner: .vaeResnet),
        KeyRule("encoder.down.{i}.downsample.conv.", "encoder.down_blocks.{i}.downsamplers.0.conv."),
        KeyRule("encoder.mid.block_1.", "encoder.mid_block.resnets.0.", inner: .vaeResnet),
        KeyRule("encoder.mid.block_2.", "encoder.mid_block.resnets.1.", inner: .vaeResnet),
        KeyRule("encoder.mid.attn_1.", "encoder.mid_block.attentions.0.", inner: .vaeAttention),
        KeyRule("quant_conv.", "quant_conv."),
        KeyRule("post_quant_conv.", "post_quant_conv."),
        KeyRule("decoder.conv_in.", "decoder.conv_in."),
        KeyRule("decoder.conv_out.", "decoder.conv_out."),
        KeyRule("decoder.norm_out.", "decoder.conv_norm_out."),
        KeyRule("decoder.mid.block_1.", "decoder.mid_block.resnets.0.", inner: .vaeResnet),
        KeyRule("decoder.mid.block_2.", "decoder.mid_block.resnets.1.", inner: .vaeResnet),
        KeyRule("decoder.mid.attn_1.", "decoder.mid_block.attentions.0.", inner: .vaeAttention),
        KeyRule("decoder.up.{i}.block.{j}.", "decoder.up_blocks.{level}.resnets.{j}.", .reversedLevel, .vaeResnet),
        KeyRule("decoder.up.{i}.upsample.conv.", "decoder.up_blocks.{level}.upsamplers.0.conv.", .reversedLevel),
    ]

    /// A VAE file already in diffusers naming, from diffusers before 0.14 (attention named
    /// query/key/value/proj_attn); everything else passes unchanged.
    static let legacyDiffusersVAE: [KeyRule] = [
        KeyRule("encoder.mid_block.attentions.0.", "encoder.mid_block.attentions.0.", inner: .legacyAttention),
        KeyRule("decoder.mid_block.attentions.0.", "decoder.mid_block.attentions.0.", inner: .legacyAttention),
        KeyRule("", "", inner: .unchanged),
    ]

    /// CLIP text model (`cond_stage_model.transformer.` removed): transformers 4 wrote `text_model.`,
    /// older files do not; diffusers naming always has it.
    static let textEncoder: [KeyRule] = [
        KeyRule("text_model.", "text_model.", inner: .unchanged),
        KeyRule("", "text_model.", inner: .unchanged),
    ]

    /// Keys of a single file that are not model weights and are skipped (listed in the load report).
    static let ignoredPrefixes = [
        "model_ema.",  // EMA copies (`model_ema.decay`, `model_ema.num_updates`, flattened EMA weights)
        "first_stage_model.loss.",  // LPIPS and discriminator of autoencoder training checkpoints
    ]

    /// Whole keys skipped: LatentDiffusion's DDPM schedule buffers (the samplers compute their own)
    /// and CLIP's `position_ids` buffer (often saved corrupted; the model uses 0..<77).
    static let ignoredKeys: Set<String> = [
        "betas", "alphas_cumprod", "alphas_cumprod_prev", "sqrt_alphas_cumprod", "sqrt_one_minus_alphas_cumprod",
        "log_one_minus_alphas_cumprod", "sqrt_recip_alphas_cumprod", "sqrt_recipm1_alphas_cumprod",
        "posterior_variance", "posterior_log_variance_clipped", "posterior_mean_coef1", "posterior_mean_coef2",
        "logvar",
        "cond_stage_model.transformer.text_model.embeddings.position_ids",
        "cond_stage_model.transformer.embeddings.position_ids",
    ]

    /// Whether a single file's `key` is skipped on purpose.
    static func isIgnored(_ key: String) -> Bool {
        ignoredKeys.contains(key) || ignoredPrefixes.contains { key.hasPrefix($0) }
    }

    /// CLIP's `position_ids` buffer in diffusers naming, dropped from every text encoder view.
    static let textPositionIDs = "text_model.embeddings.position_ids"
}
