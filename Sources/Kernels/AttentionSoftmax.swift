/// The online-softmax step of the attention kernel (FlashAttention's running maximum and sum):
/// turns one tile of base-2 scores into probabilities against each query's running maximum, and
/// rescales that query's running sum and partial output when the maximum grew.
///
/// Each score row belongs to one query; rows hold whole 16-key panels, read 16 lanes at a time.
/// Rows go eight at a time: every row reduces to one 8-lane vector of lane-wise maxima (then of
/// sums), and one 8×8 register transpose turns the eight vectors into eight per-query results at
/// once, so the horizontal reductions cost a transpose per eight rows rather than a shuffle chain
/// per row.
extension Attention {
    typealias Vector = SIMD8<Float>
    typealias Wide = SIMD16<Float>

    static func softmaxStep(
        _ s: Scratch, rows: Int, columns: Int, kCount: Int, kStart: Int, qStart: Int, kTile: Int,
        paddedDimension dp: Int, causal: Bool, rescale: Bool
    ) {
        // Padding keys and, when causal, keys after the query: probability 0. Whole 16-lane
        // stores, so that the reads that follow are served from the store buffer (narrower stores
        // under a wide load stall it).
        let lane = Wide(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        for i in 0..<rows {
            let visible = causal ? min(kCount, max(0, qStart + i - kStart + 1)) : kCount
            let row = s.scores + i * kTile
            for c in stride(from: visible / 16 * 16, to: columns, by: 16) {
                let hidden = lane .>= Wide(repeating: Float(visible - c))
                VectorMath.store(VectorMath.loadWide(row, c).replacing(with: -.infinity, where: hidden), row, c)
            }
        }
        var r = 0
        while r + 8 <= rows {
            eightRows(s, from: r, columns: columns, kTile: kTile, paddedDimension: dp, rescale: rescale)
            r += 8
        }
        while r < rows {
            oneRow(s, row: r, columns: columns, kTile: kTile, paddedDimension: dp, rescale: rescale)
            r += 1
        }
    }

    /// Rows `r ..< r + 8` of the score tile.
    @inline(__always)
    static func eightRows(_ s: Scratch, from r: Int, columns: Int, kTile: Int, paddedDimension dp: Int, rescale: Bool) {
        let scores = s.scores + r * kTile
        @inline(__always) func lanewiseMaximum(_ i: Int) -> Vector {
            let row = scores + i * kTile
            var top = Wide(repeating: -.infinity)
            for c in stride(from: 0, to: columns, by: 16) {
                let scores = VectorMath.loadWide(row, c)
                top.replace(with: scores, where: top .< scores)
            }
            return VectorMath.maximum(top.lowHalf, top.highHalf)
        }
        let tops = Transpose8x8.transposed((
            lanewiseMaximum(0), lanewiseMaximum(1), lanewiseMaximum(2), lanewiseMaximum(3),
            lanewiseMaximum(4), lanewiseMaximum(5), lanewiseMaximum(6), lanewiseMaximum(7)))
        let tileMaximum = VectorMath.maximum(
            VectorMath.maximum(VectorMath.maximum(tops.0, tops.1), VectorMath.maximum(tops.2, tops.3)),
            VectorMath.maximum(VectorMath.maximum(tops.4, tops.5), VectorMath.maximum(tops.6, tops.7)))
        let old = VectorMath.load(s.maximum, r)
        let maximum = VectorMath.maximum(old, tileMaximum)
        // A query with no visible key yet keeps zero sum and output: subtract 0, not −∞.
        let shifts = maximum.replacing(with: 0, where: maximum .== -.infinity)
        @inline(__always) func lanewiseSum(_ i: Int) -> Vector {
            let row = scores + i * kTile
            let shift = Wide(repeating: shifts[i])
            var total = Wide()
            for c in stride(from: 0, to: columns, by: 16) {
                let p = VectorMath.exp2(VectorMath.loadWide(row, c) - shift)
                VectorMath.store(p, row, c)
                total += p
            }
            return total.lowHalf + total.highHalf
        }
        let sums = Transpose8x8.transposed((
            lanewiseSum(0), lanewiseSum(1), lanewiseSum(2), lanewiseSum(3),
            lanewiseSum(4), lanewiseSum(5), lanewiseSum(6), lanewiseSum(7)))
        let totals = ((sums.0 + sums.1) + (sums.2 + sums.3)) + ((sums.4 + sums.5) + (sums.6 + sums.7))
        VectorMath.store(maximum, s.maximum, r)
        guard rescale else {
            VectorMath.store(totals, s.sum, r)
            return
        }
        let correction = VectorMath.exp2(old - shifts)
        VectorMath.store(VectorMath.load(s.sum, r) * correction + totals, s.sum, r)
        for i in 0..<8 where correction[i] != 1 {
            scaleOutput(s, row: r + i, by: correction[i], paddedDimension: dp)
        }
    }

    /// One row of the score tile (the rows after the last group of eight).
    @inline(__always)
    static func oneRow(_ s: Scratch, row i: Int, columns: Int, kTile: Int, paddedDimension dp: Int, rescale: Bool) {
        let row = s.scores + i * kTile
        var top = Vector(repeating: -.infinity)
        for c in stride(from: 0, to: columns, by: 8) { top = VectorMath.maximum(top, VectorMath.load(row, c)) }
        let old = s.maximum[i]
        let maximum = max(old, VectorMath.horizontalMaximum(top))
        let shift = Vector(repeating: maximum == -.infinity ? 0 : maximum)
        var total = Vector()
        for c in stride(from: 0, to: columns, by: 8) {
            let p = VectorMath.exp2(VectorMath.load(row, c) - shift)
            VectorMath.store(p, row, c)
            total += p
        }
        s.maximum[i] = maximum
        guard rescale else {
            s.sum[i] = VectorMath.horizontalSum(total)
            return
        }
        let correction = VectorMath.exp2(Vector(repeating: old) - shift)[0]
        s.sum[i] = s.sum[i] * correction + VectorMath.horizontalSum(total)
        if correction != 1 { scaleOutput(s, row: i, by: correction, paddedDimension: dp) }
    }

    /// Multiplies one query's partial output row by `factor`.
    @inline(__always)
    static func scaleOutput(_ s: Scratch, row i: Int, by factor: Float, paddedDimension dp: Int) {
        let partial = s.output + i * dp
        for e in stride(from: 0, to: dp, by: 8) { VectorMath.store(VectorMath.load(partial, e) * factor, partial, e) }
    }
}
