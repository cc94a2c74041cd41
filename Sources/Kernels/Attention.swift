/// Multi-head scaled dot-product attention, blocked flash-style: for each tile of queries, key
/// tiles are visited in order while a running row maximum and row sum rescale the partial output
/// (Dao et al., FlashAttention, Algorithm 1). Only one `queryTile × keyTile` score tile exists at a
/// time, so 4096 tokens × 8 heads never materialise the [heads, Lq, Lk] score matrices.
///
/// The two products of each tile are OpenBLAS GEMMs reading the packed-head layout in place
/// (leading dimension heads·D); the softmax bookkeeping between them runs on our threads.
/// Matches `torch.nn.functional.scaled_dot_product_attention(q, k, v, scale=scale, is_causal=causal)`
/// per head.
public enum Attention {
    /// Sizes and options of one attention call.
    public struct Geometry: Sendable, Equatable {
        public var batch: Int
        public var queryLength: Int
        public var keyLength: Int
        public var heads: Int
        public var headDimension: Int
        public var scale: Float
        /// Key j is hidden from query i when j > i (CLIP's causal text mask).
        public var causal: Bool

        public init(batch: Int, queryLength: Int, keyLength: Int, heads: Int, headDimension: Int, scale: Float, causal: Bool) {
            self.batch = batch
            self.queryLength = queryLength
            self.keyLength = keyLength
            self.heads = heads
            self.headDimension = headDimension
            self.scale = scale
            self.causal = causal
        }

        /// 4·Lq·Lk·D per head and batch element: the two matrix products.
        public var flops: Double {
            4 * Double(batch * heads) * Double(queryLength) * Double(keyLength) * Double(headDimension)
        }
    }

    /// Default tile sizes: a 256 × 512 score tile is 512 KB, resident in L2.
    public static let defaultQueryTile = 256
    public static let defaultKeyTile = 512

    /// Attention of `query` [B, Lq, H·D] over `key`, `value` [B, Lk, H·D] into `output`
    /// [B, Lq, H·D] (heads packed in the last axis as torch's `view(B, L, H, D)`).
    public static func attention(
        query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, geometry g: Geometry,
        queryTile: Int = defaultQueryTile, keyTile: Int = defaultKeyTile
    ) {
        precondition(queryTile > 0 && keyTile > 0, "attention tiles must be positive")
        let width = g.heads * g.headDimension
        let qTile = min(queryTile, max(1, g.queryLength))
        let kTile = min(keyTile, max(1, g.keyLength))
        let scores = BufferPool.allocate(count: qTile * kTile)
        let rowMax = BufferPool.allocate(count: qTile)
        let rowSum = BufferPool.allocate(count: qTile)
        defer {
            BufferPool.release(scores, count: qTile * kTile)
            BufferPool.release(rowMax, count: qTile)
            BufferPool.release(rowSum, count: qTile)
        }
        for b in 0..<g.batch {
            for h in 0..<g.heads {
                let q = query + b * g.queryLength * width + h * g.headDimension
                let k = key + b * g.keyLength * width + h * g.headDimension
                let v = value + b * g.keyLength * width + h * g.headDimension
                let o = output + b * g.queryLength * width + h * g.headDimension
                var qStart = 0
                while qStart < g.queryLength {
                    let qCount = min(qTile, g.queryLength - qStart)
                    let keyEnd = g.causal ? min(g.keyLength, qStart + qCount) : g.keyLength
                    queryBlock(
                        q: q + qStart * width, k: k, v: v, o: o + qStart * width, width: width, geometry: g,
                        qStart: qStart, qCount: qCount, keyEnd: keyEnd, kTile: kTile,
                        scores: scores, rowMax: rowMax, rowSum: rowSum)
                    qStart += qCount
                }
            }
        }
    }

    /// One tile of queries of one head against keys `0 ..< keyEnd`, tile by tile.
    static func queryBlock(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, o: UnsafeMutablePointer<Float>,
        width: Int, geometry g: Geometry, qStart: Int, qCount: Int, keyEnd: Int, kTile: Int,
        scores: UnsafeMutablePointer<Float>, rowMax: UnsafeMutablePointer<Float>, rowSum: UnsafeMutablePointer<Float>
    ) {
        let d = g.headDimension
        rowMax.update(repeating: -.infinity, count: qCount)
        rowSum.update(repeating: 0, count: qCount)
        for i in 0..<qCount { (o + i * width).update(repeating: 0, count: d) }
        var kStart = 0
        while kStart < keyEnd {
            let kCount = min(kTile, keyEnd - kStart)
            // scores[qCount, kCount] = scale · Q · Kᵀ
            BLAS.sgemm(
                transposeB: true, m: qCount, n: kCount, k: d, alpha: g.scale, a: q, lda: width,
                b: k + kStart * width, ldb: width, c: scores, ldc: kCount)
            Parallel.forRanges(qCount, minimumChunk: 16) { range in
                for i in range {
                    let row = scores + i * kCount
                    if g.causal {
                        let visible = max(0, min(kCount, qStart + i - kStart + 1))
                        (row + visible).update(repeating: -.infinity, count: kCount - visible)
                    }
                    let tileMax = Softmax.maximum(row, count: kCount)
                    let newMax = max(rowMax[i], tileMax)
                    // A row whose keys are all masked so far keeps an empty sum and zero output.
                    guard newMax > -.infinity else {
                        row.update(repeating: 0, count: kCount)
                        continue
                    }
                    let correction = rowMax[i] == -.infinity ? 0 : scalarExp(rowMax[i] - newMax)
                    let tileSum = Softmax.exponentiate(row, row, count: kCount, maximum: newMax)
                    rowSum[i] = rowSum[i] * correction + Float(tileSum)
                    rowMax[i] = newMax
                    if correction != 1 { Softmax.scale(o + i * width, count: d, by: correction) }
                }
            }
            // O[qCount, D] += P · V
            BLAS.sgemm(
                m: qCount, n: d, k: kCount, a: scores, lda: kCount, b: v + kStart * width, ldb: width,
                beta: 1, c: o, ldc: width)
            kStart += kCount
        }
        Parallel.forRanges(qCount, minimumChunk: 64) { range in
            for i in range where rowSum[i] > 0 {
                Softmax.scale(o + i * width, count: d, by: 1 / rowSum[i])
            }
        }
    }

    /// Scalar eˣ through the vector routine, so every exponential in a row uses the same formula.
    @inline(__always)
    static func scalarExp(_ x: Float) -> Float {
        VectorMath.exp(SIMD8<Float>(repeating: x))[0]
    }
}
