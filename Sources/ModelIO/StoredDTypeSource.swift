import Tensors

/// A `TensorSource` that can tell how each tensor is stored on disk (before conversion to Float32),
/// for `zoetrope inspect` and load reports.
public protocol StoredDTypeSource {
    /// The stored element type of `name`, or nil when the source has no such tensor.
    func dtype(of name: String) -> TensorDType?
}

extension SafetensorsFile: StoredDTypeSource {}
extension TorchCheckpointFile: StoredDTypeSource {}

extension MappedTensorSource: StoredDTypeSource {
    public func dtype(of name: String) -> TensorDType? {
        guard let entry = entries[name] else { return nil }
        return (base as? any StoredDTypeSource)?.dtype(of: entry.sourceName)
    }
}

extension InMemoryTensorSource: StoredDTypeSource {
    public func dtype(of name: String) -> TensorDType? { shape(of: name) == nil ? nil : .float32 }
}
