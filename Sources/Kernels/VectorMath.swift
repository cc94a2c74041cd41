/// SIMD transcendental functions for the activation, softmax and attention kernels, written with
/// SSE2-level operations only (no rounding instructions) so they vectorise on every x86-64.
///
/// `exp` follows the Cephes `expf` scheme: n = round(x·log2 e) by the 1.5·2²³ trick, r = x − n·ln 2
/// in two parts, a degree-6 polynomial for eʳ, and 2ⁿ built in the exponent bits. Relative error is
/// within 2 ulp on [−87, 88]; below −87.3 the result is 0 (so −∞ masks give exactly 0).
///
/// `erf` is Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5·10⁻⁷), enough for GELU within the kernel bar.
///
/// The small functions are `@_transparent`: with AVX2 code generation the optimiser otherwise
/// leaves `exp` as a call that passes vectors through memory, which cost the attention kernel 15%.
public enum VectorMath {
    public typealias Vector = SIMD8<Float>

    /// eˣ on 8 lanes.
    @_transparent
    public static func exp(_ x: Vector) -> Vector {
        let clamped = maximum(minimum(x, Vector(repeating: 88.0)), Vector(repeating: -87.3))
        let magic = Vector(repeating: 12_582_912)  // 1.5 · 2²³: adding it rounds to an integer
        let shifted = clamped * 1.442_695_04 + magic
        let n = shifted - magic
        var r = clamped - n * 0.693_359_375
        r = r + n * 2.121_944_4e-4
        var p = Vector(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_1e-1
        p = p * (r * r) + r + 1
        let exponent = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(magic, to: SIMD8<Int32>.self) &+ 127) &<< 23
        var result = p * unsafeBitCast(exponent, to: Vector.self)
        result.replace(with: 0, where: x .< -87.3)
        return result
    }

