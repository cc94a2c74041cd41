/// An 8×8 block transpose in registers: three perfect unshuffles of the 64 values (each moves
/// the lowest bit of an element's index to the top; three of them swap the row and column bits),
/// built from `evenHalf`/`oddHalf`, which compile to AVX shuffles. For the attention kernel's
/// query and output layout changes, where scalar strided copies cost a fifth of a short
/// cross-attention.
enum Transpose8x8 {
    typealias V = SIMD8<Float>
    typealias Block = (V, V, V, V, V, V, V, V)

    /// The 8 rows `source + r·stride` (8 values each), transposed: element c of result row r is
    /// element r of source row c.
    @inline(__always)
    static func load(_ source: UnsafePointer<Float>, stride: Int) -> Block {
        var b: Block = (
            VectorMath.load(source, 0), VectorMath.load(source, stride), VectorMath.load(source, 2 * stride),
            VectorMath.load(source, 3 * stride), VectorMath.load(source, 4 * stride), VectorMath.load(source, 5 * stride),
            VectorMath.load(source, 6 * stride), VectorMath.load(source, 7 * stride))
        b = unshuffle(b)
        b = unshuffle(b)
        return unshuffle(b)
    }

    /// The 64 values in row order, deinterleaved: even-indexed values first, then odd-indexed.
    @inline(__always)
    static func unshuffle(_ b: Block) -> Block {
        (V(lowHalf: b.0.evenHalf, highHalf: b.1.evenHalf), V(lowHalf: b.2.evenHalf, highHalf: b.3.evenHalf),
         V(lowHalf: b.4.evenHalf, highHalf: b.5.evenHalf), V(lowHalf: b.6.evenHalf, highHalf: b.7.evenHalf),
         V(lowHalf: b.0.oddHalf, highHalf: b.1.oddHalf), V(lowHalf: b.2.oddHalf, highHalf: b.3.oddHalf),
         V(lowHalf: b.4.oddHalf, highHalf: b.5.oddHalf), V(lowHalf: b.6.oddHalf, highHalf: b.7.oddHalf))
    }

    /// Stores the 8 rows of `b` at `destination + r·stride`, row r multiplied by `scales[r]`.
    @inline(__always)
    static func store(_ b: Block, _ destination: UnsafeMutablePointer<Float>, stride: Int, scales: V) {
        VectorMath.store(b.0 * scales[0], destination, 0)
        VectorMath.store(b.1 * scales[1], destination, stride)
        VectorMath.store(b.2 * scales[2], destination, 2 * stride)
        VectorMath.store(b.3 * scales[3], destination, 3 * stride)
        VectorMath.store(b.4 * scales[4], destination, 4 * stride)
        VectorMath.store(b.5 * scales[5], destination, 5 * stride)
        VectorMath.store(b.6 * scales[6], destination, 6 * stride)
        VectorMath.store(b.7 * scales[7], destination, 7 * stride)
    }
}
