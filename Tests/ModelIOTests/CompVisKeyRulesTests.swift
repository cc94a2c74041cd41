import Foundation
import Tensors
import TestSupport
import Testing

@testable import ModelIO

/// The rules against every key of a full-size SD1.5 single file, paired with its diffusers key by
/// diffusers' own converter (Tests/Fixtures/modelio/sd15_keys.json, make_tiny_sd_single_file.py).
@Suite struct CompVisKeyRulesTests {
    struct Listing {
        let shapes: [String: [Int]]
        let diffusers: [String: String]
        let ignored: [String]
    }

    static let listing: Listing = {
        let data = (try? Fixtures.data("modelio/sd15_keys.json")) ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        let keys = object["keys"] as? [[Any]] ?? []
        var shapes: [String: [Int]] = [:]
        for entry in keys {
            if let name = entry.first as? String, let shape = entry.last as? [Int] { shapes[name] = shape }
        }
        return Listing(
            shapes: shapes, diffusers: object["diffusers"] as? [String: String] ?? [:],
            ignored: object["ignored"] as? [String] ?? [])
    }()

    func contents(_ shapes: [String: [Int]]) throws -> CheckpointContents {
        try SingleFileCheckpoint.contents(of: ShapeOnlySource(shapes: shapes), format: .safetensors, path: "sd15.safetensors")
    }

    /// (stored key → diffusers key) for every component.
    func pairs(_ contents: CheckpointContents) -> [String: String] {
        var pairs: [String: String] = [:]
        for case let component as MappedTensorSource in [contents.unet, contents.vae, contents.textEncoder] {
            for (name, entry) in component.entries { pairs[entry.sourceName] = name }
        }
        return pairs
    }

    @Test func everySD15KeyMapsAsDiffusersMapsIt() throws {
        let listing = Self.listing
        #expect(listing.shapes.count == 1145)
        #expect(listing.diffusers.count == 1130)
        let contents = try contents(listing.shapes)
        #expect(contents.architecture == .sd1)
        #expect(contents.report.unmappedKeys == [])
        #expect(contents.report.missingComponents == [:])
        #expect(contents.report.ignoredKeys.sorted() == listing.ignored)
        let mapped = pairs(contents)
        #expect(mapped.count == listing.diffusers.count)
        for (key, expected) in listing.diffusers {
            #expect(mapped[key] == expected, "\(key)")
        }
        #expect(contents.unet?.tensorNames.count == 686)
        #expect(contents.vae?.tensorNames.count == 248)
        #expect(contents.textEncoder?.tensorNames.count == 196)
    }

    @Test func vaeAttentionConvolutionsReadAsLinear() throws {
        let contents = try contents(Self.listing.shapes)
        let vae = try #require(contents.vae)
        #expect(Self.listing.shapes["first_stage_model.decoder.mid.attn_1.q.weight"] == [512, 512, 1, 1])
        for part in ["to_q", "to_k", "to_v", "to_out.0"] {
            #expect(vae.shape(of: "decoder.mid_block.attentions.0.\(part).weight") == [512, 512])
            #expect(vae.shape(of: "encoder.mid_block.attentions.0.\(part).weight") == [512, 512])
        }
        #expect(vae.shape(of: "decoder.mid_block.attentions.0.to_q.bias") == [512])
        // Every other tensor keeps its stored shape.
        let reshaped = vae.tensorNames.filter { name in
            guard let mapped = vae as? MappedTensorSource, let entry = mapped.entries[name] else { return true }
            return Self.listing.shapes[entry.sourceName] != entry.shape
        }
        #expect(reshaped.count == 8)
    }

    @Test func clipWithoutTextModelPrefixMapsTheSame() throws {
        var shapes: [String: [Int]] = [:]
        for (key, shape) in Self.listing.shapes {
            shapes[key.replacingOccurrences(of: "cond_stage_model.transformer.text_model.", with: "cond_stage_model.transformer.")] = shape
        }
        let contents = try contents(shapes)
        let expected = Self.listing.diffusers.values.filter { $0.hasPrefix("text_model.") }.sorted()
        #expect(contents.textEncoder?.tensorNames == expected)
        #expect(contents.report.unmappedKeys == [])
        #expect(contents.report.ignoredKeys.contains("cond_stage_model.transformer.embeddings.position_ids"))
    }

