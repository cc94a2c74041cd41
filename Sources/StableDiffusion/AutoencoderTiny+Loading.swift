import DiffusionModels
import Foundation
import Layers
import ModelIO
import Tensors

extension AutoencoderTiny {
    /// Loads a TAESD from `path`:
    /// - a diffusers `AutoencoderTiny` folder (`config.json`, `diffusion_pytorch_model.safetensors`),
    ///   or a `.safetensors`/`.pth` file in its naming (`encoder.layers.*`, `decoder.layers.*`);
    /// - madebyollin's `taesd_decoder`/`taesd_encoder` files (`.pth` or `.safetensors`, keys of the
    ///   bare `nn.Sequential`), the other half taken from beside it when present; or a folder holding them.
    /// Without a config the widths and latent channels are read from the weights, with TAESD's block counts.
    /// - Throws: `ModelIOError`/`LayersError` naming the file and key, `PipelineError` when nothing fits.
    public static func load(path: String) throws -> AutoencoderTiny {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw PipelineError.modelUnavailable("\(path): no such TAESD file or folder")
        }
        let folder = URL(fileURLWithPath: path)
        if isDirectory.boolValue {
            let config = folder.appendingPathComponent("config.json")
            if FileManager.default.fileExists(atPath: config.path) {
                let configuration = try AutoencoderTinyConfiguration(diffusersConfig: try Data(contentsOf: config))
                let weights = folder.appendingPathComponent("diffusion_pytorch_model.safetensors").path
                return try build(try SafetensorsFile(path: weights), configuration: configuration, file: weights)
            }
            let halves = ["taesd_decoder", "taesd_encoder"].compactMap { existing(folder.appendingPathComponent($0)) }
            guard !halves.isEmpty else {
                throw PipelineError.modelUnavailable("\(path): no config.json, taesd_decoder or taesd_encoder file in the folder")
            }
            return try original(halves, described: path)
        }
        let file = try open(path)
        if file.tensorNames.contains(where: { $0.hasPrefix("encoder.layers.") || $0.hasPrefix("decoder.layers.") }) {
            return try build(file, configuration: try inferred(file), file: path)
        }
        let name = folder.deletingPathExtension().lastPathComponent
        let other = name.contains("decoder")
            ? name.replacingOccurrences(of: "decoder", with: "encoder") : name.replacingOccurrences(of: "encoder", with: "decoder")
        let sibling = other == name ? nil : existing(folder.deletingLastPathComponent().appendingPathComponent(other))
        return try original([path] + (sibling.map { [$0] } ?? []), described: path)
    }

    /// `base` with `.safetensors` or `.pth`, when such a file exists.
    private static func existing(_ base: URL) -> String? {
        ["safetensors", "pth"].map { base.appendingPathExtension($0).path }.first { FileManager.default.fileExists(atPath: $0) }
    }

    private static func open(_ path: String) throws -> any TensorSource {
        path.lowercased().hasSuffix(".safetensors") ? try SafetensorsFile(path: path) : try TorchCheckpointFile(path: path)
    }

    /// madebyollin's halves renamed to diffusers keys: the encoder's `N.` is `encoder.layers.N.`; the
    /// decoder's `N.` is `decoder.layers.(N−1).` (its `nn.Sequential` starts with the clamp, which
    /// diffusers applies in `forward`). A half is told by its first convolution's input channels (3: encoder).
    private static func original(_ paths: [String], described: String) throws -> AutoencoderTiny {
        var renamed: [String: Tensor] = [:]
        for path in paths {
            let file = try open(path)
            let isEncoder = file.shape(of: "0.weight")?[1] == 3
            guard isEncoder || file.shape(of: "1.weight") != nil else {
                throw PipelineError.modelUnavailable(
                    "\(path): not a TAESD file (expected diffusers 'encoder.layers.*'/'decoder.layers.*' or madebyollin '0.weight'/'1.weight' keys)")
            }
            for key in file.tensorNames {
                let parts = key.split(separator: ".", maxSplits: 1)
                guard parts.count == 2, let index = Int(parts[0]) else {
                    throw PipelineError.modelUnavailable("\(path): key '\(key)' is not a TAESD layer")
                }
                let name = isEncoder ? "encoder.layers.\(index).\(parts[1])" : "decoder.layers.\(index - 1).\(parts[1])"
                renamed[name] = try file.tensor(named: key)
            }
        }
        let source = InMemoryTensorSource(renamed)
        return try build(source, configuration: try inferred(source), file: described)
    }

    /// TAESD's block counts with the widths and latent channels of the weights.
    private static func inferred(_ source: any TensorSource) throws -> AutoencoderTinyConfiguration {
        var configuration = AutoencoderTinyConfiguration.taesd
        if let shape = source.shape(of: "encoder.layers.0.weight"), shape.count == 4 {
            configuration.encoderBlockOutChannels = Array(repeating: shape[0], count: 4)
            configuration.inChannels = shape[1]
        }
        if let shape = source.shape(of: "decoder.layers.0.weight"), shape.count == 4 {
            configuration.decoderBlockOutChannels = Array(repeating: shape[0], count: 4)
            configuration.latentChannels = shape[1]
        }
        return configuration
    }

    private static func build(_ source: any TensorSource, configuration: AutoencoderTinyConfiguration, file: String) throws -> AutoencoderTiny {
        var parts: Parts = []
        if source.tensorNames.contains(where: { $0.hasPrefix("encoder.") }) { parts.insert(.encoder) }
        if source.tensorNames.contains(where: { $0.hasPrefix("decoder.") }) { parts.insert(.decoder) }
        guard !parts.isEmpty else { throw PipelineError.modelUnavailable("\(file): no TAESD encoder or decoder weights") }
        return try AutoencoderTiny(from: WeightReader(source, component: "TAESD \(file)"), configuration: configuration, parts: parts)
    }
}
