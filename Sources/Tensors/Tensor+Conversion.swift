import Kernels

/// Tensors made from 16-bit checkpoint storage, converted exactly to Float32 (`Kernels.FloatConversion`).
extension Tensor {
    /// A tensor of `shape` from IEEE binary16 bit patterns in row-major order.
    public init(float16Bits bits: UnsafeBufferPointer<UInt16>, shape: [Int]) {
        precondition(Tensor.elementCount(shape) == bits.count, "\(bits.count) values for shape \(shape)")
        self.init(shape: shape) { FloatConversion.float16ToFloat32(bits, $0) }
    }

    /// A tensor of `shape` from bfloat16 bit patterns in row-major order.
    public init(bfloat16Bits bits: UnsafeBufferPointer<UInt16>, shape: [Int]) {
        precondition(Tensor.elementCount(shape) == bits.count, "\(bits.count) values for shape \(shape)")
        self.init(shape: shape) { FloatConversion.bfloat16ToFloat32(bits, $0) }
    }
}
