import DiffusionModels
import Foundation
import ModelIO
import Tensors

/// What LoRA merging needs of a loaded model: the weights its UNet and text encoder were built
/// from (shared with the model, not copied), the LoRA files read so far, and the merged variants
/// made so far (the most recent `capacity`, so a schedule that returns to a strength finds it).
///
/// `@unchecked Sendable`: the caches are only touched under `lock`.
public final class LoRABaseWeights: @unchecked Sendable {
    /// The UNet's weights in diffusers naming.
    public let unet: any TensorSource
    /// The text encoder's weights (`text_model.*`).
    public let textEncoder: any TensorSource
    /// How many merged variants are kept. Each holds only the layers its LoRAs change.
    public let capacity: Int
    private let lock = NSLock()
    private var files: [String: LoRAFile] = [:]
    private var variants: [(key: String, unet: UNet2DConditionModel, prompts: PromptEncoder)] = []

    public init(unet: any TensorSource, textEncoder: any TensorSource, capacity: Int = 2) {
        self.unet = unet
        self.textEncoder = textEncoder
        self.capacity = capacity
    }

    /// The LoRA at `path`, read once.
    func file(at path: String) throws -> LoRAFile {
        if let cached = lock.withLock({ files[path] }) { return cached }
        let file = try LoRAFile(path: path)
        lock.withLock { files[path] = file }
        return file
    }

    /// The merged variant stored under `key`, now the most recent.
    func variant(_ key: String) -> (unet: UNet2DConditionModel, prompts: PromptEncoder)? {
        lock.withLock {
            guard let index = variants.firstIndex(where: { $0.key == key }) else { return nil }
            let found = variants.remove(at: index)
            variants.append(found)
            return (found.unet, found.prompts)
        }
    }

    func store(_ key: String, unet: UNet2DConditionModel, prompts: PromptEncoder) {
        lock.withLock {
            variants.removeAll { $0.key == key }
            variants.append((key, unet, prompts))
            if variants.count > capacity { variants.removeFirst(variants.count - capacity) }
        }
    }

    /// Where the LoRA called `name` is: `name` itself when it is an existing file path, else
    /// `name.safetensors`/`.pt`/`.ckpt` in `directory` or, as A1111 finds them, in a folder below it.
    /// - Throws: `PipelineError.invalidRequest` naming the LoRA and where it was looked for.
    static func path(of name: String, directory: String?) throws(PipelineError) -> String {
        let extensions = ["safetensors", "pt", "ckpt"]
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: name, isDirectory: &isDirectory), !isDirectory.boolValue,
            name.contains("/") || extensions.contains(URL(fileURLWithPath: name).pathExtension.lowercased())
        {
            return name
        }
        guard let directory else {
            throw .invalidRequest(field: "lora", detail: "LoRA '\(name)' is not a file and no LoRA folder was given (--lora-dir)")
        }
        let folder = URL(fileURLWithPath: directory)
        for ext in extensions {
            let candidate = folder.appendingPathComponent(name + "." + ext)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
        }
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        if let found = files.sorted(by: { $0.path < $1.path }).first(where: {
            $0.deletingPathExtension().lastPathComponent == name && extensions.contains($0.pathExtension.lowercased())
        }) {
            return found.path
        }
        throw .invalidRequest(field: "lora", detail: "no LoRA named '\(name)' in \(directory) (looked for \(name).safetensors, .pt, .ckpt)")
    }
}
