import Kernels

/// The heap buffer behind a `Tensor`: `count` Float32 values, 64-byte aligned so SIMD loads and
/// OpenBLAS see cache-line-aligned rows.
///
/// Buffers come from and return to `Kernels.BufferPool`, so a loop that makes tensors of the same
/// sizes every step (the denoising loop) reuses the previous step's memory instead of allocating.
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
        self.pointer = BufferPool.allocate(count: count)
        self.count = count
    }

    /// A copy of this storage.
    public func copy() -> TensorStorage {
        let other = TensorStorage(uninitializedCount: count)
        other.pointer.update(from: pointer, count: count)
        return other
    }

    deinit { BufferPool.release(pointer, count: count) }
}
