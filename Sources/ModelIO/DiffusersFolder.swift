import Foundation
import Tensors

/// Reads a diffusers pipeline folder (`StableDiffusionPipeline.save_pretrained` layout): one
/// subfolder per component with `config.json` and its weights. Keys are already in diffusers naming;
/// CLIP keys get the `text_model.` prefix that transformers 5 no longer writes.
enum DiffusersFolder {
    /// Weight file names tried in each component folder, in order (diffusers' and transformers'
    /// names, then their fp16 variants).
    static let weightFileNames = [
        "diffusion_pytorch_model.safetensors", "model.safetensors",
        "diffusion_pytorch_model.fp16.safetensors", "model.fp16.safetensors",
    ]

    /// Whether `path` looks like a diffusers pipeline folder.
    static func isPipelineFolder(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/model_index.json")
            || FileManager.default.fileExists(atPath: path + "/unet")
    }

    /// One component: its tensors and its `config.json` bytes.
    struct Component {
        let tensors: any TensorSource
        let config: Data?
    }

    /// Opens the component folder `folder` (`…/unet`), named `component` in errors.
    static func component(_ folder: String, named component: String, checkpoint: String) throws -> Component {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ModelIOError.missingComponent(file: checkpoint, component: component, detail: "no folder \(folder)")
        }
        guard let weights = weightFileNames.map({ folder + "/" + $0 }).first(where: FileManager.default.fileExists) else {
            throw ModelIOError.missingComponent(
                file: checkpoint, component: component,
                detail: "\(folder) has none of " + weightFileNames.joined(separator: ", "))
        }
        let configPath = folder + "/config.json"
        var config: Data?
        if FileManager.default.fileExists(atPath: configPath) {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: configPath)) } catch {
                throw ModelIOError.unreadable(file: configPath, detail: error.localizedDescription)
            }
            do { _ = try JSONValue.parse(data) } catch {
                throw ModelIOError.malformed(file: configPath, detail: "not valid JSON: \(error.reason) at offset \(error.position)")
            }
            config = data
        }
        return Component(tensors: try SafetensorsFile(path: weights), config: config)
    }

    /// `model_index.json`, parsed, or nil when the folder has none.
    static func modelIndex(_ path: String) throws -> JSONValue? {
        let indexPath = path + "/model_index.json"
        guard FileManager.default.fileExists(atPath: indexPath) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: indexPath)) } catch {
            throw ModelIOError.unreadable(file: indexPath, detail: error.localizedDescription)
        }
        do { return try JSONValue.parse(data) } catch {
            throw ModelIOError.malformed(file: indexPath, detail: "not valid JSON: \(error.reason) at offset \(error.position)")
        }
    }

    /// The text encoder's tensors with `text_model.` in front of every key that lacks it, without
    /// the `position_ids` buffer (as single files are presented), and the keys left out.
    static func prefixedCLIP(_ source: any TensorSource, file: String) -> (tensors: any TensorSource, ignored: [String]) {
        let prefix = "text_model."
        var entries: [String: MappedTensorSource.Entry] = [:]
        var ignored: [String] = []
        for name in source.tensorNames {
            guard let shape = source.shape(of: name) else { continue }
            let exposed = name.hasPrefix(prefix) ? name : prefix + name
            if exposed == CompVisKeyRules.textPositionIDs {
                ignored.append(name)
                continue
            }
            entries[exposed] = .init(sourceName: name, shape: shape)
        }
        if ignored.isEmpty, entries.keys.allSatisfy({ entries[$0]?.sourceName == $0 }) { return (source, []) }
        return (MappedTensorSource(base: source, file: file, entries: entries), ignored)
    }

    /// Reads the folder at `path`; a component without its subfolder or weights is recorded in the
    /// report as missing (other problems throw).
    static func contents(_ path: String) throws -> CheckpointContents {
        guard isPipelineFolder(path) else {
            throw ModelIOError.missingComponent(
                file: path, component: "model_index.json", detail: "not a diffusers pipeline folder (no model_index.json or unet/)")
        }
        var contents = CheckpointContents(path: path, format: .diffusersFolder)
        let index = try modelIndex(path)
        func load(_ name: String) throws -> Component? {
            do {
                return try component(path + "/" + name, named: name, checkpoint: path)
            } catch ModelIOError.missingComponent(_, _, let detail) {
                contents.report.missingComponents[name] = detail
                return nil
            }
        }
        let unet = try load("unet")
        contents.unet = unet?.tensors
        contents.unetConfig = unet?.config
        contents.architecture = try architecture(index: index, unetConfig: unet?.config, checkpoint: path)
        if contents.architecture != .sd1 {
            contents.architectureEvidence = index?["text_encoder_2"] != nil ? "model_index.json lists text_encoder_2" : "unet/config.json"
            return contents
        }
        let vae = try load("vae")
        contents.vae = vae?.tensors
        contents.vaeConfig = vae?.config
        if let text = try load("text_encoder") {
            let clip = prefixedCLIP(text.tensors, file: path + "/text_encoder")
            contents.textEncoder = clip.tensors
            contents.textEncoderConfig = text.config
            contents.report.ignoredKeys += clip.ignored.map { "text_encoder/" + $0 }
        }
        return contents
    }

    /// The architecture stated by the folder's configs: SDXL has a second text encoder or the
    /// `text_time` added embedding; SD2.x cross-attends to 1024-wide OpenCLIP states.
    static func architecture(index: JSONValue?, unetConfig: Data?, checkpoint: String) throws -> ModelArchitecture {
        if let index, index["text_encoder_2"] != nil {
            return .sdxl
        }
        guard let unetConfig, let config = try? JSONValue.parse(unetConfig) else { return .sd1 }
        if config["addition_embed_type"]?.stringValue == "text_time" { return .sdxl }
        let crossAttention: Int? =
            switch config["cross_attention_dim"] {
            case .integer(let width): width
            case .array(let widths): widths.first?.integerValue
            default: nil
            }
        if crossAttention == 1024 { return .sd2 }
        if crossAttention == 2048 { return .sdxl }
        return .sd1
    }
}
