import Foundation
import Tensors

/// A single-file checkpoint (`.safetensors` or `.ckpt`) in CompVis/A1111 naming, split into its
/// components in diffusers naming by `CompVisKeyRules`.
enum SingleFileCheckpoint {
    /// Opens `path` as safetensors or torch zip, chosen by its first bytes (not its extension).
    static func openFile(_ path: String) throws(ModelIOError) -> (source: any TensorSource, format: CheckpointFormat) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(file: path, detail: "cannot open")
        }
        let head = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
        try? handle.close()
        if head == [0x50, 0x4B, 0x03, 0x04] || head.first == 0x80 {
            return (try TorchCheckpointFile(path: path), .ckpt)
        }
        return (try SafetensorsFile(path: path), .safetensors)
    }

    /// The architecture a single file's keys and shapes show, with the key that shows it.
    static func architecture(of source: any TensorSource) -> (ModelArchitecture, evidence: String?) {
        let names = source.tensorNames
        if let key = names.first(where: { $0.hasPrefix("conditioner.embedders.") || $0.hasPrefix(CompVisKeyRules.unetPrefix + "label_emb.") }) {
            return (.sdxl, key)
        }
        if let key = names.first(where: { $0.hasPrefix("cond_stage_model.model.") }) {
            return (.sd2, key)
        }
        if let key = names.first(where: { $0.hasPrefix(CompVisKeyRules.unetPrefix) && $0.hasSuffix(".attn2.to_k.weight") }),
            let width = source.shape(of: key)?.last
        {
            if width == 1024 { return (.sd2, "\(key) has cross-attention width 1024") }
            if width == 2048 { return (.sdxl, "\(key) has cross-attention width 2048") }
        }
        return (.sd1, nil)
    }

    /// Splits `source` into components. A component none of whose keys is present is recorded in
    /// the report's `missingComponents` and left nil.
    static func contents(of source: any TensorSource, format: CheckpointFormat, path: String) throws(ModelIOError) -> CheckpointContents {
        var contents = CheckpointContents(path: path, format: format, stored: source)
        let (architecture, evidence) = architecture(of: source)
        contents.architecture = architecture
        contents.architectureEvidence = evidence
        if let ckpt = source as? TorchCheckpointFile { contents.report.ignoredKeys += ckpt.nonTensorKeys }
        guard architecture == .sd1 else { return contents }

        let names = source.tensorNames
        let layout = KeyMapping.Layout(
            compvisKeys: names, unetPrefix: CompVisKeyRules.unetPrefix, vaePrefix: CompVisKeyRules.vaePrefix)
        let components: [(name: String, prefix: String, rules: [KeyRule])] = [
            ("unet", CompVisKeyRules.unetPrefix, CompVisKeyRules.unet),
            ("vae", CompVisKeyRules.vaePrefix, CompVisKeyRules.vae),
            ("text_encoder", CompVisKeyRules.textEncoderPrefix, CompVisKeyRules.textEncoder),
        ]
        let ignored = names.filter { CompVisKeyRules.isIgnored($0) }
        contents.report.ignoredKeys += ignored
        let ignoredSet = Set(ignored)
        var unmapped = names.filter { name in
            !ignoredSet.contains(name) && !components.contains { name.hasPrefix($0.prefix) }
        }
        for component in components {
            let result = try KeyMapping.map(
                source, prefix: component.prefix, rules: component.rules, layout: layout, skipping: ignoredSet, file: path)
            unmapped += result.unmapped
            if result.entries.isEmpty {
                contents.report.missingComponents[component.name] = "no '\(component.prefix)*' tensors" + hint(names)
                continue
            }
            let mapped = MappedTensorSource(base: source, file: path, entries: result.entries)
            switch component.name {
            case "unet": contents.unet = mapped
            case "vae": contents.vae = mapped
            default: contents.textEncoder = mapped
            }
        }
        contents.report.unmappedKeys = unmapped.sorted()
        return contents
    }

    /// A hint for files that are not checkpoints at all.
    private static func hint(_ names: [String]) -> String {
        if names.contains(where: { $0.hasPrefix("lora_") || $0.contains(".lora_") }) { return " (this looks like a LoRA, not a checkpoint)" }
        if names.contains(where: { $0.hasPrefix("encoder.") || $0.hasPrefix("decoder.") }),
            !names.contains(where: { $0.hasPrefix(CompVisKeyRules.unetPrefix) })
        {
            return " (this looks like a standalone VAE; pass it with --vae)"
        }
        return ""
    }
}
