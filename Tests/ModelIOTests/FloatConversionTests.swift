import Tensors
import Testing

/// fp16/bf16 → fp32 must be exact for every one of the 65 536 bit patterns (torch's `.float()`).
@Suite struct FloatConversionTests {
    static let allPatterns: [UInt16] = (0...UInt16.max).map { $0 }

    @Test func everyFloat16PatternConvertsExactly() {
        let tensor = Self.allPatterns.withUnsafeBufferPointer { Tensor(float16Bits: $0, shape: [65536]) }
        tensor.withUnsafeBufferPointer { values in
            for (index, bits) in Self.allPatterns.enumerated() {
                let expected = Self.reference(float16: bits)
                #expect(values[index].bitPattern == expected, "pattern \(bits)")
            }
        }
    }

    @Test func everyBFloat16PatternConvertsExactly() {
        let tensor = Self.allPatterns.withUnsafeBufferPointer { Tensor(bfloat16Bits: $0, shape: [256, 256]) }
        #expect(tensor.shape == [256, 256])
        tensor.withUnsafeBufferPointer { values in
            for (index, bits) in Self.allPatterns.enumerated() {
                #expect(values[index].bitPattern == UInt32(bits) << 16, "pattern \(bits)")
            }
        }
    }

    @Test func tailShorterThanOneVectorConverts() {
        let bits: [UInt16] = [0x3C00, 0xC000, 0x0001, 0x7C00, 0xFC00]  // 1, -2, 2^-24, inf, -inf
        let tensor = bits.withUnsafeBufferPointer { Tensor(float16Bits: $0, shape: [5]) }
        #expect(tensor.scalars == [1, -2, 0x1p-24, .infinity, -.infinity])
    }

    /// The value of a binary16 pattern by its definition, as Float32 bits (NaN payload shifted up 13).
    static func reference(float16 bits: UInt16) -> UInt32 {
        let sign: UInt32 = UInt32(bits & 0x8000) << 16
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = UInt32(bits & 0x3FF)
        if exponent == 0x1F { return sign | 0x7F80_0000 | mantissa << 13 }
        let magnitude: Float =
            exponent == 0 ? Float(mantissa) * 0x1p-24 : (1 + Float(mantissa) / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        return sign | magnitude.bitPattern
    }
}
