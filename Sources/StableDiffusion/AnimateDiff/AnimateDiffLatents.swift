import Foundation
import ModelIO
import Tensors

/// A video's sampled latents on disk (safetensors, tensor `latents` [1, 4, frames, h, w], with the
/// request it came from in the metadata), so an interrupted render only decodes the missing frames.
public enum AnimateDiffLatents {
    /// Writes `latents` to `url` (atomically), recording `fingerprint`.
    public static func write(_ latents: Tensor, fingerprint: String, to url: URL) throws {
        let data = SafetensorsWriter.data(["latents": latents], metadata: ["request": fingerprint])
        do { try data.write(to: url, options: .atomic) } catch {
            throw ModelIOError.unwritable(file: url.path, detail: error.localizedDescription)
        }
    }

    /// The latents at `url` if the file exists and was written for `fingerprint` with `shape`; nil otherwise.
    public static func read(from url: URL, fingerprint: String, shape: [Int]) -> Tensor? {
        guard FileManager.default.fileExists(atPath: url.path),
              let file = try? SafetensorsFile(path: url.path), file.metadata["request"] == fingerprint,
              file.shape(of: "latents") == shape else { return nil }
        return try? file.tensor(named: "latents")
    }
}
