import Foundation
import Tensors

/// Diffusers `config.json` documents for checkpoints that carry none (single files, standalone VAE
/// files, folders without `config.json`), read off the tensor names and shapes in diffusers naming,
/// so the models see the same configuration data whatever the checkpoint's format.
///
/// What the shapes fix: channels per level, layers per block, which levels have attention, in/out
/// and latent channels, cross-attention width, linear or convolutional projections, CLIP width,
/// depth, MLP width, vocabulary and positions. What they cannot show comes from the SD1.x
/// conventions of diffusers' `create_unet_diffusers_config_from_ldm` and the SD1.5 configs: 8
/// attention heads (diffusers' `attention_head_dim`), 32 normalisation groups, CLIP heads = width/64,
/// VAE scaling factor 0.18215. Each document carries `"_inferred_from": "tensor shapes"`.
enum InferredConfig {
    /// UNet2DConditionModel configuration.
    static func unet(_ tensors: any TensorSource, file: String) throws(ModelIOError) -> Data {
        let names = tensors.tensorNames
        func shape(_ name: String) throws(ModelIOError) -> [Int] { try required(tensors, name, "unet", file) }
        let levels = count(names, "down_blocks.{i}.")
        guard levels > 0 else { throw missing("unet", file, "no down_blocks.* tensors") }
        var channels: [JSONValue] = []
        var downTypes: [JSONValue] = []
        var upTypes: [JSONValue] = []
        for level in 0..<levels {
            channels.append(.integer(try shape("down_blocks.\(level).resnets.0.conv1.weight")[0]))
            let down = names.contains { $0.hasPrefix("down_blocks.\(level).attentions.") }
            downTypes.append(.string(down ? "CrossAttnDownBlock2D" : "DownBlock2D"))
            let up = names.contains { $0.hasPrefix("up_blocks.\(level).attentions.") }
            upTypes.append(.string(up ? "CrossAttnUpBlock2D" : "UpBlock2D"))
        }
        let convIn = try shape("conv_in.weight")
        let convOut = try shape("conv_out.weight")
        guard convIn.count == 4, convOut.count == 4 else {
            throw .malformed(file: file, detail: "unet: conv_in.weight \(convIn) / conv_out.weight \(convOut) are not 4-D")
        }
        let crossKey = names.first { $0.hasSuffix(".attn2.to_k.weight") }
        let crossAttention = crossKey.flatMap(tensors.shape(of:))?.last ?? 768
        let projection = names.first { $0.hasSuffix(".proj_in.weight") }.flatMap(tensors.shape(of:))
        let transformerLayers = max(1, count(names, "mid_block.attentions.0.transformer_blocks.{i}."))
        let members: [(String, JSONValue)] = [
            ("_class_name", .string("UNet2DConditionModel")),
            ("_inferred_from", .string("tensor shapes")),
            ("act_fn", .string("silu")),
            ("addition_embed_type", .null),
            ("attention_head_dim", .integer(8)),
            ("block_out_channels", .array(channels)),
            ("center_input_sample", .bool(false)),
            ("class_embed_type", .null),
            ("conv_in_kernel", .integer(convIn[2])),
            ("conv_out_kernel", .integer(convOut[2])),
            ("cross_attention_dim", .integer(crossAttention)),
            ("down_block_types", .array(downTypes)),
            ("downsample_padding", .integer(1)),
            ("dual_cross_attention", .bool(false)),
            ("flip_sin_to_cos", .bool(true)),
            ("freq_shift", .integer(0)),
            ("in_channels", .integer(convIn[1])),
            ("layers_per_block", .integer(count(names, "down_blocks.0.resnets.{i}."))),
            ("mid_block_scale_factor", .integer(1)),
            ("mid_block_type", .string("UNetMidBlock2DCrossAttn")),
            ("norm_eps", .number(1e-5)),
            ("norm_num_groups", .integer(32)),
            ("num_attention_heads", .null),
            ("only_cross_attention", .bool(false)),
            ("out_channels", .integer(convOut[0])),
            ("sample_size", .integer(64)),
            ("time_embedding_type", .string("positional")),
            ("transformer_layers_per_block", .integer(transformerLayers)),
            ("up_block_types", .array(upTypes)),
            ("upcast_attention", .bool(false)),
            ("use_linear_projection", .bool(projection?.count == 2)),
        ]
        return document(members)
    }

