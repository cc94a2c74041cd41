import Kernels

/// The pool of freed tensor buffers that lets the denoising loop run without allocating
/// (`Kernels.BufferPool`: exact-size reuse, capped at 1 GiB).
public enum TensorWorkspace {
    /// Returns every pooled buffer to the system. Call between phases whose tensors differ in size
    /// (VAE encode → sampling → VAE decode), so that the peak memory holds one phase's buffers
    /// rather than the pool of the previous phase as well.
    public static func release() {
        BufferPool.drain()
    }
}
