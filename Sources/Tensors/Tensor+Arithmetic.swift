import Kernels

/// Elementwise arithmetic with NumPy/PyTorch broadcasting, and the scalar and in-place forms the
/// samplers use (`x + d * dt`, `lerp`).
///
/// Broadcasting right-aligns the shapes and stretches size-1 dimensions. When one operand has the
/// full output shape and the other's non-1 dimensions form one contiguous run matching the output
/// (`[N,C,H,W] op [N,C,1,1]`, `[..., C] op [C]`, `[B,L,C] op [B,L,1]`, `[N,C,H,W] op [1,C,1,1]`,
/// same shape), one strided pass does the work, threaded for large tensors; other combinations
/// take a general index walk.
extension Tensor {
    /// `a + b`, elementwise with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        broadcast(a, b) { $0 + $1 }
    }

    /// `a - b`, elementwise with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        broadcast(a, b) { $0 - $1 }
    }

    /// `a * b`, elementwise (Hadamard product) with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        broadcast(a, b) { $0 * $1 }
    }

    /// `a / b`, elementwise with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        broadcast(a, b) { $0 / $1 }
    }

    /// Every element plus `s`.
    public static func + (a: Tensor, s: Float) -> Tensor {
        a.map { $0 + s }
    }

    /// Every element minus `s`.
    public static func - (a: Tensor, s: Float) -> Tensor {
        a.map { $0 - s }
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

    /// Every element negated.
    public static prefix func - (a: Tensor) -> Tensor {
        a.map { -$0 }
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
        precondition(a.shape == b.shape, "shape mismatch \(a.shape) vs \(b.shape)")
        return broadcast(a, b) { $0 * wa + $1 * wb }
    }

    /// `a + (b - a) * weight`, elementwise: linear interpolation from `a` (weight 0) to `b` (weight 1).
    public static func lerp(_ a: Tensor, _ b: Tensor, weight: Float) -> Tensor {
        precondition(a.shape == b.shape, "shape mismatch \(a.shape) vs \(b.shape)")
        return broadcast(a, b) { $0 + ($1 - $0) * weight }
    }

    /// The shape `a op b` broadcasts to; traps when a pair of extents is neither equal nor 1.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        let pa = Array(repeating: 1, count: rank - a.count) + a
        let pb = Array(repeating: 1, count: rank - b.count) + b
        return (0..<rank).map { axis in
            precondition(pa[axis] == pb[axis] || pa[axis] == 1 || pb[axis] == 1, "cannot broadcast \(a) with \(b)")
            return pa[axis] == 1 ? pb[axis] : pa[axis]
        }
    }

    @inline(__always)
    func map(_ transform: (Float) -> Float) -> Tensor {
        withUnsafeBufferPointer { src in
            Tensor(shape: shape) { dst in
                for i in 0..<dst.count { dst[i] = transform(src[i]) }
            }
        }
    }

    /// Minimum elements per thread for elementwise passes.
    static let elementwiseChunk = 1 << 15

    @inline(__always)
    static func broadcast(_ a: Tensor, _ b: Tensor, _ combine: (Float, Float) -> Float) -> Tensor {
        let shape = a.shape == b.shape ? a.shape : broadcastShape(a.shape, b.shape)
        let count = elementCount(shape)
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                Tensor(shape: shape) { out in
                    let x = pa.baseAddress!, y = pb.baseAddress!, z = out.baseAddress!
                    if a.shape == b.shape {
                        Parallel.forRanges(count, minimumChunk: elementwiseChunk) { range in
                            for i in range { z[i] = combine(x[i], y[i]) }
                        }
                    } else if a.count == count, let run = BroadcastRun(small: b.shape, full: shape) {
                        run.apply(full: x, small: y, out: z) { combine($0, $1) }
                    } else if b.count == count, let run = BroadcastRun(small: a.shape, full: shape) {
                        run.apply(full: y, small: x, out: z) { combine($1, $0) }
                    } else {
                        generalBroadcast(x, a.shape, y, b.shape, z, shape, combine)
                    }
                }
            }
        }
    }

    /// Any broadcast, by walking the output index with per-operand strides (0 on stretched axes).
    @inline(__always)
    static func generalBroadcast(
        _ x: UnsafePointer<Float>, _ xShape: [Int], _ y: UnsafePointer<Float>, _ yShape: [Int],
        _ z: UnsafeMutablePointer<Float>, _ shape: [Int], _ combine: (Float, Float) -> Float
    ) {
        let rank = shape.count
        let count = elementCount(shape)
        guard count > 0 else { return }
        guard rank > 0 else {
            z[0] = combine(x[0], y[0])
            return
        }
        let xs = broadcastStrides(xShape, rank: rank, shape: shape)
        let ys = broadcastStrides(yShape, rank: rank, shape: shape)
        let last = shape[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        var xo = 0, yo = 0, zo = 0
        while zo < count {
            for j in 0..<last { z[zo + j] = combine(x[xo + j * xs[rank - 1]], y[yo + j * ys[rank - 1]]) }
            zo += last
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                xo += xs[axis]
                yo += ys[axis]
                if index[axis] < shape[axis] { break }
                xo -= xs[axis] * shape[axis]
                yo -= ys[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// Row-major strides of `operand` right-aligned to `shape`, 0 on stretched axes.
    static func broadcastStrides(_ operand: [Int], rank: Int, shape: [Int]) -> [Int] {
        let padded = Array(repeating: 1, count: rank - operand.count) + operand
        var strides = [Int](repeating: 0, count: rank)
        var step = 1
        for axis in (0..<rank).reversed() {
            strides[axis] = padded[axis] == 1 && shape[axis] != 1 ? 0 : step
            step *= padded[axis]
        }
        return strides
    }
}

/// A broadcast in which the small operand's non-1 axes are one contiguous run of the output's
/// axes: the output is `[outer, middle, inner]` and the small operand is `[middle]`.
struct BroadcastRun {
    let outer: Int
    let middle: Int
    let inner: Int

    init?(small: [Int], full: [Int]) {
        let padded = Array(repeating: 1, count: full.count - small.count) + small
        guard let first = padded.firstIndex(where: { $0 != 1 }), let last = padded.lastIndex(where: { $0 != 1 }) else {
            outer = 1
            middle = 1
            inner = Tensor.elementCount(full)
            return
        }
        guard padded[first...last] == full[first...last] else { return nil }
        outer = Tensor.elementCount(Array(full[..<first]))
        middle = Tensor.elementCount(Array(full[first...last]))
        inner = Tensor.elementCount(Array(full[(last + 1)...]))
    }

    /// `out[o, m, i] = combine(full[o, m, i], small[m])`, threaded over (o, m) rows or o blocks.
    @inline(__always)
    func apply(
        full: UnsafePointer<Float>, small: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
        _ combine: (Float, Float) -> Float
    ) {
        let inner = inner, middle = middle
        if inner == 1 {
            Parallel.forRanges(outer, minimumChunk: max(1, Tensor.elementwiseChunk / max(1, middle))) { range in
                for o in range {
                    let base = o * middle
                    for m in 0..<middle { out[base + m] = combine(full[base + m], small[m]) }
                }
            }
        } else {
            Parallel.forRanges(outer * middle, minimumChunk: max(1, Tensor.elementwiseChunk / inner)) { range in
                for row in range {
                    let s = small[row % middle]
                    let base = row * inner
                    for i in 0..<inner { out[base + i] = combine(full[base + i], s) }
                }
            }
        }
    }
}
