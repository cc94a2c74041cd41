/// Internal raw access used by the operation files: the kernels take pointers, the tensor keeps
/// its storage alive for the duration of the closure.
extension Tensor {
    /// Calls `body` with the base address of the elements (never nil: storage holds ≥ 1 float).
    @inline(__always)
    func withPointer<R>(_ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    /// A new tensor of `shape` whose elements `body` writes through a raw pointer.
    @inline(__always)
    static func make(_ shape: [Int], _ body: (UnsafeMutablePointer<Float>) throws -> Void) rethrows -> Tensor {
        try Tensor(shape: shape) { try body($0.baseAddress!) }
    }
}
