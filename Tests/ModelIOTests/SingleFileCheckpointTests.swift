import Foundation
import ModelIO
import Tensors
import TestSupport
import Testing

/// The tiny model's CompVis single files (make_tiny_sd_single_file.py) load to the very tensors of its
/// diffusers folder.
@Suite struct SingleFileCheckpointTests {
    let folder = Fixtures.url("tiny-sd/model").path
    let safetensors = Fixtures.url("tiny-sd/compvis.safetensors").path
    let ckpt = Fixtures.url("tiny-sd/compvis-vae-clip.ckpt").path
    static let tokenEmbedding = "text_model.embeddings.token_embedding.weight"

    /// Every tensor of `actual` equals the one of the same name in `expected`; the CLIP token
    /// embedding of the fixtures holds only the first 256 rows.
    func expectSameTensors(_ actual: any TensorSource, _ expected: any TensorSource, rounding: [String: (Float) -> Float] = [:]) throws {
        #expect(actual.tensorNames == expected.tensorNames)
        for name in expected.tensorNames {
            let tensor = try actual.tensor(named: name)
            var reference = try expected.tensor(named: name)
            if name == Self.tokenEmbedding {
                reference = Tensor(shape: [256, reference.shape[1]], scalars: Array(reference.scalars.prefix(256 * reference.shape[1])))
            }
            #expect(tensor.shape == reference.shape, "\(name)")
            let round = rounding[name] ?? { $0 }
            #expect(tensor.scalars == reference.scalars.map(round), "\(name)")
        }
    }

    @Test func safetensorsSingleFileMatchesTheFolder() throws {
        let single = try StableDiffusionCheckpoint.open(safetensors)
        let reference = try StableDiffusionCheckpoint.open(folder)
        #expect(single.format == .safetensors)
        #expect(single.architecture == .sd1)
        try expectSameTensors(single.unet, reference.unet)
        try expectSameTensors(single.vae, reference.vae)
        try expectSameTensors(single.textEncoder, reference.textEncoder)
        #expect(single.report.ignoredKeys.sorted() == ["cond_stage_model.transformer.text_model.embeddings.position_ids", "model_ema.decay"])
        #expect(single.report.unmappedKeys == [])
    }

    @Test func inferredConfigsOfTheTinyModel() throws {
        let single = try StableDiffusionCheckpoint.open(safetensors)
        let unet = try JSONValue.parse(single.unetConfig)
        let folderUNet = try JSONValue.parse(try StableDiffusionCheckpoint.open(folder).unetConfig)
        for key in ["block_out_channels", "layers_per_block", "cross_attention_dim", "in_channels", "out_channels",
                    "down_block_types", "up_block_types", "use_linear_projection", "transformer_layers_per_block"] {
            #expect(unet[key] == folderUNet[key], "\(key)")
        }
        #expect(unet["_inferred_from"] == .string("tensor shapes"))
        let vae = try JSONValue.parse(single.vaeConfig)
        #expect(vae["block_out_channels"] == .array([8, 16, 16, 16].map(JSONValue.integer)))
        #expect(vae["latent_channels"] == .integer(4))
        let clip = try JSONValue.parse(single.textEncoderConfig)
        #expect(clip["hidden_size"] == .integer(32))
        #expect(clip["intermediate_size"] == .integer(37))
        #expect(clip["num_hidden_layers"] == .integer(3))
        #expect(clip["vocab_size"] == .integer(256))
    }

