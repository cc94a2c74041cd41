/// Something that holds named tensors: a checkpoint file, a diffusers folder, a key-mapped view of
/// either. `ModelIO` provides the implementations; `Layers` reads weights through it by the canonical
/// (diffusers) key names.
public protocol TensorSource: Sendable {
    /// Every tensor name this source holds.
    var tensorNames: [String] { get }

    /// The shape of the named tensor, or `nil` when the source has no such tensor. Cheap: no data
    /// is read or converted.
    func shape(of name: String) -> [Int]?

    /// The named tensor converted to Float32.
    /// - Throws: when the name is unknown or the stored data cannot be read.
    func tensor(named name: String) throws -> Tensor
}
