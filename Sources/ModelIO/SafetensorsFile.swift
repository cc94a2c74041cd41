import Tensors

/// One `.safetensors` file, memory-mapped, its header validated completely on open
/// (`SafetensorsHeader`); each tensor is converted to Float32 when it is asked for, so only the
/// tensor being loaded is resident in Float32.
public final class SafetensorsFile: TensorSource {
    /// The path the file was opened from (named in every error).
    public let path: String
    public let header: SafetensorsHeader
    private let file: MappedFile

    /// Opens and validates `path`.
    /// - Throws: `ModelIOError` naming the file and the offending key or offset.
    public init(path: String) throws(ModelIOError) {
        let file = try MappedFile(path: path)
        self.file = file
        self.path = path
        header = try SafetensorsHeader(file: file.bytes, fileSize: file.bytes.count, fileName: path)
    }

    /// The `__metadata__` strings of the header.
    public var metadata: [String: String] { header.metadata }

    public var tensorNames: [String] { header.names }

    public func shape(of name: String) -> [Int]? { header.entries[name]?.shape }

    /// The stored element type of `name`.
    public func dtype(of name: String) -> TensorDType? { header.entries[name]?.dtype }

    public func tensor(named name: String) throws -> Tensor {
        guard let entry = header.entries[name] else { throw ModelIOError.missingTensor(file: path, key: name) }
        let start = header.dataOffset + entry.range.lowerBound
        let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[start..<(start + entry.range.count)])
        let tensor = try TensorDecoding.tensor(bytes: bytes, dtype: entry.dtype, shape: entry.shape, file: path, key: name)
        file.release(start..<(start + entry.range.count))
        return tensor
    }
}
