import Foundation
import Tensors

/// An AnimateDiff motion-module checkpoint for SD1.x (`mm_sd_v15.ckpt`, `mm_sd_v15_v2.ckpt`,
/// `v3_sd15_mm.ckpt`, their `.safetensors` copies, or a diffusers `MotionAdapter` folder),
/// presented in the official key naming (`down_blocks.0.motion_modules.0.temporal_transformer.…`)
/// without the `pos_encoder.pe` buffers, which the model recomputes as the official loader does.
///
/// The version is read from the keys the way AnimateDiff-Evolved and sd-webui-animatediff read it:
/// a mid-block module means v2; no position table means AnimateLCM (64 positions); otherwise the
/// table's length tells v1 (24) from v3 (32). Checkpoints for other base models (AnimateDiff-SDXL,
/// HotshotXL, PIA, SparseCtrl) are refused by name.
public struct MotionModuleCheckpoint: Sendable {
    public enum Version: String, Sendable, Equatable {
        case v1, v2, v3
        case animateLCM = "AnimateLCM"
    }

    public let path: String
    public let version: Version
    /// Length of the position table: the most frames one UNet call may hold.
    public let maxFrames: Int
    /// Channels of the modules of each down level.
    public let levelChannels: [Int]
    /// Modules per down level (the UNet's `layers_per_block`).
    public let modulesPerDownLevel: Int
    public let hasMidBlock: Bool
    /// Heads and norm groups from a diffusers folder's `config.json`; nil in single files (whose
    /// official configuration is 8 heads, 32 groups).
    public let heads: Int?
    public let normGroups: Int?
    /// The module weights in official naming, without position tables.
    public let weights: any TensorSource
    /// Keys that are not motion-module weights (skipped, as the official loader skips them).
    public let ignoredKeys: [String]

    /// Opens and identifies the motion module at `path`.
    /// - Throws: `ModelIOError` naming the file and the key that shows what is wrong.
    public static func open(_ path: String) throws(ModelIOError) -> MotionModuleCheckpoint {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, detail: "no such file or folder")
        }
        if isDirectory.boolValue {
            let component: DiffusersFolder.Component
            do { component = try DiffusersFolder.component(path, named: "motion adapter", checkpoint: path) } catch let error as ModelIOError {
                throw error
            } catch {
                throw .unreadable(file: path, detail: "\(error)")
            }
            return try identify(component.tensors, path: path, config: component.config)
        }
        return try identify(try SingleFileCheckpoint.openFile(path).source, path: path, config: nil)
    }

    /// Identifies the motion module in `source` (read from `path`); `config` is a diffusers `config.json`.
    static func identify(_ source: any TensorSource, path: String, config: Data?) throws(ModelIOError) -> MotionModuleCheckpoint {
        let names = source.tensorNames
        if let key = names.first(where: { $0.contains("temporal_attentions.") || $0.hasSuffix("pos_encoder.positional_encoding") }) {
            throw .unsupportedArchitecture(file: path, architecture: "HotshotXL motion module (SDXL)", evidence: key)
        }
        if let key = names.first(where: { $0.hasPrefix("controlnet") }) {
            throw .unsupportedArchitecture(file: path, architecture: "SparseCtrl encoder", evidence: key)
        }
        if names.contains("conv_in.weight") {
            throw .unsupportedArchitecture(file: path, architecture: "PIA motion module", evidence: "conv_in.weight")
        }
        if let key = names.first(where: { $0.contains("_lora.") || $0.contains(".lora_") }) {
            throw .malformed(file: path, detail: "'\(key)' is a LoRA key: this is a motion LoRA, not a motion module")
        }
        var entries: [String: MappedTensorSource.Entry] = [:]
        var ignored: [String] = []
        var tableLength: Int?
        for name in names {
            guard let official = MotionModuleKeys.official(name), let shape = source.shape(of: name) else {
                ignored.append(name)
                continue
            }
            if official.hasSuffix(".pos_encoder.pe") || official.hasSuffix(".pos_embed.pe") {
                guard shape.count == 3, shape[0] == 1, shape[1] > 0 else {
                    throw .malformed(file: path, detail: "'\(name)' has shape \(shape), expected [1, frames, channels]")
                }
                tableLength = shape[1]
                continue
            }
            entries[official] = .init(sourceName: name, shape: shape)
        }
        guard !entries.isEmpty else {
            throw .malformed(
                file: path,
                detail: "no motion-module keys (expected down_blocks.N.motion_modules.M.temporal_transformer.…)")
        }
        let levels = try levelChannels(entries, path: path)
        if levels == [320, 640, 1280] {
            throw .unsupportedArchitecture(
                file: path, architecture: "AnimateDiff-SDXL motion module",
                evidence: "3 levels of 320, 640, 1280 channels")
        }
        let perLevel = Set(entries.keys.compactMap { MotionModuleKeys.location($0) }.filter { $0.block == "down_blocks.0" }.map(\.module)).count
        let hasMidBlock = entries.keys.contains { $0.hasPrefix("mid_block.") }
        let settings = try DiffusersSettings(config, path: path)
        let maxFrames = settings.maxFrames ?? tableLength ?? 64
        let version: Version
        if hasMidBlock {
            version = .v2
        } else if tableLength == nil && settings.maxFrames == nil {
            version = .animateLCM
        } else {
            version = maxFrames == 24 ? .v1 : .v3
        }
        return MotionModuleCheckpoint(
            path: path, version: version, maxFrames: maxFrames, levelChannels: levels, modulesPerDownLevel: perLevel,
            hasMidBlock: hasMidBlock, heads: settings.heads, normGroups: settings.normGroups,
            weights: MappedTensorSource(base: source, file: path, entries: entries), ignoredKeys: ignored.sorted())
    }

    /// Channels of each down level, from its first module's norm.
    private static func levelChannels(_ entries: [String: MappedTensorSource.Entry], path: String) throws(ModelIOError) -> [Int] {
        var channels: [Int] = []
        while let norm = entries["down_blocks.\(channels.count).motion_modules.0.temporal_transformer.norm.weight"] {
            guard norm.shape.count == 1 else {
                throw .malformed(file: path, detail: "'\(norm.sourceName)' has shape \(norm.shape), expected [channels]")
            }
            channels.append(norm.shape[0])
        }
        guard !channels.isEmpty else {
            throw .malformed(file: path, detail: "no down_blocks.0.motion_modules.0.temporal_transformer.norm.weight")
        }
        return channels
    }

    /// The numbers a diffusers `MotionAdapter` config gives.
    private struct DiffusersSettings {
        var heads: Int?
        var normGroups: Int?
        var maxFrames: Int?

        init(_ config: Data?, path: String) throws(ModelIOError) {
            guard let config else { return }
            let json: JSONValue
            do { json = try JSONValue.parse(config) } catch {
                throw .malformed(file: path + "/config.json", detail: "not valid JSON: \(error.reason) at offset \(error.position)")
            }
            func integer(_ key: String) throws(ModelIOError) -> Int? {
                guard let value = json[key] else { return nil }
                guard case .integer(let number) = value, number > 0 else {
                    throw .malformed(file: path + "/config.json", detail: "'\(key)' is \(value), expected a positive integer")
                }
                return number
            }
            heads = try integer("motion_num_attention_heads")
            normGroups = try integer("motion_norm_num_groups")
            maxFrames = try integer("motion_max_seq_length")
        }
    }
}
