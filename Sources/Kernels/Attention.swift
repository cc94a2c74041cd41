/// Multi-head scaled dot-product attention, fused and blocked flash-style (Dao et al.,
/// FlashAttention, Algorithm 1): each work item is one tile of queries of one head; it visits the
/// key tiles in order, keeping a running maximum and sum per query that rescale its partial
/// output. Only one `keyTile × queryTile` score tile exists per thread (240 × 96 floats, in L2),
/// so 4096 tokens × 8 heads never materialise the [heads, Lq, Lk] score matrices.
///
/// The tile is held transposed (keys × queries), so the softmax bookkeeping is vertical SIMD
/// across 8 queries at a time (no horizontal reductions), and both products run in our
/// register-blocked micro-kernel (`MicroKernel`), not OpenBLAS: the head dimension (40 in SD1.5's
/// first UNet level) is too thin for BLAS calls to pay for their packing and thread hand-offs.
///
///     Sᵀ[keys, queries] = K · (scale · log₂e · Q)ᵀ     Oᵀ[D, queries] += Vᵀ · 2^(Sᵀ − max)
///
/// Scores are kept in base 2 (log₂ e folded into Q), so each probability is one `exp2`. K and Vᵀ
/// are packed once per call; work items (batch × head × query tile) are split statically over
/// `Threads.count`, and each item is computed by one thread in a fixed order, so results do not
/// depend on the thread count. Matches `torch.nn.functional.scaled_dot_product_attention(q, k, v,
/// scale=scale, is_causal=causal)` per head.
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

    /// Default tiles: 96 queries (six 16-query panels) × 240 keys (a multiple of the kernel's 6 rows).
    public static let defaultQueryTile = 96
    public static let defaultKeyTile = 240

    /// Attention of `query` [B, Lq, H·D] over `key`, `value` [B, Lk, H·D] into `output`
    /// [B, Lq, H·D] (heads packed in the last axis as torch's `view(B, L, H, D)`).
    /// `queryTile` is rounded up to a multiple of 16 and `keyTile` to a multiple of 6.
    public static func attention(
        query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, geometry g: Geometry,
        queryTile: Int = defaultQueryTile, keyTile: Int = defaultKeyTile
    ) {
        precondition(queryTile > 0 && keyTile > 0, "attention tiles must be positive")
        guard g.batch > 0 && g.heads > 0 && g.queryLength > 0 && g.headDimension > 0 else { return }
        let d = g.headDimension
        let width = g.heads * d
        guard g.keyLength > 0 else {
            output.update(repeating: 0, count: g.batch * g.queryLength * width)
            return
        }
        let packed = Packed(geometry: g)
        packed.pack(key: key, value: value, geometry: g)
        defer { packed.release() }
        let qTile = roundUp(min(queryTile, g.queryLength), 16)
        let kTile = roundUp(min(keyTile, g.keyLength), 6)
        let qBlocks = (g.queryLength + qTile - 1) / qTile
        // Short key sequences (cross-attention over 77 text tokens): all heads' packed K and V fit
        // in L2, so visit the heads of one query tile together and read its query rows once from
        // memory. Long ones: finish one head's keys before moving on.
        let headsInner = (packed.keysPerHead + packed.valuesPerHead) * MemoryLayout<Float>.stride * g.heads <= 1 << 20
        let scale = g.scale * 1.442_695_040_888_963_4  // scores in base 2: exp(s) = 2^(s · log₂ e)
        Parallel.forRanges(g.batch * g.heads * qBlocks) { items in
            let scratch = Scratch(
                queryTile: qTile, keyTile: kTile, headDimension: d, paddedDimension: packed.paddedDimension,
                heads: headsInner ? g.heads : 1)
            defer { scratch.release() }
            var packedTile = -1
            for item in items {
                let (b, h, block) = headsInner
                    ? (item / (qBlocks * g.heads), item % g.heads, (item / g.heads) % qBlocks)
                    : (item / (qBlocks * g.heads), (item / qBlocks) % g.heads, item % qBlocks)
                let qStart = block * qTile
                let qCount = min(qTile, g.queryLength - qStart)
                let rows = query + (b * g.queryLength + qStart) * width
                let queries: UnsafePointer<Float>
                if headsInner {
                    // All heads of this query tile at once, reading its rows from memory once.
                    if packedTile != b * qBlocks + block {
                        packQueries(rows, width: width, heads: 0..<g.heads, headDimension: d, count: qCount, tile: qTile, scale: scale, into: scratch.queries)
                        packedTile = b * qBlocks + block
                    }
                    queries = UnsafePointer(scratch.queries + h * qTile * d)
                } else {
                    packQueries(rows, width: width, heads: h..<(h + 1), headDimension: d, count: qCount, tile: qTile, scale: scale, into: scratch.queries)
                    queries = UnsafePointer(scratch.queries)
                }
                let bh = b * g.heads + h
                queryBlock(
                    queries: queries, output: output + (b * g.queryLength + qStart) * width + h * d,
                    keys: packed.keys + bh * packed.keysPerHead, values: packed.values + bh * packed.valuesPerHead,
                    width: width, qStart: qStart, qCount: qCount, qTile: qTile, kTile: kTile,
                    packed: packed, geometry: g, scratch: scratch)
            }
        }
    }

    /// Copies `count` query rows (zero rows up to `tile`) of each head in `heads`, times `scale`,
    /// into 16-query panels transposed to [D, 16]; head `heads.lowerBound + n` goes to
    /// `destination + n · tile · D`.
    static func packQueries(
        _ rows: UnsafePointer<Float>, width: Int, heads: Range<Int>, headDimension d: Int, count: Int, tile: Int, scale: Float,
        into destination: UnsafeMutablePointer<Float>
    ) {
        let scales = SIMD8<Float>(repeating: scale)
        for i in stride(from: 0, to: tile, by: 8) {
            for h in heads {
                let panel = destination + (h - heads.lowerBound) * tile * d + (i / 16) * d * 16 + i % 16
                var e = 0
                // Whole 8 × 8 blocks in registers; the rest (odd head sizes, the last rows) one by one.
                if i + 8 <= count {
                    while e + 8 <= d {
                        Transpose8x8.store(Transpose8x8.load(rows + i * width + h * d + e, stride: width), panel + e * 16, stride: 16, scales: scales)
                        e += 8
                    }
                }
                for j in 0..<8 {
                    let row = rows + (i + j) * width + h * d
                    for k in e..<d { panel[k * 16 + j] = i + j < count ? row[k] * scale : 0 }
                }
            }
        }
    }

    /// One tile of queries of one head against all visible keys, tile by tile.
    static func queryBlock(
        queries: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
        width: Int, qStart: Int, qCount: Int, qTile: Int, kTile: Int, packed: Packed, geometry g: Geometry, scratch s: Scratch
    ) {
        let d = g.headDimension
        let dp = packed.paddedDimension
        s.maximum.update(repeating: -.infinity, count: qTile)
        s.sum.update(repeating: 0, count: qTile)
        let keyEnd = g.causal ? min(g.keyLength, qStart + qCount) : g.keyLength
        var kStart = 0
        // The first key tile writes the partial output instead of rescaling and adding to zeros.
        var first = true
        while kStart < keyEnd {
            let kCount = min(kTile, keyEnd - kStart)
            let rows = roundUp(kCount, 6)
            // Sᵀ[rows, qTile] = K[kStart ..< kStart + rows] · Q′ᵀ
            for r in stride(from: 0, to: rows, by: 6) {
                for p in stride(from: 0, to: qTile, by: 16) {
                    MicroKernel.gemm6x16(
                        keys + (kStart + r) * d, d, queries + p * d, 16, s.scores + r * qTile + p, qTile,
                        k: d, accumulate: false)
                }
            }
            mask(s.scores, rows: rows, kCount: kCount, kStart: kStart, qStart: qStart, qTile: qTile, causal: g.causal)
            softmaxStep(s, rows: rows, qTile: qTile, paddedDimension: dp, rescale: !first)
            // Oᵀ[dp, qTile] += Vᵀ[dp, kStart ..< kStart + rows] · Pᵀ
            for r in stride(from: 0, to: dp, by: 6) {
                for p in stride(from: 0, to: qTile, by: 16) {
                    MicroKernel.gemm6x16(
                        values + r * packed.paddedKeys + kStart, packed.paddedKeys, s.scores + p, qTile,
                        s.output + r * qTile + p, qTile, k: rows, accumulate: !first)
                }
            }
            kStart += kCount
            first = false
        }
        for i in 0..<qCount { s.sum[i] = s.sum[i] > 0 ? 1 / s.sum[i] : 0 }
        var i = 0
        while i + 8 <= qCount && d >= 8 {
            let inverse = VectorMath.load(s.sum, i)
            var e = 0
            while e + 8 <= d {
                Transpose8x8.store(Transpose8x8.load(s.output + e * qTile + i, stride: qTile), output + i * width + e, stride: width, scales: inverse)
                e += 8
            }
            for r in i..<(i + 8) {
                for k in e..<d { output[r * width + k] = s.output[k * qTile + r] * s.sum[r] }
            }
            i += 8
        }
        for r in i..<qCount {
            for k in 0..<d { output[r * width + k] = s.output[k * qTile + r] * s.sum[r] }
        }
    }

    /// Sets to −∞ the scores of padding keys (rows at or past `kCount`) and, when causal, of keys
    /// after their query (key kStart + j hidden from query qStart + i when kStart + j > qStart + i).
    @inline(__always)
    static func mask(_ scores: UnsafeMutablePointer<Float>, rows: Int, kCount: Int, kStart: Int, qStart: Int, qTile: Int, causal: Bool) {
        for j in kCount..<rows { (scores + j * qTile).update(repeating: -.infinity, count: qTile) }
        guard causal else { return }
        for j in 0..<kCount {
            let hidden = min(qTile, max(0, kStart + j - qStart))
            (scores + j * qTile).update(repeating: -.infinity, count: hidden)
        }
    }

    /// Turns the score tile into probabilities against each query's running maximum, and rescales
    /// that query's running sum and (when `rescale`) partial output; vertical across 8 queries at
    /// a time.
    @inline(__always)
    static func softmaxStep(_ s: Scratch, rows: Int, qTile: Int, paddedDimension dp: Int, rescale: Bool) {
        for c in stride(from: 0, to: qTile, by: 8) {
            let old = VectorMath.load(s.maximum, c)
            var top = old
            for j in 0..<rows { top = VectorMath.maximum(top, VectorMath.load(s.scores, j * qTile + c)) }
            // A query with no visible key yet keeps zero sum and output: subtract 0, not −∞.
            let shift = top.replacing(with: 0, where: top .== -.infinity)
            let correction = VectorMath.exp2(old - shift)
            var total = SIMD8<Float>()
            for j in 0..<rows {
                let p = VectorMath.exp2(VectorMath.load(s.scores, j * qTile + c) - shift)
                VectorMath.store(p, s.scores, j * qTile + c)
                total += p
            }
            VectorMath.store(VectorMath.load(s.sum, c) * correction + total, s.sum, c)
            VectorMath.store(top, s.maximum, c)
            if rescale && correction != SIMD8(repeating: 1) {
                for e in 0..<dp { VectorMath.store(VectorMath.load(s.output, e * qTile + c) * correction, s.output, e * qTile + c) }
            }
        }
    }

    @inline(__always)
    static func roundUp(_ value: Int, _ multiple: Int) -> Int {
        (value + multiple - 1) / multiple * multiple
    }

    /// K as [B·H, Lk′, D] and V transposed as [B·H, D′, Lk′] (Lk′ = Lk rounded up to 6, D′ = D
    /// rounded up to 6, zero-filled), so every micro-kernel call reads whole 6-row blocks.
    struct Packed {
        let keys: UnsafeMutablePointer<Float>
        let values: UnsafeMutablePointer<Float>
        let paddedKeys: Int
        let paddedDimension: Int
        let keysPerHead: Int
        let valuesPerHead: Int
        let heads: Int

        init(geometry g: Geometry) {
            paddedKeys = roundUp(g.keyLength, 6)
            paddedDimension = roundUp(g.headDimension, 6)
            keysPerHead = paddedKeys * g.headDimension
            valuesPerHead = paddedDimension * paddedKeys
            heads = g.batch * g.heads
            keys = BufferPool.allocate(count: heads * keysPerHead)
            values = BufferPool.allocate(count: heads * valuesPerHead)
        }

        func pack(key: UnsafePointer<Float>, value: UnsafePointer<Float>, geometry g: Geometry) {
            let d = g.headDimension
            let width = g.heads * d
            let (lk, lkp, dp) = (g.keyLength, paddedKeys, paddedDimension)
            Parallel.forEach(heads) { bh in
                let (b, h) = (bh / g.heads, bh % g.heads)
                let kp = keys + bh * keysPerHead
                let vt = values + bh * valuesPerHead
                let k = key + b * lk * width + h * d
                let v = value + b * lk * width + h * d
                for j in 0..<lk { (kp + j * d).update(from: k + j * width, count: d) }
                (kp + lk * d).update(repeating: 0, count: (lkp - lk) * d)
                for e in 0..<d {
                    let row = vt + e * lkp
                    for j in 0..<lk { row[j] = v[j * width + e] }
                    (row + lk).update(repeating: 0, count: lkp - lk)
                }
                (vt + d * lkp).update(repeating: 0, count: (dp - d) * lkp)
            }
        }

        func release() {
            BufferPool.release(keys, count: heads * keysPerHead)
            BufferPool.release(values, count: heads * valuesPerHead)
        }
    }

    /// Per-thread buffers of one query tile (with the packed queries of `heads` heads).
    final class Scratch {
        let queries: UnsafeMutablePointer<Float>
        let scores: UnsafeMutablePointer<Float>
        let output: UnsafeMutablePointer<Float>
        let maximum: UnsafeMutablePointer<Float>
        let sum: UnsafeMutablePointer<Float>
        private let counts: (queries: Int, scores: Int, output: Int, columns: Int)

        init(queryTile: Int, keyTile: Int, headDimension: Int, paddedDimension: Int, heads: Int) {
            counts = (heads * queryTile * headDimension, keyTile * queryTile, paddedDimension * queryTile, queryTile)
            queries = BufferPool.allocate(count: counts.queries)
            scores = BufferPool.allocate(count: counts.scores)
            output = BufferPool.allocate(count: counts.output)
            maximum = BufferPool.allocate(count: counts.columns)
            sum = BufferPool.allocate(count: counts.columns)
        }

        func release() {
            BufferPool.release(queries, count: counts.queries)
            BufferPool.release(scores, count: counts.scores)
            BufferPool.release(output, count: counts.output)
            BufferPool.release(maximum, count: counts.columns)
            BufferPool.release(sum, count: counts.columns)
        }
    }
}
