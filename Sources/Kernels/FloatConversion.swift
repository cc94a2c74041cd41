/// Bulk conversion of 16-bit floating-point storage (IEEE binary16 and bfloat16) to Float32, as
/// checkpoints need when they are loaded. Both conversions are exact: every fp16/bf16 value,
/// subnormals, infinities and NaN payloads included, maps to the Float32 of equal value (as
/// `torch.Tensor.float()` does).
///
/// The binary16 path is branch-free integer arithmetic on 8 lanes (the exponent-rebias method with
/// a subtraction that renormalises subnormals), which the compiler turns into SSE/AVX integer and
/// float ops; on F16C hardware the same loop is within a small factor of `vcvtph2ps`.
public enum FloatConversion {
    /// Converts `source` (binary16 bit patterns) into `destination`, which must be at least as long.
    /// Large tensors are split over the threads (`Parallel.forRanges`, chunks of at least 1 Mi values).
    public static func float16ToFloat32(_ source: UnsafeBufferPointer<UInt16>, _ destination: UnsafeMutableBufferPointer<Float>) {
        precondition(destination.count >= source.count, "destination shorter than source")
        guard let src = source.baseAddress, let dst = destination.baseAddress else { return }
        Parallel.forRanges(source.count, minimumChunk: 1 << 20) { range in
            float16ToFloat32(src + range.lowerBound, dst + range.lowerBound, count: range.count)
        }
    }

    private static func float16ToFloat32(_ src: UnsafePointer<UInt16>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        var index = 0
        let raw = UnsafeRawPointer(src)
        let out = UnsafeMutableRawPointer(dst)
        while index + 8 <= count {
            let halves = raw.loadUnaligned(fromByteOffset: index * 2, as: SIMD8<UInt16>.self)
            let words = float16Bits(SIMD8<UInt32>(truncatingIfNeeded: halves))
            out.storeBytes(of: words, toByteOffset: index * 4, as: SIMD8<UInt32>.self)
            index += 8
        }
        while index < count {
            dst[index] = Float(bitPattern: float16Bits(SIMD8<UInt32>(repeating: UInt32(src[index])))[0])
            index += 1
        }
    }

    /// Converts `source` (bfloat16 bit patterns: the upper half of a Float32) into `destination`.
    public static func bfloat16ToFloat32(_ source: UnsafeBufferPointer<UInt16>, _ destination: UnsafeMutableBufferPointer<Float>) {
        precondition(destination.count >= source.count, "destination shorter than source")
        guard let src = source.baseAddress, let dst = destination.baseAddress else { return }
        let count = source.count
        var index = 0
        let raw = UnsafeRawPointer(src)
        let out = UnsafeMutableRawPointer(dst)
        while index + 8 <= count {
            let halves = raw.loadUnaligned(fromByteOffset: index * 2, as: SIMD8<UInt16>.self)
            out.storeBytes(of: SIMD8<UInt32>(truncatingIfNeeded: halves) &<< 16, toByteOffset: index * 4, as: SIMD8<UInt32>.self)
            index += 8
        }
        while index < count {
            dst[index] = Float(bitPattern: UInt32(src[index]) << 16)
            index += 1
        }
    }

    /// Float32 bit patterns for 8 binary16 bit patterns (one per lane, upper 16 bits zero).
    @inline(__always)
    static func float16Bits(_ h: SIMD8<UInt32>) -> SIMD8<UInt32> {
        let sign = (h & 0x8000) &<< 16
        let magnitude = (h & 0x7FFF) &<< 13  // exponent and mantissa in Float32 position
        let exponent = magnitude & 0x0F80_0000  // binary16 exponent field, shifted
        var bits = magnitude &+ 0x3800_0000  // rebias 15 → 127
        // Infinity/NaN: exponent all ones → Float32 all ones (add another 128 - 16).
        let special = exponent .== 0x0F80_0000
        bits.replace(with: bits &+ 0x3800_0000, where: special)
        // Zero/subnormal: bias as 2^-14 · (1 + m), then subtract 2^-14 to leave 2^-14 · m exactly.
        let tiny = exponent .== 0
        let renormalised = unsafeBitCast(bits &+ 0x0080_0000, to: SIMD8<Float>.self) - Float(bitPattern: 0x3880_0000)
        bits.replace(with: unsafeBitCast(renormalised, to: SIMD8<UInt32>.self), where: tiny)
        return bits | sign
    }
}
