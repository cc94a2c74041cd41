import Foundation
import Tensors
import TestSupport
import Testing

@testable import ModelIO

/// Identifying AnimateDiff motion modules by their keys, both namings, and refusing everything else
/// with the key that shows what it is.
@Suite struct MotionModuleCheckpointTests {
    /// The official keys of one module at `block`, `module` with `channels`, optionally with a position table.
    static func moduleKeys(_ block: String, _ module: Int, channels: Int, table: Int?) -> [String: Tensor] {
        let p = "\(block).motion_modules.\(module).temporal_transformer."
        var keys: [String: Tensor] = [
            p + "norm.weight": Tensor(shape: [channels]), p + "norm.bias": Tensor(shape: [channels]),
            p + "proj_in.weight": Tensor(shape: [channels, channels]),
        ]
        if let table {
            keys[p + "transformer_blocks.0.attention_blocks.0.pos_encoder.pe"] = Tensor(shape: [1, table, channels])
        }
        return keys
    }

    static func source(levels: [Int], mid: Bool, table: Int?) -> InMemoryTensorSource {
        var tensors: [String: Tensor] = [:]
        for (level, channels) in levels.enumerated() {
            for module in 0..<2 { tensors.merge(moduleKeys("down_blocks.\(level)", module, channels: channels, table: table)) { a, _ in a } }
        }
        if mid { tensors.merge(moduleKeys("mid_block", 0, channels: levels.last!, table: table)) { a, _ in a } }
        return InMemoryTensorSource(tensors)
    }

    @Test func versionsFollowMidBlockAndTableLength() throws {
        let sd15 = [320, 640, 1280, 1280]
        #expect(try MotionModuleCheckpoint.identify(Self.source(levels: sd15, mid: false, table: 24), path: "m", config: nil).version == .v1)
        #expect(try MotionModuleCheckpoint.identify(Self.source(levels: sd15, mid: true, table: 32), path: "m", config: nil).version == .v2)
        let v3 = try MotionModuleCheckpoint.identify(Self.source(levels: sd15, mid: false, table: 32), path: "m", config: nil)
        #expect(v3.version == .v3 && v3.levelChannels == sd15 && v3.modulesPerDownLevel == 2 && v3.maxFrames == 32)
        let lcm = try MotionModuleCheckpoint.identify(Self.source(levels: sd15, mid: false, table: nil), path: "m", config: nil)
        #expect(lcm.version == .animateLCM && lcm.maxFrames == 64)
        #expect(!v3.weights.tensorNames.contains { $0.hasSuffix("pos_encoder.pe") })
    }

    @Test func diffusersNamesBecomeOfficialNames() {
        #expect(MotionModuleKeys.official("down_blocks.1.motion_modules.0.transformer_blocks.0.attn2.to_q.weight")
            == "down_blocks.1.motion_modules.0.temporal_transformer.transformer_blocks.0.attention_blocks.1.to_q.weight")
        #expect(MotionModuleKeys.official("mid_block.motion_modules.0.transformer_blocks.0.norm3.bias")
            == "mid_block.motion_modules.0.temporal_transformer.transformer_blocks.0.ff_norm.bias")
        #expect(MotionModuleKeys.official("up_blocks.3.motion_modules.2.proj_out.weight")
            == "up_blocks.3.motion_modules.2.temporal_transformer.proj_out.weight")
        #expect(MotionModuleKeys.official("down_blocks.0.attentions.0.proj_in.weight") == nil)
        #expect(MotionModuleKeys.official("down_blocks.x.motion_modules.0.norm.weight") == nil)
    }

    @Test func otherFilesAreRefusedByName() {
        func message(_ tensors: [String: Tensor]) -> String {
            do {
                _ = try MotionModuleCheckpoint.identify(InMemoryTensorSource(tensors), path: "file.safetensors", config: nil)
                return "accepted"
            } catch { return "\(error)" }
        }
        let x = Tensor(shape: [4])
        #expect(message(["model.diffusion_model.input_blocks.0.0.weight": x]).contains("no motion-module keys"))
        #expect(message(["down_blocks.0.motion_modules.0.temporal_transformer.transformer_blocks.0.attention_blocks.0.processor.to_q_lora.down.weight": x])
            .contains("motion LoRA"))
        #expect(message(["down_blocks.0.motion_modules.0.temporal_attentions.0.to_q.weight": x]).contains("HotshotXL"))
        #expect(message(["conv_in.weight": x]).contains("PIA"))
        var xl: [String: Tensor] = [:]
        for (level, channels) in [320, 640, 1280].enumerated() {
            xl.merge(Self.moduleKeys("down_blocks.\(level)", 0, channels: channels, table: 32)) { a, _ in a }
        }
        #expect(message(xl).contains("SDXL"))
        var badTable = Self.moduleKeys("down_blocks.0", 0, channels: 8, table: nil)
        badTable["down_blocks.0.motion_modules.0.temporal_transformer.transformer_blocks.0.attention_blocks.0.pos_encoder.pe"] = Tensor(shape: [32, 8])
        #expect(message(badTable).contains("expected [1, frames, channels]"))
    }

    @Test func missingFileIsNamed() {
        #expect(throws: ModelIOError.unreadable(file: "/nonexistent/mm.ckpt", detail: "no such file or folder")) {
            _ = try MotionModuleCheckpoint.open("/nonexistent/mm.ckpt")
        }
    }

    @Test func motionLoRAKeysMapToTheWeightsTheyUpdate() throws {
        let base = "up_blocks.1.motion_modules.2.temporal_transformer.transformer_blocks.0.attention_blocks.0"
        #expect(MotionLoRAFile.parse(base + ".processor.to_out_lora.up.weight")! == (base + ".to_out.0.weight", "up"))
        #expect(MotionLoRAFile.parse(base + ".processor.to_k_lora.down.weight")! == (base + ".to_k.weight", "down"))
        #expect(MotionLoRAFile.parse("lora_unet_down_blocks_0.lora_down.weight") == nil)
        let file = try MotionLoRAFile(path: Fixtures.url("animatediff/motion_lora_tiny.ckpt").path)
        #expect(file.deltas.count == 16 * 2 * 4)
        #expect(file.deltas.values.allSatisfy { $0.rank == 2 && $0.shape[0] == $0.shape[1] })
    }
}
