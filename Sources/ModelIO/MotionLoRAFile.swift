import Foundation
import Tensors

/// An AnimateDiff MotionLoRA (the official v2 camera LoRAs such as `v2_lora_ZoomIn.ckpt`): low-rank
/// updates of the temporal attention projections, stored under diffusers' old attention-processor
/// names (`….attention_blocks.{a}.processor.to_q_lora.down.weight`, `down` [rank, C], `up` [C, rank]).
/// The official loader adds `strength · up · down` to each weight with no alpha or rank scaling.
public struct MotionLoRAFile: Sendable {
    public let path: String
    /// Motion-module weight key (official naming) → `up · down`, of the weight's shape [C, C].
    public let deltas: [String: Tensor]

    /// Reads and validates the motion LoRA at `path`.
    /// - Throws: `ModelIOError` naming the file and key.
    public init(path: String) throws {
        self.path = path
        let source = try SingleFileCheckpoint.openFile(path).source
        var pairs: [String: (down: String?, up: String?)] = [:]
        for name in source.tensorNames {
            guard let (target, factor) = Self.parse(name) else {
                throw ModelIOError.malformed(
                    file: path,
                    detail: "'\(name)' is not a motion LoRA key (expected ….attention_blocks.N.processor.to_q_lora.down.weight)")
            }
            if factor == "down" { pairs[target, default: (nil, nil)].down = name } else { pairs[target, default: (nil, nil)].up = name }
        }
        guard !pairs.isEmpty else { throw ModelIOError.malformed(file: path, detail: "no motion LoRA keys") }
        var deltas: [String: Tensor] = [:]
        for (target, pair) in pairs {
            guard let downName = pair.down, let upName = pair.up else {
                throw ModelIOError.malformed(file: path, detail: "'\(pair.down ?? pair.up ?? target)' has no matching \(pair.down == nil ? "down" : "up") factor")
            }
            let down = try source.tensor(named: downName)
            let up = try source.tensor(named: upName)
            guard down.rank == 2, up.rank == 2, up.shape[1] == down.shape[0] else {
                throw ModelIOError.malformed(
                    file: path, detail: "'\(downName)' \(down.shape) and '\(upName)' \(up.shape) are not [rank, in] and [out, rank]")
            }
            deltas[target] = up.matmul(down)
        }
        self.deltas = deltas
    }

    /// The weight a LoRA key updates and whether it is the `down` or `up` factor.
    static func parse(_ key: String) -> (target: String, factor: String)? {
        for projection in ["to_q", "to_k", "to_v", "to_out"] {
            for factor in ["down", "up"] {
                let suffix = ".processor.\(projection)_lora.\(factor).weight"
                guard key.hasSuffix(suffix) else { continue }
                let weight = projection == "to_out" ? "to_out.0" : projection
                guard let target = MotionModuleKeys.official("\(key.dropLast(suffix.count)).\(weight).weight") else { return nil }
                return (target, factor)
            }
        }
        return nil
    }
}