    @Test func ckptMatchesTheFolder() throws {
        let file = try TorchCheckpointFile(path: ckpt)
        #expect(file.nonTensorKeys == ["global_step"])
        #expect(file.dtype(of: "first_stage_model.encoder.conv_in.weight") == .float32)
        #expect(file.dtype(of: "first_stage_model.post_quant_conv.weight") == .bfloat16)
        #expect(file.dtype(of: "first_stage_model.decoder.conv_in.weight") == .float16)
        let reference = try StableDiffusionCheckpoint.open(folder)
        // A folder whose VAE is the ckpt: the standalone-VAE path with CompVis naming.
        let withVAE = try StableDiffusionCheckpoint.open(folder, vaeOverride: ckpt)
        try expectSameTensors(withVAE.vae, reference.vae, rounding: ["post_quant_conv.weight": Self.bfloat16])
        let vaeConfig = try JSONValue.parse(withVAE.vaeConfig)
        #expect(vaeConfig["_inferred_from"] == .string("tensor shapes"))
        // Shared storage: q and k biases are two runs of one storage.
        let q = try file.tensor(named: "first_stage_model.encoder.mid.attn_1.q.bias")
        let k = try file.tensor(named: "first_stage_model.encoder.mid.attn_1.k.bias")
        #expect(q.scalars == (try reference.vae.tensor(named: "encoder.mid_block.attentions.0.to_q.bias")).scalars)
        #expect(k.scalars == (try reference.vae.tensor(named: "encoder.mid_block.attentions.0.to_k.bias")).scalars)
    }

    @Test func ckptWithoutUNetIsMissingAComponent() throws {
        let error = #expect(throws: ModelIOError.self) { try StableDiffusionCheckpoint.open(ckpt) }
        #expect(error?.description == "\(ckpt): missing unet: no 'model.diffusion_model.*' tensors")
        let inspection = try CheckpointInspection(path: ckpt)
        #expect(inspection.format == .ckpt)
        #expect(inspection.components.map(\.name) == ["vae", "text_encoder"])
        #expect(inspection.report.ignoredKeys.contains("global_step"))
    }

    @Test func standaloneVAEInCompVisNamingOverridesTheSingleFile() throws {
        let withVAE = try StableDiffusionCheckpoint.open(safetensors, vaeOverride: ckpt)
        let reference = try StableDiffusionCheckpoint.open(folder)
        try expectSameTensors(withVAE.vae, reference.vae, rounding: ["post_quant_conv.weight": Self.bfloat16])
    }

    @Test func fullSingleFileServesAsStandaloneVAE() throws {
        let withVAE = try StableDiffusionCheckpoint.open(folder, vaeOverride: safetensors)
        let reference = try StableDiffusionCheckpoint.open(folder)
        try expectSameTensors(withVAE.vae, reference.vae)
        try expectSameTensors(withVAE.unet, reference.unet)
        #expect(withVAE.report.unmappedKeys == [])
    }

    @Test func standaloneVAEInDiffusersNaming() throws {
        let vaeFile = Fixtures.url("tiny-sd/model/vae/diffusion_pytorch_model.safetensors").path
        let withVAE = try StableDiffusionCheckpoint.open(safetensors, vaeOverride: vaeFile)
        let reference = try StableDiffusionCheckpoint.open(folder)
        try expectSameTensors(withVAE.vae, reference.vae)
        let folderVAE = try StableDiffusionCheckpoint.open(safetensors, vaeOverride: Fixtures.url("tiny-sd/model/vae").path)
        #expect(folderVAE.vaeConfig == reference.vaeConfig)
    }

    @Test func standaloneVAEWithoutVAEKeysIsRefused() throws {
        let textFile = Fixtures.url("tiny-sd/model/text_encoder/model.safetensors").path
        let error = #expect(throws: ModelIOError.self) { try StableDiffusionCheckpoint.open(folder, vaeOverride: textFile) }
        #expect(error?.description.hasPrefix("\(textFile): missing vae: no VAE tensors") == true)
    }

    @Test func inspectionOfTheSafetensorsFile() throws {
        let inspection = try CheckpointInspection(path: safetensors)
        #expect(inspection.architecture == .sd1)
        #expect(inspection.storedTensorCount == 494 + 244 + 53 + 1)
        let unet = try #require(inspection.components.first)
        #expect(unet.name == "unet")
        #expect(unet.tensorCount == 494)
        #expect(unet.dtypes == ["F16": 494])
        #expect(!unet.hasConfigFile)
    }

    /// torch's float → bfloat16 conversion: round to nearest, ties to even.
    static func bfloat16(_ value: Float) -> Float {
        let bits = value.bitPattern
        let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return Float(bitPattern: rounded & 0xFFFF_0000)
    }
}
