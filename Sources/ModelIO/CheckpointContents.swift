import Foundation
import Tensors

/// Everything found in a checkpoint before it is required to be complete: what `open` checks and
/// `CheckpointInspection` describes. Components are in diffusers naming; a nil config means the
/// checkpoint has none (it is then inferred from the shapes).
struct CheckpointContents {
    var path: String
    var format: CheckpointFormat
    var architecture: ModelArchitecture = .sd1
    /// The key or config that shows a non-SD1.x architecture.
    var architectureEvidence: String?
    var unet: (any TensorSource)?
    var vae: (any TensorSource)?
    var textEncoder: (any TensorSource)?
    var unetConfig: Data?
    var vaeConfig: Data?
    var textEncoderConfig: Data?
    /// The file as stored (single files), for key and dtype counts.
    var stored: (any TensorSource)?
    var report = LoadReport()

    init(path: String, format: CheckpointFormat, stored: (any TensorSource)? = nil) {
        self.path = path
        self.format = format
        self.stored = stored
    }

    /// Reads a diffusers folder or a single file at `path`.
    static func read(_ path: String) throws -> CheckpointContents {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelIOError.unreadable(file: path, detail: "no such file or folder")
        }
        if isDirectory.boolValue { return try DiffusersFolder.contents(path) }
        let (source, format) = try SingleFileCheckpoint.openFile(path)
        return try SingleFileCheckpoint.contents(of: source, format: format, path: path)
    }

    /// Replaces the VAE with the standalone VAE at `path` (`--vae`).
    mutating func overrideVAE(with path: String) throws {
        let vae = try StandaloneVAE.open(path)
        self.vae = vae.tensors
        vaeConfig = vae.config
        report.missingComponents["vae"] = nil
        report.ignoredKeys += vae.report.ignoredKeys
        report.unmappedKeys += vae.report.unmappedKeys
    }
}
