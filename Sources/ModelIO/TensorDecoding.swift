import Tensors

/// Turns a tensor's stored little-endian bytes into a Float32 `Tensor`: fp16 and bf16 through the
/// exact bulk conversions, Float32 by copying, the rest element by element. The bytes may sit at
/// any alignment in a mapped file.
enum TensorDecoding {
    static func tensor(
        bytes: UnsafeRawBufferPointer, dtype: TensorDType, shape: [Int], file: String, key: String
    ) throws(ModelIOError) -> Tensor {
        let count = bytes.count / dtype.byteSize
        guard count == Tensor.elementCount(shape) else {
            throw .malformed(file: file, detail: "tensor '\(key)': \(bytes.count) bytes for shape \(shape) of \(dtype.rawValue)")
        }
        switch dtype {
        case .float32:
            return Tensor(shape: shape) { out in
                if count > 0 { UnsafeMutableRawBufferPointer(out).copyMemory(from: bytes) }
            }
        case .float16, .bfloat16:
            return withHalves(bytes, count: count) { halves in
                dtype == .float16 ? Tensor(float16Bits: halves, shape: shape) : Tensor(bfloat16Bits: halves, shape: shape)
            }
        case .float64: return elementwise(bytes, count, shape) { Float($0.loadUnaligned(fromByteOffset: $1 * 8, as: Double.self)) }
        case .int64: return elementwise(bytes, count, shape) { Float($0.loadUnaligned(fromByteOffset: $1 * 8, as: Int64.self)) }
        case .int32: return elementwise(bytes, count, shape) { Float($0.loadUnaligned(fromByteOffset: $1 * 4, as: Int32.self)) }
        case .int16: return elementwise(bytes, count, shape) { Float($0.loadUnaligned(fromByteOffset: $1 * 2, as: Int16.self)) }
        case .int8: return elementwise(bytes, count, shape) { Float(Int8(bitPattern: $0[$1])) }
        case .uint8: return elementwise(bytes, count, shape) { Float($0[$1]) }
        case .bool: return elementwise(bytes, count, shape) { $0[$1] == 0 ? 0 : 1 }
        case .float8E4M3, .float8E5M2, .uint16, .uint32, .uint64:
            throw .unsupportedDType(file: file, key: key, dtype: dtype.rawValue)
        }
    }

    /// `body` with the bytes as UInt16 values: in place when 2-byte aligned, else from an aligned copy.
    private static func withHalves<R>(_ bytes: UnsafeRawBufferPointer, count: Int, _ body: (UnsafeBufferPointer<UInt16>) -> R) -> R {
        if count == 0 { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        if let base = bytes.baseAddress, Int(bitPattern: base) % 2 == 0 {
            return body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt16.self), count: count))
        }
        let copy = [UInt16](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<(count * 2)]))
            initialized = count
        }
        return copy.withUnsafeBufferPointer(body)
    }

    private static func elementwise(
        _ bytes: UnsafeRawBufferPointer, _ count: Int, _ shape: [Int], _ element: (UnsafeRawBufferPointer, Int) -> Float
    ) -> Tensor {
        Tensor(shape: shape) { out in
            for index in 0..<count { out[index] = element(bytes, index) }
        }
    }
}
