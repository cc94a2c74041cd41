import Foundation
import Tensors

/// A checkpoint as the models need it, whatever its format: one `TensorSource` per component in
/// diffusers key naming (CompVis single files mapped by `CompVisKeyRules`, VAE attention 1×1
/// convolutions read as linear weights, CLIP keys always with `text_model.` and without
/// `position_ids`), and each component's diffusers `config.json` bytes: the checkpoint's own when
/// it has them (diffusers folders), else inferred from the tensor shapes (`InferredConfig`).
///
/// Usage: `let checkpoint = try StableDiffusionCheckpoint.open(path, vaeOverride: vaePath)`, then
/// `checkpoint.unet` with `checkpoint.unetConfig`, and likewise `vae`/`vaeConfig`,
/// `textEncoder`/`textEncoderConfig`.
public struct StableDiffusionCheckpoint: Sendable {
    /// The checkpoint path as given.
    public let path: String
    public let format: CheckpointFormat
    public let architecture: ModelArchitecture
    /// CLIPTextModel tensors, `text_model.*`.
    public let textEncoder: any TensorSource
    /// UNet2DConditionModel tensors, diffusers naming (`down_blocks.0.resnets.0.conv1.weight`).
    public let unet: any TensorSource
    /// AutoencoderKL tensors, diffusers naming (`decoder.mid_block.attentions.0.to_q.weight`, `[C, C]`).
    public let vae: any TensorSource
    /// transformers `CLIPTextConfig` JSON.
    public let textEncoderConfig: Data
    /// diffusers `UNet2DConditionModel` config JSON.
    public let unetConfig: Data
    /// diffusers `AutoencoderKL` config JSON.
    public let vaeConfig: Data
    /// Keys skipped or left unmapped while loading.
    public let report: LoadReport

    /// Opens a diffusers folder, `.safetensors` or `.ckpt` at `path` (format chosen by what it is,
    /// not its name); `vaeOverride` replaces its VAE with a standalone VAE folder or file.
    /// - Throws: `ModelIOError` naming the file and key or offset: `.unsupportedArchitecture` for
    ///   SD2.x and SDXL checkpoints, `.missingComponent` when the UNet, VAE or text encoder is absent
    ///   (or its configuration cannot be inferred), `.malformed`/`.forbiddenGlobal` for bad files.
    public static func open(_ path: String, vaeOverride: String? = nil) throws -> StableDiffusionCheckpoint {
        var contents = try CheckpointContents.read(path)
        if contents.architecture != .sd1 {
            throw ModelIOError.unsupportedArchitecture(
                file: path, architecture: contents.architecture.rawValue, evidence: contents.architectureEvidence ?? "keys")
        }
        if let vaeOverride { try contents.overrideVAE(with: vaeOverride) }
        for name in ["unet", "vae", "text_encoder"] {
            if let detail = contents.report.missingComponents[name] {
                throw ModelIOError.missingComponent(file: path, component: name, detail: detail)
            }
        }
        guard let unet = contents.unet, let vae = contents.vae, let text = contents.textEncoder else {
            throw ModelIOError.missingComponent(file: path, component: "unet, vae or text_encoder", detail: "not found")
        }
        let vaeFile = vaeOverride ?? path
        return StableDiffusionCheckpoint(
            path: path, format: contents.format, architecture: contents.architecture,
            textEncoder: text, unet: unet, vae: vae,
            textEncoderConfig: try contents.textEncoderConfig ?? InferredConfig.textEncoder(text, file: path),
            unetConfig: try contents.unetConfig ?? InferredConfig.unet(unet, file: path),
            vaeConfig: try contents.vaeConfig ?? InferredConfig.vae(vae, file: vaeFile),
            report: contents.report)
    }
}
