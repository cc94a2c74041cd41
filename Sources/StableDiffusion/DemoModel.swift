import DiffusionModels
import Layers
import Tokenizers

/// The built-in demo model: the SD1.5 architecture (CLIP text transformer, 4-level UNet with
/// cross-attention, KL VAE with an 8× downsampling) at a tiny width, with deterministic random
/// weights generated in code. Its images are structured noise; it exists so that every command
/// runs end to end without a checkpoint (DESIGN.md §2).
extension StableDiffusionModel {
    /// The demo model's text encoder: ViT-L/14's layout at width 64.
    public static let demoTextConfiguration: CLIPTextConfiguration = {
        var c = CLIPTextConfiguration.vitL14
        c.hiddenSize = 64
        c.intermediateSize = 256
        c.layers = 4
        c.heads = 4
        return c
    }()

    /// The demo UNet: SD1.5's blocks at widths 32/64/64/64.
    public static let demoUNetConfiguration: UNetConfiguration = {
        var c = UNetConfiguration.sd15
        c.blockOutChannels = [32, 64, 64, 64]
        c.attentionHeads = [4, 4, 4, 4]
        c.crossAttentionDim = 64
        c.normGroups = 16
        return c
    }()

    /// The demo VAE: SD1.5's layout at widths 16/32/32/32.
    public static let demoVAEConfiguration: VAEConfiguration = {
        var c = VAEConfiguration.sd15
        c.blockOutChannels = [16, 32, 32, 32]
        c.normGroups = 16
        return c
    }()

    /// Builds the demo model; the same `seed` always gives the same weights.
    public static func demo(seed: UInt64 = 0x5EED_D1FF) throws -> StableDiffusionModel {
        let textModel = try CLIPTextModel(
            from: WeightReader(synthesizingWithSeed: seed, component: "demo text encoder"), configuration: demoTextConfiguration)
        let unet = try UNet2DConditionModel(
            from: WeightReader(synthesizingWithSeed: seed, component: "demo UNet"), configuration: demoUNetConfiguration)
        let vae = try AutoencoderKL(
            from: WeightReader(synthesizingWithSeed: seed, component: "demo VAE"), configuration: demoVAEConfiguration)
        return StableDiffusionModel(
            name: "zoetrope-demo", prompts: PromptEncoder(tokenizer: try CLIPTokenizer(), textModel: textModel), unet: unet,
            vae: vae, isDemo: true)
    }
}
