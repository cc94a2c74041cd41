/// A dense, contiguous, row-major Float32 tensor with value semantics (copy on write).
///
/// Shapes follow PyTorch's conventions (`[batch, channels, height, width]` for images), so shape
/// comments in model code read like the diffusers source they match.
public struct Tensor: Sendable {
    /// Extent of each dimension, outermost first.
    public private(set) var shape: [Int]
    @usableFromInline var storage: TensorStorage

    /// Number of elements: the product of `shape`.
    public var count: Int { storage.count }

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        let count = Tensor.elementCount(shape)
        storage = TensorStorage(uninitializedCount: count)
        storage.pointer.initialize(repeating: value, count: count)
        self.shape = shape
    }

    /// A tensor of `shape` holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        let count = Tensor.elementCount(shape)
        precondition(scalars.count == count, "\(scalars.count) values for shape \(shape)")
        let storage = TensorStorage(uninitializedCount: count)
        scalars.withUnsafeBufferPointer { storage.pointer.initialize(from: $0.baseAddress!, count: count) }
        self.storage = storage
        self.shape = shape
    }

    /// A tensor of `shape` whose elements are written by `initializer` (which must write all of them).
    public init(shape: [Int], unsafeUninitialized initializer: (UnsafeMutableBufferPointer<Float>) throws -> Void)
        rethrows
    {
        let count = Tensor.elementCount(shape)
        storage = TensorStorage(uninitializedCount: count)
        self.shape = shape
        try initializer(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
    }

    /// The elements in row-major order.
    public var scalars: [Float] {
        Array(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// Read access to the elements.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Write access to the elements; copies the storage first if it is shared.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// The same elements viewed with another shape of equal element count (no copy).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(Tensor.elementCount(newShape) == count, "cannot reshape \(shape) to \(newShape)")
        var result = self
        result.shape = newShape
        return result
    }

    /// Product of the extents; traps on negative extents or overflow (programmer error: untrusted
    /// shapes are validated by the loaders before a tensor is made).
    public static func elementCount(_ shape: [Int]) -> Int {
        shape.reduce(1) { total, extent in
            precondition(extent >= 0, "negative extent in shape \(shape)")
            let (product, overflow) = total.multipliedReportingOverflow(by: extent)
            precondition(!overflow, "shape \(shape) overflows")
            return product
        }
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String { "Tensor\(shape)" }
}
