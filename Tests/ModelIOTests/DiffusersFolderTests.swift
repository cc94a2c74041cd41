import Foundation
import ModelIO
import Tensors
import TestSupport
import Testing

@Suite struct DiffusersFolderTests {
    let folder = Fixtures.url("tiny-sd/model").path

    @Test func opensTheTinyModel() throws {
        let checkpoint = try StableDiffusionCheckpoint.open(folder)
        #expect(checkpoint.format == .diffusersFolder)
        #expect(checkpoint.architecture == .sd1)
        #expect(checkpoint.unet.tensorNames.count == 494)
        #expect(checkpoint.unet.shape(of: "down_blocks.0.attentions.0.proj_in.weight") == [16, 16, 1, 1])
        #expect(checkpoint.vae.shape(of: "decoder.mid_block.attentions.0.to_q.weight") == [16, 16])
        #expect(checkpoint.textEncoder.shape(of: "text_model.embeddings.token_embedding.weight") == [49408, 32])
        #expect(checkpoint.textEncoder.tensorNames.allSatisfy { $0.hasPrefix("text_model.") })
        #expect(String(decoding: checkpoint.unetConfig, as: UTF8.self).contains("\"cross_attention_dim\": 32"))
        #expect(String(decoding: checkpoint.vaeConfig, as: UTF8.self).contains("\"scaling_factor\": 0.18215"))
        #expect(String(decoding: checkpoint.textEncoderConfig, as: UTF8.self).contains("\"hidden_size\": 32"))
        let embedding = try checkpoint.textEncoder.tensor(named: "text_model.embeddings.position_embedding.weight")
        #expect(embedding.shape == [77, 32])
        // From safetensors: get_tensor(...).float()[0, :4] and .double().sum().
        #expect(Array(embedding.scalars.prefix(4)) == [0.055023193359375, 0.1441650390625, 0.0079498291015625, 0.00720977783203125])
        #expect(abs(embedding.scalars.reduce(0.0) { $0 + Double($1) } - 5.30182683467865) < 1e-9)
    }

    @Test func unprefixedCLIPKeysGetThePrefix() throws {
        let root = try TemporaryFolder.copyOfTinyModel()
        let textFile = root + "/text_encoder/model.safetensors"
        let original = try SafetensorsFile(path: Fixtures.url("tiny-sd/model/text_encoder/model.safetensors").path)
        var tensors: [String: Tensor] = [:]
        for name in original.tensorNames { tensors[String(name.dropFirst("text_model.".count))] = try original.tensor(named: name) }
        try SafetensorsWriter.write(tensors, to: textFile)
        let checkpoint = try StableDiffusionCheckpoint.open(root)
        #expect(checkpoint.textEncoder.tensorNames.sorted() == original.tensorNames.sorted())
        #expect(try checkpoint.textEncoder.tensor(named: "text_model.final_layer_norm.bias").scalars
            == original.tensor(named: "text_model.final_layer_norm.bias").scalars)
    }

    @Test func missingComponentIsNamed() throws {
        let root = try TemporaryFolder.copyOfTinyModel()
        try FileManager.default.removeItem(atPath: root + "/vae")
        let error = #expect(throws: ModelIOError.self) { try StableDiffusionCheckpoint.open(root) }
        #expect(error?.description == "\(root): missing vae: no folder \(root)/vae")
    }

    @Test func missingWeightsAreNamed() throws {
        let root = try TemporaryFolder.copyOfTinyModel()
        try FileManager.default.removeItem(atPath: root + "/unet/diffusion_pytorch_model.safetensors")
        let error = #expect(throws: ModelIOError.self) { try StableDiffusionCheckpoint.open(root) }
        #expect(error?.description.hasPrefix("\(root): missing unet: \(root)/unet has none of diffusion_pytorch_model.safetensors") == true)
    }

    @Test func sd2AndSDXLFoldersAreRefused() throws {
        let root = try TemporaryFolder.copyOfTinyModel()
        let configPath = root + "/unet/config.json"
        let config = try String(contentsOfFile: configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "\"cross_attention_dim\": 32", with: "\"cross_attention_dim\": 1024")
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        let sd2 = #expect(throws: ModelIOError.self) { try StableDiffusionCheckpoint.open(root) }
        #expect(sd2?.description.contains("not supported yet: SD2.x") == true)

        try config.replacingOccurrences(of: "\"addition_embed_type\": null", with: "\"addition_embed_type\": \"text_time\"")
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        let sdxl = #expect(throws: ModelIOError.self) { try StableDiffusionCheckpoint.open(root) }
        #expect(sdxl?.description.contains("not supported yet: SDXL") == true)
    }

    @Test func notAFolderOrFile() {
        #expect(throws: ModelIOError.unreadable(file: "/nonexistent/model", detail: "no such file or folder")) {
            try StableDiffusionCheckpoint.open("/nonexistent/model")
        }
    }
}

/// Scratch copies of fixtures that a test may damage.
enum TemporaryFolder {
    static func make() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-modelio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func copyOfTinyModel() throws -> String {
        let root = try make() + "/model"
        try FileManager.default.copyItem(atPath: Fixtures.url("tiny-sd/model").path, toPath: root)
        return root
    }
}
