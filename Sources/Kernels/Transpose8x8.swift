/// An 8×8 block transpose in registers: three perfect unshuffles of the 64 values (each moves
/// the lowest bit of an element's index to the top; three of them swap the row and column bits),
/// built from `evenHalf`/`oddHalf`, which compile to AVX shuffles. The attention softmax uses it to
/// reduce eight rows' lane-wise maxima and sums to eight per-row results at once.
enum Transpose8x8 {
    typealias V = SIMD8<Float>
    typealias Block = (V, V, V, V, V, V, V, V)

    /// `b` transposed: element c of result row r is element r of row c.
    @inline(__always)
    static func transposed(_ b: Block) -> Block {
        unshuffle(unshuffle(unshuffle(b)))
    }

    /// The 64 values in row order, deinterleaved: even-indexed values first, then odd-indexed.
    @inline(__always)
    static func unshuffle(_ b: Block) -> Block {
        (V(lowHalf: b.0.evenHalf, highHalf: b.1.evenHalf), V(lowHalf: b.2.evenHalf, highHalf: b.3.evenHalf),
         V(lowHalf: b.4.evenHalf, highHalf: b.5.evenHalf), V(lowHalf: b.6.evenHalf, highHalf: b.7.evenHalf),
         V(lowHalf: b.0.oddHalf, highHalf: b.1.oddHalf), V(lowHalf: b.2.oddHalf, highHalf: b.3.oddHalf),
         V(lowHalf: b.4.oddHalf, highHalf: b.5.oddHalf), V(lowHalf: b.6.oddHalf, highHalf: b.7.oddHalf))
    }
}
