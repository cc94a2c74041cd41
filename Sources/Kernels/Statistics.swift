/// Numerically careful sums for normalisation statistics: partial sums over 512-element blocks are
/// kept in 8-lane Float32 registers and flushed into a Double, so rounding error does not grow with
/// the length (a 64×64×10-channel GroupNorm group holds 40,960 values).
enum Statistics {
    /// Σ x over `count` floats.
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Double {
        var total = 0.0
        var start = 0
        while start < count {
            let end = min(count, start + 512)
            var lanes = SIMD8<Float>()
            var i = start
            while i + 8 <= end {
                lanes += VectorMath.load(x, i)
                i += 8
            }
            var block = Double(lanes.sum())
            while i < end {
                block += Double(x[i])
                i += 1
            }
            total += block
            start = end
        }
        return total
    }

    /// Σ (x − mean)² over `count` floats (the second pass of a two-pass variance).
    @inline(__always)
    static func squaredDeviations(_ x: UnsafePointer<Float>, count: Int, mean: Float) -> Double {
        var total = 0.0
        var start = 0
        let m = SIMD8<Float>(repeating: mean)
        while start < count {
            let end = min(count, start + 512)
            var lanes = SIMD8<Float>()
            var i = start
            while i + 8 <= end {
                let d = VectorMath.load(x, i) - m
                lanes += d * d
                i += 8
            }
            var block = Double(lanes.sum())
            while i < end {
                let d = Double(x[i] - mean)
                block += d * d
                i += 1
            }
            total += block
            start = end
        }
        return total
    }

    /// Mean and population variance (divisor n, as PyTorch's normalisation layers) of `count`
    /// floats, in two passes.
    @inline(__always)
    static func meanAndVariance(_ x: UnsafePointer<Float>, count: Int) -> (mean: Float, variance: Float) {
        let mean = Float(sum(x, count: count) / Double(count))
        return (mean, Float(squaredDeviations(x, count: count, mean: mean) / Double(count)))
    }
}
