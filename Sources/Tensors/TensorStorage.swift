import Foundation

/// The heap buffer behind a `Tensor`: `count` Float32 values, 64-byte aligned so SIMD loads and
/// OpenBLAS see cache-line-aligned rows.
///
/// `@unchecked Sendable` is sound because a storage is only written through
/// `Tensor.withUnsafeMutableBufferPointer`, which first makes it uniquely referenced (copy on write);
/// a shared storage is never mutated.
public final class TensorStorage: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<Float>
    public let count: Int

    /// Allocates uninitialised storage for `count` floats.
    public init(uninitializedCount count: Int) {
        precondition(count >= 0, "negative tensor size")
        var raw: UnsafeMutableRawPointer?
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        guard posix_memalign(&raw, 64, bytes) == 0, let raw else {
            fatalError("out of memory allocating \(bytes) bytes for a tensor")
        }
        self.pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        self.count = count
    }

    /// A copy of this storage.
    public func copy() -> TensorStorage {
        let other = TensorStorage(uninitializedCount: count)
        other.pointer.update(from: pointer, count: count)
        return other
    }

    deinit { free(pointer) }
}
