import DiffusionModels
import Foundation
import Layers
import ModelIO
import Tensors
import TestSupport

/// The committed tiny SD1.x model (`Tests/Fixtures/tiny-sd/`) and its diffusers/transformers
/// reference outputs.
enum TinyModel {
    static let folder = Fixtures.url("tiny-sd/model").path

    static func checkpoint() throws -> StableDiffusionCheckpoint {
        try StableDiffusionCheckpoint.open(folder)
    }

    static func parity() throws -> SafetensorsFile {
        try SafetensorsFile(path: Fixtures.url("tiny-sd/parity.safetensors").path)
    }

    static func textModel() throws -> CLIPTextModel {
        let checkpoint = try checkpoint()
        let configuration = try CLIPTextConfiguration(transformersConfig: checkpoint.textEncoderConfig)
        return try CLIPTextModel(from: WeightReader(checkpoint.textEncoder, component: "text encoder"), configuration: configuration)
    }

    static func unet() throws -> UNet2DConditionModel {
        let checkpoint = try checkpoint()
        let configuration = try UNetConfiguration(diffusersConfig: checkpoint.unetConfig)
        return try UNet2DConditionModel(from: WeightReader(checkpoint.unet, component: "UNet"), configuration: configuration)
    }

    static func vae() throws -> AutoencoderKL {
        let checkpoint = try checkpoint()
        let configuration = try VAEConfiguration(diffusersConfig: checkpoint.vaeConfig)
        return try AutoencoderKL(from: WeightReader(checkpoint.vae, component: "VAE"), configuration: configuration)
    }
}
