import Foundation
import Tensors

/// A VAE given on its own (`--vae PATH`): a diffusers `vae/` folder, or a `.safetensors`/`.ckpt`
/// file in diffusers naming (current or pre-0.14 attention names) or CompVis naming (as
/// `vae-ft-mse-840000-ema-pruned` ships), with or without the `first_stage_model.`/`vae.` prefix
/// of a full checkpoint. Keys under the prefix that no VAE rule maps are listed in the report;
/// the rest of a full checkpoint is not looked at.
enum StandaloneVAE {
    struct Loaded {
        let tensors: any TensorSource
        let config: Data?
        var report = LoadReport()
    }

    static func open(_ path: String) throws -> Loaded {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelIOError.unreadable(file: path, detail: "no such file or folder")
        }
        if isDirectory.boolValue {
            let component = try DiffusersFolder.component(path, named: "vae", checkpoint: path)
            return Loaded(tensors: component.tensors, config: component.config)
        }
        let source = try SingleFileCheckpoint.openFile(path).source
        let names = source.tensorNames
        let prefix = ["first_stage_model.", "vae."].first { prefix in names.contains { $0.hasPrefix(prefix) } } ?? ""
        let compvis = names.contains { $0.hasPrefix(prefix + "encoder.down.") || $0.hasPrefix(prefix + "decoder.up.") }
        let diffusers = names.contains { $0.hasPrefix(prefix + "encoder.down_blocks.") || $0.hasPrefix(prefix + "decoder.up_blocks.") }
        guard compvis || diffusers else {
            throw ModelIOError.missingComponent(
                file: path, component: "vae",
                detail: "no VAE tensors (expected 'encoder.down.*' (CompVis) or 'encoder.down_blocks.*' (diffusers) keys)")
        }
        let ignored = Set(names.filter { $0.hasPrefix("model_ema.") || $0.hasPrefix(prefix + "loss.") })
        let layout = KeyMapping.Layout(compvisKeys: names, unetPrefix: CompVisKeyRules.unetPrefix, vaePrefix: prefix)
        let rules = compvis ? CompVisKeyRules.vae : CompVisKeyRules.legacyDiffusersVAE
        let result = try KeyMapping.map(source, prefix: prefix, rules: rules, layout: layout, skipping: ignored, file: path)
        var loaded = Loaded(tensors: MappedTensorSource(base: source, file: path, entries: result.entries), config: nil)
        loaded.report.ignoredKeys = ignored.sorted()
        loaded.report.unmappedKeys = result.unmapped
        return loaded
    }
}
