import Foundation
import Tensors

/// A checkpoint as the models need it: one `TensorSource` per component in diffusers key naming
/// (CompVis single files mapped by `KeyMapping` rules; CLIP keys always carry `text_model.`), and
/// each component's diffusers `config.json` bytes when the checkpoint has them (nil for single
/// files: the models then use their SD1.5 defaults).
public struct StableDiffusionCheckpoint: Sendable {
    public let path: String
    public let format: CheckpointFormat
    public let architecture: ModelArchitecture
    public let textEncoder: any TensorSource
    public let unet: any TensorSource
    public let vae: any TensorSource
    public let textEncoderConfig: Data?
    public let unetConfig: Data?
    public let vaeConfig: Data?

    /// Opens a diffusers folder, `.safetensors` or `.ckpt` at `path`; `vaeOverride` replaces its VAE.
    /// - Throws: `ModelIOError` naming the file and key or offset; `.unsupportedArchitecture` for
    ///   SD2.x and SDXL checkpoints.
    public static func open(_ path: String, vaeOverride: String? = nil) throws -> StableDiffusionCheckpoint {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelIOError.unreadable(file: path, detail: "no such file or folder")
        }
        var checkpoint = isDirectory.boolValue ? try openFolder(path) : try openSingleFile(path)
        if let vaeOverride {
            let vae = try StandaloneVAE.open(vaeOverride)
            checkpoint = checkpoint.replacingVAE(vae.tensors, config: vae.config ?? checkpoint.vaeConfig)
        }
        return checkpoint
    }

    private static func openFolder(_ path: String) throws -> StableDiffusionCheckpoint {
        guard DiffusersFolder.isPipelineFolder(path) else {
            throw ModelIOError.missingComponent(
                file: path, component: "model_index.json", detail: "not a diffusers pipeline folder (no model_index.json or unet/)")
        }
        let index = try DiffusersFolder.modelIndex(path)
        let unet = try DiffusersFolder.component(path + "/unet", named: "unet", checkpoint: path)
        let architecture = try DiffusersFolder.architecture(index: index, unetConfig: unet.config, checkpoint: path)
        if architecture != .sd1 {
            throw ModelIOError.unsupportedArchitecture(file: path, architecture: architecture.rawValue, evidence: "unet/config.json")
        }
        let vae = try DiffusersFolder.component(path + "/vae", named: "vae", checkpoint: path)
        let text = try DiffusersFolder.component(path + "/text_encoder", named: "text_encoder", checkpoint: path)
        return StableDiffusionCheckpoint(
            path: path, format: .diffusersFolder, architecture: architecture,
            textEncoder: DiffusersFolder.prefixedCLIP(text.tensors, file: path + "/text_encoder"),
            unet: unet.tensors, vae: vae.tensors,
            textEncoderConfig: text.config, unetConfig: unet.config, vaeConfig: vae.config)
    }

    private static func openSingleFile(_ path: String) throws -> StableDiffusionCheckpoint {
        throw ModelIOError.malformed(file: path, detail: "single-file checkpoints are not supported yet")
    }

    /// This checkpoint with another VAE.
    func replacingVAE(_ tensors: any TensorSource, config: Data?) -> StableDiffusionCheckpoint {
        StableDiffusionCheckpoint(
            path: path, format: format, architecture: architecture, textEncoder: textEncoder, unet: unet,
            vae: tensors, textEncoderConfig: textEncoderConfig, unetConfig: unetConfig, vaeConfig: config)
    }
}
