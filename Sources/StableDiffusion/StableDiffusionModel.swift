import DiffusionModels
import Foundation
import Layers
import ModelIO
import Samplers
import Tokenizers

/// The loaded components of a Stable Diffusion 1.x model: tokenizer and text encoder (as a
/// prompt encoder), UNet, VAE, and the noise schedule it was trained with.
public struct StableDiffusionModel: Sendable {
    /// A short name for messages and PNG metadata (the checkpoint's file or folder name).
    public let name: String
    public let prompts: PromptEncoder
    public let unet: UNet2DConditionModel
    public let vae: AutoencoderKL
    public let scheduler: SchedulerConfiguration
    /// Whether this is the built-in demo model (random weights).
    public let isDemo: Bool
    /// LoRA base weights and a TAESD replacing the VAE (`ModelAddOns`).
    public var addOns = ModelAddOns()

    public init(
        name: String, prompts: PromptEncoder, unet: UNet2DConditionModel, vae: AutoencoderKL,
        scheduler: SchedulerConfiguration = .sd15, isDemo: Bool = false
    ) {
        self.name = name
        self.prompts = prompts
        self.unet = unet
        self.vae = vae
        self.scheduler = scheduler
        self.isDemo = isDemo
    }

    /// Loads the checkpoint at `path` (diffusers folder, `.safetensors` or `.ckpt`), optionally with
    /// the VAE at `vaePath`. Configurations come from the checkpoint's `config.json` files (ModelIO
    /// infers them from the tensor shapes for single files). A `vaePath` of the form `taesd:PATH`
    /// keeps the checkpoint's VAE and adds the TAESD at PATH, which then encodes and decodes
    /// (`AutoencoderTiny.load`). The UNet's and text encoder's weights are kept (shared, not copied)
    /// for merging LoRAs.
    /// - Throws: `ModelIOError`, `LayersError` or `DiffusionModelsError` naming the file and key.
    public static func load(path: String, vaePath: String? = nil) throws -> StableDiffusionModel {
        let taesdPath = vaePath.flatMap { $0.hasPrefix("taesd:") ? String($0.dropFirst("taesd:".count)) : nil }
        let vaePath = taesdPath == nil ? vaePath : nil
        let checkpoint = try StableDiffusionCheckpoint.open(path, vaeOverride: vaePath)
        let textConfiguration = try CLIPTextConfiguration(transformersConfig: checkpoint.textEncoderConfig)
        let unetConfiguration = try UNetConfiguration(diffusersConfig: checkpoint.unetConfig)
        let vaeConfiguration = try VAEConfiguration(diffusersConfig: checkpoint.vaeConfig)
        let textWeights = LoRARetainingSource(checkpoint.textEncoder)
        let unetWeights = LoRARetainingSource(checkpoint.unet)
        let textModel = try CLIPTextModel(
            from: WeightReader(textWeights, component: "text encoder of \(path)"), configuration: textConfiguration)
        let unet = try UNet2DConditionModel(
            from: WeightReader(unetWeights, component: "UNet of \(path)"), configuration: unetConfiguration)
        let vae = try AutoencoderKL(
            from: WeightReader(checkpoint.vae, component: "VAE of \(vaePath ?? path)"), configuration: vaeConfiguration)
        let scheduler = try schedulerConfiguration(folder: path)
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var model = StableDiffusionModel(
            name: name, prompts: PromptEncoder(tokenizer: try CLIPTokenizer(), textModel: textModel), unet: unet, vae: vae,
            scheduler: scheduler)
        model.addOns.loraBase = LoRABaseWeights(unet: unetWeights.weights, textEncoder: textWeights.weights)
        model.addOns.tinyAutoencoder = try taesdPath.map { try AutoencoderTiny.load(path: $0) }
        return model
    }

    /// A diffusers folder's `scheduler/scheduler_config.json` when present, else SD1.5's.
    private static func schedulerConfiguration(folder: String) throws -> SchedulerConfiguration {
        let file = URL(fileURLWithPath: folder).appendingPathComponent("scheduler/scheduler_config.json")
        guard FileManager.default.fileExists(atPath: file.path) else { return .sd15 }
        do {
            return try JSONDecoder().decode(SchedulerConfiguration.self, from: try Data(contentsOf: file))
        } catch {
            throw PipelineError.modelUnavailable("\(file.path) is not a usable scheduler configuration: \(error)")
        }
    }
}
