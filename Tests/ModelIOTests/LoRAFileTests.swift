import Foundation
import ModelIO
import Tensors
import TestSupport
import Testing

/// LoRA key formats and their refusals (`LoRAFile`, `LoRAKeyMapping`).
@Suite struct LoRAFileTests {
    static func file(_ tensors: [String: Tensor], metadata: [String: String] = [:]) throws -> LoRAFile {
        try LoRAFile(source: InMemoryTensorSource(tensors), metadata: metadata, path: "test.safetensors")
    }

    @Test func kohyaFactorsAndAlphaGiveTheScale() throws {
        let lora = try Self.file([
            "lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight": Tensor(shape: [4, 16, 1, 1], repeating: 1),
            "lora_unet_down_blocks_0_attentions_0_proj_in.lora_up.weight": Tensor(shape: [16, 4, 1, 1], repeating: 1),
            "lora_unet_down_blocks_0_attentions_0_proj_in.alpha": Tensor(shape: [], repeating: 2),
            "lora_te1_text_model_encoder_layers_0_mlp_fc1.lora_down.weight": Tensor(shape: [2, 8], repeating: 1),
            "lora_te1_text_model_encoder_layers_0_mlp_fc1.lora_up.weight": Tensor(shape: [6, 2], repeating: 1),
        ])
        let unet = try #require(lora.modules.first { $0.component == .unet })
        #expect(unet.scale == 0.5 && unet.rank == 4)
        #expect(unet.delta().shape == [16, 16] && unet.delta().scalars.allSatisfy { $0 == 2 })
        let index = LoRAKeyMapping.kohyaIndex(["down_blocks.0.attentions.0.proj_in.weight", "down_blocks.0.attentions.0.proj_in.bias"])
        #expect(LoRAKeyMapping.target(for: unet, in: [], kohyaIndex: index) == "down_blocks.0.attentions.0.proj_in.weight")
        let text = try #require(lora.modules.first { $0.component == .textEncoder })
        #expect(text.scale == 1)
    }

    @Test func peftAlphaComesFromTheHeaderMetadata() throws {
        let metadata = ["lora_adapter_metadata": #"{"unet.lora_alpha": 8, "unet.alpha_pattern": {"to_k": 2}, "text_encoder.lora_alpha": 1, "text_encoder.use_rslora": true}"#]
        let lora = try Self.file([
            "unet.mid_block.attentions.0.transformer_blocks.0.attn1.to_q.lora_A.weight": Tensor(shape: [4, 8]),
            "unet.mid_block.attentions.0.transformer_blocks.0.attn1.to_q.lora_B.weight": Tensor(shape: [8, 4]),
            "unet.mid_block.attentions.0.transformer_blocks.0.attn1.to_k.lora_A.weight": Tensor(shape: [4, 8]),
            "unet.mid_block.attentions.0.transformer_blocks.0.attn1.to_k.lora_B.weight": Tensor(shape: [8, 4]),
            "text_encoder.encoder.layers.0.self_attn.q_proj.lora_A.weight": Tensor(shape: [4, 8]),
            "text_encoder.encoder.layers.0.self_attn.q_proj.lora_B.weight": Tensor(shape: [8, 4]),
        ], metadata: metadata)
        let scales = Dictionary(uniqueKeysWithValues: lora.modules.map { ($0.name, $0.scale) })
        #expect(scales["mid_block.attentions.0.transformer_blocks.0.attn1.to_q"] == 2)
        #expect(scales["mid_block.attentions.0.transformer_blocks.0.attn1.to_k"] == 0.5)
        #expect(scales["encoder.layers.0.self_attn.q_proj"] == 0.5)
        let text = try #require(lora.modules.first { $0.component == .textEncoder })
        #expect(LoRAKeyMapping.target(for: text, in: ["text_model.encoder.layers.0.self_attn.q_proj.weight"], kohyaIndex: [:])
            == "text_model.encoder.layers.0.self_attn.q_proj.weight")
    }

    @Test(arguments: [
        (["lora_unet_x.hada_w1_a": [2, 2]], "LoHa"),
        (["lora_unet_x.lora_down.weight": [2, 4]], "no matching 'lora_unet_x.lora_up.weight'"),
        (["lora_unet_x.lora_down.weight": [2, 4], "lora_unet_x.lora_up.weight": [4, 3]], "not LoRA factors of one rank"),
        (["model.diffusion_model.x.weight": [2, 2]], "1 key(s) are not LoRA factors"),
        ([String: [Int]](), "no LoRA modules"),
    ])
    func malformedFilesAreRefusedByKey(tensors: [String: [Int]], message: String) throws {
        #expect {
            try Self.file(tensors.mapValues { Tensor(shape: $0) })
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
