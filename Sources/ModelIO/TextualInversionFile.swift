import Foundation
import Tensors

/// A textual-inversion embedding (Gal et al. 2022): a few learned token vectors that a prompt calls
/// by the file's name. Read as A1111's `textual_inversion.py` `load_from_file` reads them:
///
/// - A1111 `.pt`: `{"string_to_param": {"*": [n, width]}, …}` (exactly one term);
/// - SDXL-style `{"clip_l": …, "clip_g": …}`: `clip_l`, the SD1.x text encoder's part;
/// - one tensor in the file, whatever its key (`emb_params` of A1111 safetensors, the token of a
///   diffusers `learned_embeds`): [n, width], or [width] for a single vector.
///
/// The name is the file name without its extension, as in A1111.
public struct TextualInversionFile: Sendable {
    public let path: String
    /// What a prompt writes to use it.
    public let name: String
    /// [n, width]: one row per token the name stands for.
    public let vectors: Tensor

    /// Reads the embedding at `path` (`.safetensors`, `.pt`, `.bin`).
    /// - Throws: `ModelIOError` naming the file and what was found instead.
    public init(path: String) throws {
        let (source, _) = try SingleFileCheckpoint.openFile(path)
        try self.init(source: source, path: path)
    }

    /// Reads the embedding held by `source`, named after `path`.
    public init(source: any TensorSource, path: String) throws {
        self.path = path
        name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let names = source.tensorNames
        let key: String
        if let term = names.first(where: { $0.hasPrefix("string_to_param.") }) {
            guard names.filter({ $0.hasPrefix("string_to_param.") }).count == 1 else {
                throw ModelIOError.malformed(file: path, detail: "embedding file has several terms in 'string_to_param'; expected one")
            }
            key = term
        } else if names.contains("clip_l") {
            key = "clip_l"
        } else if names.count == 1, let only = names.first {
            key = only
        } else {
            throw ModelIOError.malformed(
                file: path,
                detail: "not a textual-inversion embedding: expected 'string_to_param', 'clip_l' or a single tensor, found \(names.count) tensors")
        }
        var vectors = try source.tensor(named: key)
        if vectors.rank == 1 { vectors = vectors.reshaped([1, vectors.count]) }
        guard vectors.rank == 2, vectors.shape[0] > 0, vectors.shape[1] > 0 else {
            throw ModelIOError.malformed(file: path, detail: "embedding '\(key)' has shape \(vectors.shape), expected [vectors, width]")
        }
        self.vectors = vectors
    }
}