    /// AutoencoderKL configuration.
    static func vae(_ tensors: any TensorSource, file: String) throws(ModelIOError) -> Data {
        let names = tensors.tensorNames
        func shape(_ name: String) throws(ModelIOError) -> [Int] { try required(tensors, name, "vae", file) }
        let levels = count(names, "encoder.down_blocks.{i}.")
        guard levels > 0 else { throw missing("vae", file, "no encoder.down_blocks.* tensors") }
        var channels: [JSONValue] = []
        for level in 0..<levels {
            channels.append(.integer(try shape("encoder.down_blocks.\(level).resnets.0.conv1.weight")[0]))
        }
        let convIn = try shape("encoder.conv_in.weight")
        let convOut = try shape("decoder.conv_out.weight")
        let latent = try shape("decoder.conv_in.weight")
        guard convIn.count == 4, convOut.count == 4, latent.count == 4 else {
            throw .malformed(file: file, detail: "vae: conv_in/conv_out weights are not 4-D")
        }
        let members: [(String, JSONValue)] = [
            ("_class_name", .string("AutoencoderKL")),
            ("_inferred_from", .string("tensor shapes")),
            ("act_fn", .string("silu")),
            ("block_out_channels", .array(channels)),
            ("down_block_types", .array(Array(repeating: .string("DownEncoderBlock2D"), count: levels))),
            ("force_upcast", .bool(true)),
            ("in_channels", .integer(convIn[1])),
            ("latent_channels", .integer(latent[1])),
            ("layers_per_block", .integer(count(names, "encoder.down_blocks.0.resnets.{i}."))),
            ("mid_block_add_attention", .bool(names.contains { $0.hasPrefix("encoder.mid_block.attentions.0.") })),
            ("norm_num_groups", .integer(32)),
            ("out_channels", .integer(convOut[0])),
            ("sample_size", .integer(512)),
            ("scaling_factor", .number(0.18215)),
            ("up_block_types", .array(Array(repeating: .string("UpDecoderBlock2D"), count: levels))),
            ("use_post_quant_conv", .bool(names.contains("post_quant_conv.weight"))),
            ("use_quant_conv", .bool(names.contains("quant_conv.weight"))),
        ]
        return document(members)
    }

    /// CLIPTextModel configuration (transformers).
    static func textEncoder(_ tensors: any TensorSource, file: String) throws(ModelIOError) -> Data {
        let names = tensors.tensorNames
        func shape(_ name: String) throws(ModelIOError) -> [Int] { try required(tensors, name, "text_encoder", file) }
        let embedding = try shape("text_model.embeddings.token_embedding.weight")
        let positions = try shape("text_model.embeddings.position_embedding.weight")
        let mlp = try shape("text_model.encoder.layers.0.mlp.fc1.weight")
        guard embedding.count == 2, positions.count == 2, mlp.count == 2 else {
            throw .malformed(file: file, detail: "text_encoder: embedding or MLP weights are not 2-D")
        }
        let hidden = embedding[1]
        let members: [(String, JSONValue)] = [
            ("_inferred_from", .string("tensor shapes")),
            ("architectures", .array([.string("CLIPTextModel")])),
            ("attention_dropout", .number(0)),
            ("bos_token_id", .integer(0)),
            ("eos_token_id", .integer(2)),
            ("hidden_act", .string("quick_gelu")),
            ("hidden_size", .integer(hidden)),
            ("initializer_factor", .number(1)),
            ("initializer_range", .number(0.02)),
            ("intermediate_size", .integer(mlp[0])),
            ("layer_norm_eps", .number(1e-5)),
            ("max_position_embeddings", .integer(positions[0])),
            ("model_type", .string("clip_text_model")),
            ("num_attention_heads", .integer(max(1, hidden / 64))),
            ("num_hidden_layers", .integer(count(names, "text_model.encoder.layers.{i}."))),
            ("pad_token_id", .integer(1)),
            ("projection_dim", .integer(768)),
            ("vocab_size", .integer(embedding[0])),
        ]
        return document(members)
    }

    /// How many consecutive indices from 0 appear at `{i}` of `pattern` among `names`.
    static func count(_ names: [String], _ pattern: String) -> Int {
        let pattern = KeyPattern(pattern)
        var seen = Set<Int>()
        for name in names {
            if let index = pattern.match(name)?.values["i"] { seen.insert(index) }
        }
        var count = 0
        while seen.contains(count) { count += 1 }
        return count
    }

    private static func required(_ tensors: any TensorSource, _ name: String, _ component: String, _ file: String) throws(ModelIOError) -> [Int] {
        guard let shape = tensors.shape(of: name), !shape.isEmpty else {
            throw missing(component, file, "cannot infer its configuration: no tensor '\(name)'")
        }
        return shape
    }

    private static func missing(_ component: String, _ file: String, _ detail: String) -> ModelIOError {
        .missingComponent(file: file, component: component, detail: detail)
    }

    private static func document(_ members: [(String, JSONValue)]) -> Data {
        Data((JSONValue.object(members.map { (key: $0.0, value: $0.1) }).serialized() + "\n").utf8)
    }
}