    /// 2ˣ on 8 lanes: n = round(x), r = x − n ∈ [−½, ½] exactly, a degree-5 minimax polynomial for
    /// 2ʳ (relative error 1·10⁻⁷, constant term exactly 1) in fused multiply-adds, and 2ⁿ in the
    /// exponent bits. Results are within 2 ulp on [−126, 127]; below −126.5 the result is 0 (x is
    /// clamped to −127, whose n leaves a zero exponent field, so −∞ gives exactly 0 without a
    /// separate mask). The attention kernel works in base 2 (scores pre-multiplied by log₂ e),
    /// which saves the two-part range reduction of `exp`.
    @_transparent
    public static func exp2(_ x: Vector) -> Vector {
        let clamped = maximum(minimum(x, Vector(repeating: 127)), Vector(repeating: -127))
        let magic = Vector(repeating: 12_582_912)  // 1.5 · 2²³: adding it rounds to an integer
        let shifted = clamped + magic
        let r = clamped - (shifted - magic)
        var p = Vector(repeating: 1.326_469_8e-3)
        p = Vector(repeating: 9.671_509_3e-3).addingProduct(p, r)
        p = Vector(repeating: 5.550_734e-2).addingProduct(p, r)
        p = Vector(repeating: 0.240_222_42).addingProduct(p, r)
        p = Vector(repeating: 0.693_147).addingProduct(p, r)
        p = Vector(repeating: 1).addingProduct(p, r)
        let exponent = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(magic, to: SIMD8<Int32>.self) &+ 127) &<< 23
        return p * unsafeBitCast(exponent, to: Vector.self)
    }

    /// `exp2` on 16 lanes (one AVX-512 register, or two AVX2 ones), for the attention softmax,
    /// whose score rows come in multiples of 16. (The same steps as the 8-lane version: written
    /// generically over the lane count, through `MaskStorage` bit casts, the function was not
    /// specialised and made the attention kernel 3.5× slower.)
    @_transparent
    public static func exp2(_ x: SIMD16<Float>) -> SIMD16<Float> {
        typealias Wide = SIMD16<Float>
        let clamped = x.replacing(with: Wide(repeating: 127), where: x .> 127).replacing(with: Wide(repeating: -127), where: x .< -127)
        let magic = Wide(repeating: 12_582_912)
        let shifted = clamped + magic
        let r = clamped - (shifted - magic)
        var p = Wide(repeating: 1.326_469_8e-3)
        p = Wide(repeating: 9.671_509_3e-3).addingProduct(p, r)
        p = Wide(repeating: 5.550_734e-2).addingProduct(p, r)
        p = Wide(repeating: 0.240_222_42).addingProduct(p, r)
        p = Wide(repeating: 0.693_147).addingProduct(p, r)
        p = Wide(repeating: 1).addingProduct(p, r)
        let exponent = (unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- unsafeBitCast(magic, to: SIMD16<Int32>.self) &+ 127) &<< 23
        return p * unsafeBitCast(exponent, to: Wide.self)
    }

    /// Lane-wise max (NaN lanes of `a` stay NaN), inlined: the generic `pointwiseMax` is not.
    @_transparent
    public static func maximum(_ a: Vector, _ b: Vector) -> Vector {
        a.replacing(with: b, where: a .< b)
    }

    /// The largest lane, inlined (the generic `SIMD.max()` is a call).
    @_transparent
    public static func horizontalMaximum(_ v: Vector) -> Float {
        let a = v.lowHalf, b = v.highHalf
        let m = a.replacing(with: b, where: a .< b)
        return Swift.max(Swift.max(m[0], m[1]), Swift.max(m[2], m[3]))
    }

    /// The sum of the lanes in a fixed order, inlined: (l0 + l4 + l2 + l6) + (l1 + l5 + l3 + l7).
    @_transparent
    public static func horizontalSum(_ v: Vector) -> Float {
        let a = v.lowHalf + v.highHalf
        let b = a.lowHalf + a.highHalf
        return b[0] + b[1]
    }

    /// Lane-wise min, inlined.
    @_transparent
    public static func minimum(_ a: Vector, _ b: Vector) -> Vector {
        a.replacing(with: b, where: b .< a)
    }

    /// The error function on 8 lanes.
    @_transparent
    public static func erf(_ x: Vector) -> Vector {
        let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
        let a = unsafeBitCast(bits & 0x7FFF_FFFF, to: Vector.self)
        let t = 1 / (1 + 0.327_591_1 * a)
        var p = Vector(repeating: 1.061_405_429)
        p = p * t - 1.453_152_027
        p = p * t + 1.421_413_741
        p = p * t - 0.284_496_736
        p = p * t + 0.254_829_592
        let y = 1 - p * t * exp(-(a * a))
        return unsafeBitCast(unsafeBitCast(y, to: SIMD8<UInt32>.self) | (bits & 0x8000_0000), to: Vector.self)
    }

    /// 1 / (1 + e⁻ˣ) on 8 lanes.
    @_transparent
    public static func sigmoid(_ x: Vector) -> Vector {
        1 / (1 + exp(-x))
    }

    /// Eight floats from `pointer + offset`, any alignment.
    @_transparent
    public static func load(_ pointer: UnsafePointer<Float>, _ offset: Int) -> Vector {
        UnsafeRawPointer(pointer + offset).loadUnaligned(as: Vector.self)
    }

    /// Sixteen floats from `pointer + offset`, any alignment.
    @_transparent
    public static func loadWide(_ pointer: UnsafePointer<Float>, _ offset: Int) -> SIMD16<Float> {
        UnsafeRawPointer(pointer + offset).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// Stores sixteen floats at `pointer + offset`, any alignment.
    @_transparent
    public static func store(_ value: SIMD16<Float>, _ pointer: UnsafeMutablePointer<Float>, _ offset: Int) {
        UnsafeMutableRawPointer(pointer + offset).storeBytes(of: value, as: SIMD16<Float>.self)
    }

    /// Stores eight floats at `pointer + offset`, any alignment.
    @_transparent
    public static func store(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>, _ offset: Int) {
        UnsafeMutableRawPointer(pointer + offset).storeBytes(of: value, as: Vector.self)
    }

    /// Applies `transform` to `count` floats from `source` into `destination` (which may be the same
    /// buffer), 8 lanes at a time with a padded tail, spread over `Threads.count` threads.
    @inlinable
    public static func map(
        _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int,
        _ transform: (Vector) -> Vector
    ) {
        Parallel.forRanges(count, minimumChunk: 1 << 15) { range in
            var i = range.lowerBound
            while i + 8 <= range.upperBound {
                store(transform(load(source, i)), destination, i)
                i += 8
            }
            if i < range.upperBound {
                var lanes = Vector()
                for lane in 0..<(range.upperBound - i) { lanes[lane] = source[i + lane] }
                let out = transform(lanes)
                for lane in 0..<(range.upperBound - i) { destination[i + lane] = out[lane] }
            }
        }
    }
}
