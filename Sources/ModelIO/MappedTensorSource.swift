import Tensors

/// A renaming view of another `TensorSource`: each exposed name reads one stored tensor, optionally
/// reshaped (a 1×1 convolution kernel `[out, in, 1, 1]` read as a linear weight `[out, in]`). This
/// is how CompVis single files and unprefixed CLIP files are presented in diffusers naming without
/// copying anything.
public struct MappedTensorSource: TensorSource {
    /// Where one exposed tensor comes from.
    public struct Entry: Sendable, Equatable {
        public let sourceName: String
        /// The exposed shape; differs from the stored one only by a reshape of equal element count.
        public let shape: [Int]
    }

    public let base: any TensorSource
    /// The checkpoint the view belongs to, named in errors.
    public let file: String
    public let entries: [String: Entry]
    public let tensorNames: [String]

    /// A view exposing `entries` (exposed name → stored name and shape) of `base`, read from `file`.
    public init(base: any TensorSource, file: String, entries: [String: Entry]) {
        self.base = base
        self.file = file
        self.entries = entries
        tensorNames = entries.keys.sorted()
    }

    public func shape(of name: String) -> [Int]? { entries[name]?.shape }

    public func tensor(named name: String) throws -> Tensor {
        guard let entry = entries[name] else { throw ModelIOError.missingTensor(file: file, key: name) }
        let tensor = try base.tensor(named: entry.sourceName)
        return tensor.shape == entry.shape ? tensor : tensor.reshaped(entry.shape)
    }
}