    @Test func inferredConfigsOfSD15() throws {
        let contents = try contents(Self.listing.shapes)
        let unet = try JSONValue.parse(try InferredConfig.unet(try #require(contents.unet), file: "x"))
        #expect(unet["block_out_channels"] == .array([.integer(320), .integer(640), .integer(1280), .integer(1280)]))
        #expect(unet["layers_per_block"] == .integer(2))
        #expect(unet["cross_attention_dim"] == .integer(768))
        #expect(unet["attention_head_dim"] == .integer(8))
        #expect(unet["in_channels"] == .integer(4))
        #expect(unet["out_channels"] == .integer(4))
        #expect(unet["use_linear_projection"] == .bool(false))
        #expect(unet["transformer_layers_per_block"] == .integer(1))
        #expect(unet["down_block_types"] == .array(["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"].map(JSONValue.string)))
        #expect(unet["up_block_types"] == .array(["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"].map(JSONValue.string)))
        let vae = try JSONValue.parse(try InferredConfig.vae(try #require(contents.vae), file: "x"))
        #expect(vae["block_out_channels"] == .array([.integer(128), .integer(256), .integer(512), .integer(512)]))
        #expect(vae["layers_per_block"] == .integer(2))
        #expect(vae["latent_channels"] == .integer(4))
        #expect(vae["in_channels"] == .integer(3))
        #expect(vae["out_channels"] == .integer(3))
        #expect(vae["mid_block_add_attention"] == .bool(true))
        #expect(vae["scaling_factor"] == .number(0.18215))
        let clip = try JSONValue.parse(try InferredConfig.textEncoder(try #require(contents.textEncoder), file: "x"))
        #expect(clip["hidden_size"] == .integer(768))
        #expect(clip["num_hidden_layers"] == .integer(12))
        #expect(clip["num_attention_heads"] == .integer(12))
        #expect(clip["intermediate_size"] == .integer(3072))
        #expect(clip["vocab_size"] == .integer(49408))
        #expect(clip["max_position_embeddings"] == .integer(77))
    }

    @Test func configurationThatCannotBeInferredIsNamed() throws {
        var shapes = Self.listing.shapes
        shapes["model.diffusion_model.input_blocks.0.0.weight"] = nil
        shapes["model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight"] = [5]
        let unet = try #require(try contents(shapes).unet)
        #expect(throws: ModelIOError.missingComponent(
            file: "x", component: "unet", detail: "cannot infer its configuration: no tensor 'conv_in.weight'")) {
            try InferredConfig.unet(unet, file: "x")
        }
        shapes["model.diffusion_model.input_blocks.0.0.weight"] = [320, 4]
        let flat = try #require(try contents(shapes).unet)
        #expect(throws: ModelIOError.self) { try InferredConfig.unet(flat, file: "x") }
    }

    @Test func sd2AndSDXLAreRecognisedAndRefused() throws {
        var sd2 = Self.listing.shapes
        sd2["cond_stage_model.model.transformer.resblocks.0.attn.in_proj_weight"] = [3072, 1024]
        #expect(try contents(sd2).architecture == .sd2)
        let sd2Path = try SafetensorsTestFile.write(header: #"{"cond_stage_model.model.ln_final.weight":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])
        let error = #expect(throws: ModelIOError.self) { try StableDiffusionCheckpoint.open(sd2Path) }
        #expect(error?.description == "\(sd2Path): not supported yet: SD2.x (cond_stage_model.model.ln_final.weight)")

        var wide = Self.listing.shapes
        for key in wide.keys where key.hasSuffix("attn2.to_k.weight") || key.hasSuffix("attn2.to_v.weight") {
            wide[key] = [wide[key]?[0] ?? 0, 1024]
        }
        #expect(try contents(wide).architecture == .sd2)

        var sdxl = Self.listing.shapes
        sdxl["model.diffusion_model.label_emb.0.0.weight"] = [1280, 2816]
        #expect(try contents(sdxl).architecture == .sdxl)
        let sdxlPath = try SafetensorsTestFile.write(header: #"{"conditioner.embedders.0.transformer.text_model.final_layer_norm.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])
        let refusal = #expect(throws: ModelIOError.self) { try StableDiffusionCheckpoint.open(sdxlPath) }
        #expect(refusal?.description.contains("not supported yet: SDXL") == true)
    }

    @Test func missingComponentsAreNamed() throws {
        let unetOnly = Self.listing.shapes.filter { $0.key.hasPrefix("model.diffusion_model.") }
        let contents = try contents(unetOnly)
        #expect(contents.report.missingComponents["vae"] == "no 'first_stage_model.*' tensors")
        #expect(contents.report.missingComponents["text_encoder"] == "no 'cond_stage_model.transformer.*' tensors")
        #expect(contents.unet?.tensorNames.count == 686)
    }

    @Test func unknownKeysAreReportedNotDropped() throws {
        var shapes = Self.listing.shapes
        shapes["model.diffusion_model.input_blocks.1.0.mystery.weight"] = [3]
        shapes["something_else"] = [1]
        let contents = try contents(shapes)
        #expect(contents.report.unmappedKeys == ["model.diffusion_model.input_blocks.1.0.mystery.weight", "something_else"])
    }

    @Test func loraIsExplained() throws {
        let contents = try contents(["lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight": [4, 320]])
        #expect(contents.report.missingComponents["unet"]?.contains("looks like a LoRA") == true)
    }
}
