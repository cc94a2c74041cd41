/// Elementwise arithmetic on same-shape tensors and scalars: what samplers and schedulers need
/// (`x + d * dt`, `lerp`). Each operation is one pass over contiguous buffers, which the compiler
/// vectorises.
extension Tensor {
    /// `a + b`, elementwise; the shapes must match.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        binary(a, b) { $0 + $1 }
    }

    /// `a - b`, elementwise; the shapes must match.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        binary(a, b) { $0 - $1 }
    }

    /// `a * b`, elementwise (Hadamard product); the shapes must match.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        binary(a, b) { $0 * $1 }
    }

    /// Every element multiplied by `s`.
    public static func * (a: Tensor, s: Float) -> Tensor {
        a.map { $0 * s }
    }

    /// Every element multiplied by `s`.
    public static func * (s: Float, a: Tensor) -> Tensor {
        a.map { $0 * s }
    }

    /// Every element divided by `s`.
    public static func / (a: Tensor, s: Float) -> Tensor {
        a.map { $0 / s }
    }

    /// Adds `b` elementwise in place; the shapes must match.
    public static func += (a: inout Tensor, b: Tensor) {
        precondition(a.shape == b.shape, "shape mismatch \(a.shape) vs \(b.shape)")
        b.withUnsafeBufferPointer { src in
            a.withUnsafeMutableBufferPointer { dst in
                for i in 0..<dst.count { dst[i] += src[i] }
            }
        }
    }

    /// Multiplies every element by `s` in place.
    public static func *= (a: inout Tensor, s: Float) {
        a.withUnsafeMutableBufferPointer { dst in
            for i in 0..<dst.count { dst[i] *= s }
        }
    }

    /// `a * wa + b * wb`, elementwise, in one pass; the shapes must match.
    public static func weightedSum(_ a: Tensor, _ wa: Float, _ b: Tensor, _ wb: Float) -> Tensor {
        binary(a, b) { $0 * wa + $1 * wb }
    }

    /// `a + (b - a) * weight`, elementwise: linear interpolation from `a` (weight 0) to `b` (weight 1).
    public static func lerp(_ a: Tensor, _ b: Tensor, weight: Float) -> Tensor {
        binary(a, b) { $0 + ($1 - $0) * weight }
    }

    @inline(__always)
    private func map(_ transform: (Float) -> Float) -> Tensor {
        withUnsafeBufferPointer { src in
            Tensor(shape: shape) { dst in
                for i in 0..<dst.count { dst[i] = transform(src[i]) }
            }
        }
    }

    @inline(__always)
    private static func binary(_ a: Tensor, _ b: Tensor, _ combine: (Float, Float) -> Float) -> Tensor {
        precondition(a.shape == b.shape, "shape mismatch \(a.shape) vs \(b.shape)")
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                Tensor(shape: a.shape) { dst in
                    for i in 0..<dst.count { dst[i] = combine(pa[i], pb[i]) }
                }
            }
        }
    }
}
