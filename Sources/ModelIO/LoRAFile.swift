import Foundation
import Tensors

/// The model component a LoRA module adapts.
public enum LoRAComponent: String, Sendable, Equatable {
    case unet = "UNet"
    case textEncoder = "text encoder"
}

/// One adapted layer of a LoRA (Hu et al. 2021): the layer's weight `W` becomes
/// `W + strength · scale · up · down`, with `scale = alpha / rank` (kohya's `.alpha`, PEFT's
/// `lora_alpha`; `alpha / √rank` for rsLoRA; 1 when the file gives no alpha). Linear layers have
/// `down` [rank, in] and `up` [out, rank]; convolutions (LoCon) `down` [rank, in, kh, kw] and
/// `up` [out, rank, 1, 1].
public struct LoRAModule: Sendable {
    public let component: LoRAComponent
    /// The module's name after the format's prefix, as the file spells it.
    public let name: String
    public let naming: LoRAKeyMapping.Naming
    public let down: Tensor
    public let up: Tensor
    public let scale: Float
    /// The file key of `down`, for messages.
    public let key: String

    public var rank: Int { down.shape[0] }

    /// `scale · up · down` as a matrix [out, in·kh·kw]; reshape it to the weight's shape.
    public func delta() -> Tensor {
        let downMatrix = down.reshaped([rank, down.count / rank])
        let upMatrix = up.reshaped([up.shape[0], rank])
        return upMatrix.matmul(downMatrix) * scale
    }
}

/// A LoRA file: kohya/A1111 (including LyCORIS LoCon convolutions) or diffusers/PEFT, as
/// `.safetensors` or a torch `.pt`/`.ckpt` state dict. Every key must be understood: factors, alphas,
/// and nothing else; other adapter types (LoHa, LoKr, DoRA, …) are refused by name.
public struct LoRAFile: Sendable {
    /// The path it was read from.
    public let path: String
    /// The file name without extension: what A1111's `<lora:name:weight>` calls it.
    public let name: String
    public let modules: [LoRAModule]

    /// Reads and validates the LoRA at `path`.
    /// - Throws: `ModelIOError` naming the file and key.
    public init(path: String) throws {
        let (source, _) = try SingleFileCheckpoint.openFile(path)
        let metadata = (source as? SafetensorsFile)?.metadata ?? [:]
        try self.init(source: source, metadata: metadata, path: path)
    }

    /// Parses LoRA tensors from `source`; `metadata` is the safetensors header's (diffusers keeps PEFT's
    /// `lora_alpha` there under `lora_adapter_metadata`).
    public init(source: any TensorSource, metadata: [String: String] = [:], path: String) throws {
        self.path = path
        name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let alphas = try PEFTAlphas(metadata: metadata, file: path)
        let names = Set(source.tensorNames)
        var used: Set<String> = []
        var modules: [LoRAModule] = []
        for key in source.tensorNames.sorted() {
            if let kind = LoRAKeyMapping.unsupportedKind(of: key) {
                throw ModelIOError.malformed(file: path, detail: "key '\(key)' belongs to a \(kind) adapter, which is not supported (only LoRA/LoCon)")
            }
            guard let format = LoRAKeyMapping.formats.first(where: { key.hasPrefix($0.prefix) && key.hasSuffix($0.down) }) else {
                continue
            }
            let base = String(key.dropLast(format.down.count))
            let upKey = base + format.up
            guard names.contains(upKey) else {
                throw ModelIOError.malformed(file: path, detail: "key '\(key)' has no matching '\(upKey)'")
            }
            let down = try source.tensor(named: key)
            let up = try source.tensor(named: upKey)
            let rank = down.shape.first ?? 0
            guard rank > 0, (down.rank == 2 || down.rank == 4), up.rank == down.rank, up.shape[1] == rank,
                up.shape.dropFirst(2).allSatisfy({ $0 == 1 })
            else {
                throw ModelIOError.malformed(
                    file: path, detail: "'\(key)' \(down.shape) and '\(upKey)' \(up.shape) are not LoRA factors of one rank")
            }
            let moduleName = String(base.dropFirst(format.prefix.count))
            let alphaKey = base + ".alpha"
            var scale: Float
            if names.contains(alphaKey) {
                let alpha = try source.tensor(named: alphaKey)
                guard alpha.count == 1 else {
                    throw ModelIOError.malformed(file: path, detail: "'\(alphaKey)' has shape \(alpha.shape), expected a scalar")
                }
                scale = alpha.scalars[0] / Float(rank)
                used.insert(alphaKey)
            } else {
                scale = alphas.scale(component: format.component, module: moduleName, rank: rank)
            }
            modules.append(LoRAModule(
                component: format.component, name: moduleName, naming: format.naming, down: down, up: up, scale: scale, key: key))
            used.formUnion([key, upKey])
        }
        let unknown = source.tensorNames.filter { !used.contains($0) }.sorted()
        guard unknown.isEmpty else {
            let shown = unknown.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            throw ModelIOError.malformed(
                file: path,
                detail: "\(unknown.count) key(s) are not LoRA factors or alphas in a known format (kohya lora_unet_/lora_te_, diffusers/PEFT unet./text_encoder.): \(shown)")
        }
        guard !modules.isEmpty else { throw ModelIOError.malformed(file: path, detail: "no LoRA modules found") }
        self.modules = modules
    }
}

/// PEFT's adapter settings as diffusers stores them in a safetensors header
/// (`lora_adapter_metadata`: `unet.lora_alpha`, `unet.alpha_pattern`, `unet.use_rslora`, and the
/// same under `text_encoder.`). Without them the scale is 1, as diffusers assumes.
struct PEFTAlphas {
    private var settings: [String: Any] = [:]

    init(metadata: [String: String], file: String) throws(ModelIOError) {
        guard let text = metadata["lora_adapter_metadata"] else { return }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)), let settings = object as? [String: Any] else {
            throw .malformed(file: file, detail: "header metadata 'lora_adapter_metadata' is not a JSON object")
        }
        self.settings = settings
        for component in ["unet", "text_encoder"] where (settings[component + ".use_dora"] as? Bool) == true {
            throw .malformed(file: file, detail: "the \(component) adapter uses DoRA, which is not supported (only LoRA)")
        }
    }

    /// alpha / rank (alpha / √rank with rsLoRA); an `alpha_pattern` entry whose key ends the module
    /// name overrides `lora_alpha`.
    func scale(component: LoRAComponent, module: String, rank: Int) -> Float {
        let prefix = component == .unet ? "unet." : "text_encoder."
        var alpha = (settings[prefix + "lora_alpha"] as? NSNumber)?.floatValue
        if let patterns = settings[prefix + "alpha_pattern"] as? [String: Any] {
            for (pattern, value) in patterns.sorted(by: { $0.key.count > $1.key.count })
            where module == pattern || module.hasSuffix("." + pattern) {
                alpha = (value as? NSNumber)?.floatValue ?? alpha
                break
            }
        }
        guard let alpha else { return 1 }
        let rslora = (settings[prefix + "use_rslora"] as? Bool) == true
        return alpha / (rslora ? Float(rank).squareRoot() : Float(rank))
    }
}
