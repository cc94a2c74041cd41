/// Row softmax: `exp(x − max) / Σ exp(x − max)` along the last axis, as `torch.softmax(x, -1)`.
public enum Softmax {
    /// Softmax of each of `rows` rows of `length` floats from `x` into `y` (may alias `x`).
    public static func rows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, length: Int) {
        Parallel.forRanges(rows, minimumChunk: max(1, 4096 / max(1, length))) { range in
            for row in range {
                let sum = exponentiate(x + row * length, y + row * length, count: length, maximum: maximum(x + row * length, count: length))
                scale(y + row * length, count: length, by: Float(1 / sum))
            }
        }
    }

    /// max of `count` floats (−∞ when empty).
    @inline(__always)
    static func maximum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: -.infinity)
        var i = 0
        while i + 8 <= count {
            lanes = VectorMath.maximum(lanes, VectorMath.load(x, i))
            i += 8
        }
        var result = VectorMath.horizontalMaximum(lanes)
        while i < count {
            result = max(result, x[i])
            i += 1
        }
        return result
    }

    /// y = exp(x − maximum) for `count` floats; returns Σ y, summed in 8 Float32 lanes.
    @inline(__always)
    static func exponentiate(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, maximum: Float) -> Double {
        let m = SIMD8<Float>(repeating: maximum)
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            let e = VectorMath.exp(VectorMath.load(x, i) - m)
            VectorMath.store(e, y, i)
            lanes += e
            i += 8
        }
        if i < count {
            var tail = SIMD8<Float>(repeating: -.infinity)
            for lane in 0..<(count - i) { tail[lane] = x[i + lane] }
            let e = VectorMath.exp(tail - m)
            for lane in 0..<(count - i) { y[i + lane] = e[lane] }
            lanes += e
        }
        return Double(lanes.sum())
    }

    /// y *= factor for `count` floats.
    @inline(__always)
    static func scale(_ y: UnsafeMutablePointer<Float>, count: Int, by factor: Float) {
        var i = 0
        while i + 8 <= count {
            VectorMath.store(VectorMath.load(y, i) * factor, y, i)
            i += 8
        }
        while i < count {
            y[i] *= factor
            i += 1
        }
    }
}
