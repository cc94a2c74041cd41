/// Multi-head scaled dot-product attention, fused and blocked flash-style (Dao et al.,
/// FlashAttention, Algorithm 1): each work item is one tile of queries of one head; it visits the
/// key tiles in order, keeping a running maximum and sum per query that rescale its partial
/// output. Only one `queryTile × keyTile` score tile exists per thread (96 × 256 floats, in L2),
/// so 4096 tokens × 8 heads never materialise the [heads, Lq, Lk] score matrices.
///
/// Both products run in our register-blocked micro-kernels (`MicroKernel`), not OpenBLAS: the
/// head dimension (40 in SD1.5's first UNet level) is too thin for BLAS calls to pay for their
/// packing and thread hand-offs. Queries and outputs keep the layout they have in the tensors
/// (rows of H·D), so the query rows are read and the output rows written in place, without
/// transposes; only K and V (short for cross-attention) are packed, once per call:
///
///     S[queries, keys] = Q · (scale · log₂e · K)ᵀ     O[queries, D] += 2^(S − max) · V
///
/// Scores are kept in base 2 (log₂ e folded into the packed keys), so each probability is one
/// `exp2` (`AttentionSoftmax.swift`). Work items (batch × head × query tile) are split statically
/// over `Threads.count`, and each item is computed by one thread in a fixed order, so results do
/// not depend on the thread count. Matches `torch.nn.functional.scaled_dot_product_attention(q, k,
/// v, scale=scale, is_causal=causal)` per head.
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

    /// Default tiles: 96 queries (sixteen 6-query or eight 12-query blocks, `MicroKernel.rows(for:)`) ×
    /// 256 keys (sixteen 16-key panels).
    public static let defaultQueryTile = 96
    public static let defaultKeyTile = 256

    /// Attention of `query` [B, Lq, H·D] over `key`, `value` [B, Lk, H·D] into `output`
    /// [B, Lq, H·D] (heads packed in the last axis as torch's `view(B, L, H, D)`).
    /// `queryTile` is rounded up to a multiple of the micro-kernel's rows (6, or 12 with AVX-512) and
    /// `keyTile` to a multiple of 16.
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
        let blockRows = MicroKernel.rows(for: min(queryTile, g.queryLength))
        let qTile = roundUp(min(queryTile, g.queryLength), blockRows)
        let kTile = roundUp(min(keyTile, g.keyLength), 16)
        let qBlocks = (g.queryLength + qTile - 1) / qTile
        let scale = g.scale * 1.442_695_040_888_963_4  // scores in base 2: exp(s) = 2^(s · log₂ e)
        // When one query tile covers the sequence (text encoders, AnimateDiff's 16-frame temporal
        // attention over 8192 pixels × 8 heads), each head's K and V are used by one work item
        // only: that item packs them into its own scratch, in cache, instead of a pass over all
        // heads through memory before the work starts.
        let packEachItem = qBlocks == 1
        let packed = Packed(geometry: g, heads: packEachItem ? 0 : g.batch * g.heads)
        packed.packAll(key: key, value: value, geometry: g, scale: scale)
        defer { packed.release() }
        // Short key sequences (cross-attention over 77 text tokens): all heads' packed K and V fit
        // in L2, so visit the heads of one query tile together, reading its query rows from memory
        // once, and while they run, prefetch the next tile's rows (little arithmetic per row, so
        // memory latency would show). Long ones: finish one head's keys before moving on.
        let headsInner = (packed.keysPerHead + packed.valuesPerHead) * MemoryLayout<Float>.stride * g.heads <= 1 << 20
        let rowCount = g.batch * g.queryLength
        Parallel.forRanges(g.batch * g.heads * qBlocks) { items in
            let scratch = Scratch(
                queryTile: qTile, blockRows: blockRows, keyTile: kTile, headDimension: d, paddedDimension: packed.paddedDimension)
            let own = packEachItem ? Packed(geometry: g, heads: 1) : nil
            defer {
                scratch.release()
                own?.release()
            }
            for item in items {
                let (b, h, block) = headsInner
                    ? (item / (qBlocks * g.heads), item % g.heads, (item / g.heads) % qBlocks)
                    : (item / (qBlocks * g.heads), (item / qBlocks) % g.heads, item % qBlocks)
                let qStart = block * qTile
                let qCount = min(qTile, g.queryLength - qStart)
                let row = b * g.queryLength + qStart
                // Head h of H fetches the h-th part of the rows after this tile (and, when items
                // pack their own K and V, of the next batch element's key and value rows).
                let next = (row + qCount) * width
                let nextRows = headsInner ? min(qTile, rowCount - row - qCount) : 0
                let nextKeys = headsInner && packEachItem && b + 1 < g.batch ? g.keyLength : 0
                var lookahead = Lookahead(
                    query: query + next, output: output + next, bytes: nextRows * width * MemoryLayout<Float>.stride,
                    key: key + (b + 1) * g.keyLength * width, value: value + (b + 1) * g.keyLength * width,
                    keyBytes: nextKeys * width * MemoryLayout<Float>.stride, part: h, of: g.heads)
                let bh = b * g.heads + h
                own?.pack(head: bh, into: 0, key: key, value: value, geometry: g, scale: scale)
                let (source, slot) = own.map { ($0, 0) } ?? (packed, bh)
                queryBlock(
                    query: query + row * width + h * d, output: output + row * width + h * d,
                    keys: source.keys + slot * source.keysPerHead, values: source.values + slot * source.valuesPerHead,
                    width: width, qStart: qStart, qCount: qCount, kTile: kTile, lookahead: &lookahead,
                    packed: source, geometry: g, scratch: scratch)
            }
        }
    }

    /// One tile of queries of one head against all visible keys, tile by tile.
    static func queryBlock(
        query: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
        width: Int, qStart: Int, qCount: Int, kTile: Int, lookahead: inout Lookahead,
        packed: Packed, geometry g: Geometry, scratch s: Scratch
    ) {
        let d = g.headDimension
        let dp = packed.paddedDimension
        let blockRows = s.blockRows
        let rows = roundUp(qCount, blockRows)
        // A last, partial block of rows reads its rows from a zero-padded copy (not past the tensor).
        let whole = qCount / blockRows * blockRows
        if whole < rows {
            s.queryTail.update(repeating: 0, count: blockRows * d)
            for i in whole..<qCount { (s.queryTail + (i - whole) * d).update(from: query + i * width, count: d) }
        }
        s.maximum.update(repeating: -.infinity, count: rows)
        s.sum.update(repeating: 0, count: rows)
        let keyEnd = g.causal ? min(g.keyLength, qStart + qCount) : g.keyLength
        var kStart = 0
        // The first key tile writes the partial output instead of rescaling and adding to zeros.
        var first = true
        while kStart < keyEnd {
            let kCount = min(kTile, keyEnd - kStart)
            let columns = roundUp(kCount, 16)
            // S[rows, columns] = Q · K′ᵀ[kStart ..< kStart + columns]
            let prefetches = lookahead.share(of: rows / blockRows * columns / 16)
            for r in stride(from: 0, to: rows, by: blockRows) {
                let (a, lda) = r < whole ? (query + r * width, width) : (UnsafePointer(s.queryTail), d)
                for c in stride(from: 0, to: columns, by: 16) {
                    lookahead.issue(prefetches)
                    MicroKernel.gemm(rows: blockRows, columns: 16, a, lda, keys + (kStart + c) * d, 16, s.scores + r * kTile + c, kTile, k: d, accumulate: false)
                }
            }
            softmaxStep(s, rows: rows, columns: columns, kCount: kCount, kStart: kStart, qStart: qStart, kTile: kTile,
                        paddedDimension: dp, causal: g.causal, rescale: !first)
            // O[rows, dp] (+)= P · V[kStart ..< kStart + columns]
            for r in stride(from: 0, to: rows, by: blockRows) {
                let (p, o) = (s.scores + r * kTile, s.output + r * dp)
                var e = 0
                while e < dp {
                    let width = MicroKernel.columns(remaining: dp - e, rows: blockRows)
                    MicroKernel.gemm(rows: blockRows, columns: width, p, kTile, values + kStart * dp + e, dp, o + e, dp, k: columns, accumulate: !first)
                    e += width
                }
            }
            kStart += kCount
            first = false
        }
        for i in 0..<qCount {
            let inverse = s.sum[i] > 0 ? 1 / s.sum[i] : 0
            let (source, destination) = (s.output + i * dp, output + i * width)
            var e = 0
            while e + 8 <= d {
                VectorMath.store(VectorMath.load(source, e) * inverse, destination, e)
                e += 8
            }
            for k in e..<d { destination[k] = source[k] * inverse }
        }
    }

    @inline(__always)
    static func roundUp(_ value: Int, _ multiple: Int) -> Int {
        (value + multiple - 1) / multiple * multiple
    }

    /// Per head, scale · K transposed into 16-key panels [Lk′/16, D, 16] (the second operand of
    /// the score product, each panel contiguous) and V as rows [Lk′, D′] (Lk′ = Lk rounded up to
    /// 16, D′ = D rounded up to 8; zero-filled), so every micro-kernel call reads whole panels.
    /// Holds `heads` heads (slots).
    struct Packed {
        let keys: UnsafeMutablePointer<Float>
        let values: UnsafeMutablePointer<Float>
        let paddedKeys: Int
        let paddedDimension: Int
        let keysPerHead: Int
        let valuesPerHead: Int
        let heads: Int

        init(geometry g: Geometry, heads: Int) {
            paddedKeys = roundUp(g.keyLength, 16)
            paddedDimension = roundUp(g.headDimension, 8)
            keysPerHead = paddedKeys * g.headDimension
            valuesPerHead = paddedKeys * paddedDimension
            self.heads = heads
            keys = BufferPool.allocate(count: heads * keysPerHead)
            values = BufferPool.allocate(count: heads * valuesPerHead)
        }

        /// Packs every head bh of K and V into slot bh, spread over the threads.
        func packAll(key: UnsafePointer<Float>, value: UnsafePointer<Float>, geometry g: Geometry, scale: Float) {
            Parallel.forEach(heads) { bh in pack(head: bh, into: bh, key: key, value: value, geometry: g, scale: scale) }
        }

        /// Packs head `bh` (batch element bh / H, head bh % H) of K and V into slot `slot`. K goes
        /// through 8×8 register transposes, eight keys × eight dimensions at a time (for
        /// AnimateDiff's temporal attention, whose work items each pack their own 16 keys, scalar
        /// copies were half of the kernel's time).
        func pack(head bh: Int, into slot: Int, key: UnsafePointer<Float>, value: UnsafePointer<Float>, geometry g: Geometry, scale: Float) {
            let d = g.headDimension
            let width = g.heads * d
            let (lk, dp) = (g.keyLength, paddedDimension)
            let (b, h) = (bh / g.heads, bh % g.heads)
            let k = key + b * lk * width + h * d
            let v = value + b * lk * width + h * d
            let panels = keys + slot * keysPerHead
            let scales = SIMD8<Float>(repeating: scale)
            var j = 0
            while j + 8 <= lk {
                let panel = panels + (j / 16) * d * 16 + j % 16
                var e = 0
                while e + 8 <= d {
                    let rows = k + j * width + e
                    let t = Transpose8x8.transposed((
                        VectorMath.load(rows, 0), VectorMath.load(rows, width), VectorMath.load(rows, 2 * width),
                        VectorMath.load(rows, 3 * width), VectorMath.load(rows, 4 * width), VectorMath.load(rows, 5 * width),
                        VectorMath.load(rows, 6 * width), VectorMath.load(rows, 7 * width)))
                    VectorMath.store(t.0 * scales, panel, e * 16); VectorMath.store(t.1 * scales, panel, (e + 1) * 16)
                    VectorMath.store(t.2 * scales, panel, (e + 2) * 16); VectorMath.store(t.3 * scales, panel, (e + 3) * 16)
                    VectorMath.store(t.4 * scales, panel, (e + 4) * 16); VectorMath.store(t.5 * scales, panel, (e + 5) * 16)
                    VectorMath.store(t.6 * scales, panel, (e + 6) * 16); VectorMath.store(t.7 * scales, panel, (e + 7) * 16)
                    e += 8
                }
                for e in e..<d {
                    for i in 0..<8 { panel[e * 16 + i] = k[(j + i) * width + e] * scale }
                }
                j += 8
            }
            for j in j..<paddedKeys {
                let panel = panels + (j / 16) * d * 16 + j % 16
                for e in 0..<d { panel[e * 16] = j < lk ? k[j * width + e] * scale : 0 }
            }
            for j in 0..<paddedKeys {
                let row = values + slot * valuesPerHead + j * dp
                var e = 0
                if j < lk {
                    while e + 8 <= d {
                        VectorMath.store(VectorMath.load(v, j * width + e), row, e)
                        e += 8
                    }
                    for i in e..<d { row[i] = v[j * width + i] }
                    e = d
                }
                for i in e..<dp { row[i] = 0 }
            }
        }

        func release() {
            BufferPool.release(keys, count: heads * keysPerHead)
            BufferPool.release(values, count: heads * valuesPerHead)
        }
    }

    /// Per-thread buffers of one query tile, whose rows go `blockRows` at a time through the micro-kernels.
    final class Scratch {
        let blockRows: Int
        let queryTail: UnsafeMutablePointer<Float>
        let scores: UnsafeMutablePointer<Float>
        let output: UnsafeMutablePointer<Float>
        let maximum: UnsafeMutablePointer<Float>
        let sum: UnsafeMutablePointer<Float>
        private let counts: (queryTail: Int, scores: Int, output: Int, rows: Int)

        init(queryTile: Int, blockRows: Int, keyTile: Int, headDimension: Int, paddedDimension: Int) {
            self.blockRows = blockRows
            counts = (blockRows * headDimension, queryTile * keyTile, queryTile * paddedDimension, queryTile)
            queryTail = BufferPool.allocate(count: counts.queryTail)
            scores = BufferPool.allocate(count: counts.scores)
            output = BufferPool.allocate(count: counts.output)
            maximum = BufferPool.allocate(count: counts.rows)
            sum = BufferPool.allocate(count: counts.rows)
        }

        func release() {
            BufferPool.release(queryTail, count: counts.queryTail)
            BufferPool.release(scores, count: counts.scores)
            BufferPool.release(output, count: counts.output)
            BufferPool.release(maximum, count: counts.rows)
            BufferPool.release(sum, count: counts.rows)
        }
    }
}
