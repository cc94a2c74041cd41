import DiffusionModels
import Foundation
import Layers
import ModelIO
import Samplers
import Tensors

/// An AnimateDiff motion module ready for a model: its weights (with any motion LoRAs merged), its
/// version, and the noise schedule it was trained with.
public struct MotionModel: Sendable {
    /// The checkpoint's file or folder name, for messages and metadata.
    public let name: String
    public let version: MotionModuleCheckpoint.Version
    public let adapter: MotionAdapter
    /// The beta schedule sampling must use: diffusers `linear` (0.00085 → 0.012, what LDM calls
    /// `sqrt_linear`) for v1–v3, which is what they were trained with — SD's `scaled_linear` gives the
    /// grey, washed-out frames users report; SD's own schedule for AnimateLCM.
    public let betaSchedule: NoiseSchedule.BetaSchedule
    /// Things the user should know (ignored keys, LoRA modules the module lacks).
    public let warnings: [String]

    /// A motion LoRA and the strength its update is added with.
    public struct LoRA: Sendable, Equatable {
        public var path: String
        public var strength: Double

        public init(path: String, strength: Double = 1) {
            self.path = path
            self.strength = strength
        }
    }

    /// Loads the motion module at `path` (`.safetensors`, `.ckpt` or a diffusers `MotionAdapter`
    /// folder) for a UNet of configuration `unet`, merging `loras` (`W += strength · up · down`, the
    /// official MotionLoRA merge). `heads` and `normGroups` override the official 8 and 32 for
    /// single files that differ (a diffusers folder's `config.json` gives its own).
    /// - Throws: `ModelIOError`, `LayersError` or `DiffusionModelsError` naming the file and key.
    public static func load(
        path: String, for unet: UNetConfiguration, loras: [LoRA] = [], heads: Int? = nil, normGroups: Int? = nil
    ) throws -> MotionModel {
        let checkpoint = try MotionModuleCheckpoint.open(path)
        var warnings: [String] = []
        if !checkpoint.ignoredKeys.isEmpty {
            let shown = checkpoint.ignoredKeys.prefix(3).joined(separator: ", ")
            warnings.append("\(path): skipped \(checkpoint.ignoredKeys.count) keys that are not motion-module weights (\(shown)…)")
        }
        let configuration = MotionAdapterConfiguration(
            blockOutChannels: checkpoint.levelChannels, layersPerBlock: checkpoint.modulesPerDownLevel,
            hasMidBlock: checkpoint.hasMidBlock, heads: heads ?? checkpoint.heads ?? 8,
            normGroups: normGroups ?? checkpoint.normGroups ?? 32, maxFrames: checkpoint.maxFrames,
            crossFrameResnetNorm: checkpoint.version == .v1)
        do {
            try configuration.validate(for: unet)
        } catch {
            throw PipelineError.modelUnavailable("\(path): \(error) — is this motion module for an SD1.x model?")
        }
        var weights: any TensorSource = checkpoint.weights
        if !loras.isEmpty {
            let merged = try mergedLoRAs(loras, into: checkpoint)
            weights = LoRAMergedSource(base: checkpoint.weights, deltas: merged.deltas)
            warnings += merged.warnings
        }
        let adapter = try MotionAdapter(
            from: WeightReader(weights, component: "motion module \(path)"), configuration: configuration)
        return MotionModel(
            name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, version: checkpoint.version,
            adapter: adapter, betaSchedule: checkpoint.version == .animateLCM ? .scaledLinear : .linear, warnings: warnings)
    }

    /// The built-in demo motion module for the demo model: the v3 layout with deterministic random
    /// weights, so the AnimateDiff path runs end to end without files.
    public static func demo(for unet: UNetConfiguration) throws -> MotionModel {
        let configuration = MotionAdapterConfiguration(
            blockOutChannels: unet.blockOutChannels, layersPerBlock: unet.layersPerBlock, hasMidBlock: false,
            heads: 8, normGroups: unet.normGroups, maxFrames: 32)
        let adapter = try MotionAdapter(
            from: WeightReader(synthesizingWithSeed: 0x414E_494D, component: "demo motion module"),
            configuration: configuration)
        return MotionModel(
            name: "demo-motion-module", version: .v3, adapter: adapter, betaSchedule: .linear,
            warnings: ["no motion module given: using the built-in demo motion module (random weights)"])
    }

    /// The summed `strength · up · down` of every LoRA, per weight the module has.
    private static func mergedLoRAs(
        _ loras: [LoRA], into checkpoint: MotionModuleCheckpoint
    ) throws -> (deltas: [String: Tensor], warnings: [String]) {
        var deltas: [String: Tensor] = [:]
        var warnings: [String] = []
        for lora in loras {
            let file = try MotionLoRAFile(path: lora.path)
            var skipped = 0
            for (key, delta) in file.deltas {
                guard let shape = checkpoint.weights.shape(of: key) else {
                    skipped += 1
                    continue
                }
                guard shape == delta.shape else {
                    throw ModelIOError.malformed(
                        file: lora.path, detail: "update of '\(key)' has shape \(delta.shape), the motion module's weight \(shape)")
                }
                let scaled = delta * Float(lora.strength)
                deltas[key] = deltas[key].map { $0 + scaled } ?? scaled
            }
            if skipped > 0 {
                warnings.append(
                    "\(lora.path): \(skipped) of \(file.deltas.count) updates target modules this \(checkpoint.version.rawValue) motion module lacks (MotionLoRAs are made for v2); skipped")
            }
        }
        return (deltas, warnings)
    }
}
