/// Multi-head scaled dot-product attention, fused and blocked flash-style (Dao et al.,
/// FlashAttention, Algorithm 1): each work item is one tile of queries of one head; it visits the
/// key tiles in order, keeping a running row maximum and row sum that rescale its partial output.
/// Only `queryTile × keyTile` scores exist per thread (96 × 256 floats, in L2 by default), so
/// 4096 tokens × 8 heads never materialise the [heads, Lq, Lk] score matrices.
///
/// Both products run in our register-blocked micro-kernels (`MicroKernel`), not OpenBLAS: the
/// head dimension (40 in SD1.5's first UNet level) is too thin for BLAS calls to pay for their
/// packing and thread hand-offs. K is packed transposed and V row-padded once per call; work
/// items (batch × head × query tile) are split statically over `Threads.count`, and each item is
/// computed by one thread in a fixed order, so results do not depend on the thread count.
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

    /// Default tiles: 96 queries (a multiple of the micro-kernel's 6 rows) × 256 keys.
    public static let defaultQueryTile = 96
    public static let defaultKeyTile = 256

    /// Attention of `query` [B, Lq, H·D] over `key`, `value` [B, Lk, H·D] into `output`
    /// [B, Lq, H·D] (heads packed in the last axis as torch's `view(B, L, H, D)`).
    /// `queryTile` is rounded up to a multiple of 6 and `keyTile` to a multiple of 16.
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
        let qTile = roundUp(min(queryTile, g.queryLength), 6)
        let kTile = roundUp(min(keyTile, g.keyLength), 16)
        let qBlocks = (g.queryLength + qTile - 1) / qTile
        // Short key sequences (cross-attention over 77 text tokens): all heads' packed K and V fit
        // in L2, so visit the heads of one query tile together and read its query rows once from
        // memory. Long ones: finish one head's keys before moving on.
        let headsInner = 2 * packed.paddedKeys * packed.paddedDimension * MemoryLayout<Float>.stride * g.heads <= 1 << 20
        Parallel.forRanges(g.batch * g.heads * qBlocks) { items in
            let scratch = Scratch(queryTile: qTile, keyTile: kTile, headDimension: d, paddedDimension: packed.paddedDimension)
            defer { scratch.release() }
            for item in items {
                let (b, h, block) = headsInner
                    ? (item / (qBlocks * g.heads), item % g.heads, (item / g.heads) % qBlocks)
                    : (item / (qBlocks * g.heads), (item / qBlocks) % g.heads, item % qBlocks)
                let bh = b * g.heads + h
                let qStart = block * qTile
                queryBlock(
                    query: query + (b * g.queryLength + qStart) * width + h * d,
                    output: output + (b * g.queryLength + qStart) * width + h * d,
                    keys: packed.keys + bh * d * packed.paddedKeys,
                    values: packed.values + bh * packed.paddedKeys * packed.paddedDimension,
                    width: width, qStart: qStart, qCount: min(qTile, g.queryLength - qStart), kTile: kTile,
                    packed: packed, geometry: g, scratch: scratch)
            }
        }
    }

    /// One tile of queries of one head against all visible keys, tile by tile.
    static func queryBlock(
        query: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
        width: Int, qStart: Int, qCount: Int, kTile: Int, packed: Packed, geometry g: Geometry, scratch s: Scratch
    ) {
        let d = g.headDimension
        let dp = packed.paddedDimension
        let rows = roundUp(qCount, 6)
        let scale = g.scale * 1.442_695_040_888_963_4  // scores in base 2: exp(s) = 2^(s · log₂ e)
        for i in 0..<rows {
            let q = s.queries + i * d
            if i < qCount {
                for e in 0..<d { q[e] = query[i * width + e] * scale }
            } else {
                q.update(repeating: 0, count: d)
            }
        }
        s.output.update(repeating: 0, count: rows * dp)
        s.rowMax.update(repeating: -.infinity, count: rows)
        s.rowSum.update(repeating: 0, count: rows)
        let keyEnd = g.causal ? min(g.keyLength, qStart + qCount) : g.keyLength
        var kStart = 0
        while kStart < keyEnd {
            let kCount = min(kTile, keyEnd - kStart)
            let columns = roundUp(kCount, 16)
            // scores[rows, columns] = (scale · log₂ e · Q) · Kᵀ, one 16-key panel at a time
            for r in stride(from: 0, to: rows, by: 6) {
                for j in stride(from: 0, to: columns, by: 16) {
                    MicroKernel.gemm6x16(
                        s.queries + r * d, d, keys + (kStart + j) * d, 16, s.scores + r * s.scoreStride + j, s.scoreStride,
                        k: d, accumulate: false)
                }
            }
            for i in 0..<qCount {
                let visible = g.causal ? max(0, min(kCount, qStart + i - kStart + 1)) : kCount
                updateRow(
                    s.scores + i * s.scoreStride, visible: visible, columns: columns,
                    rowMax: &s.rowMax[i], rowSum: &s.rowSum[i], output: s.output + i * dp, paddedDimension: dp)
            }
            for i in qCount..<rows { (s.scores + i * s.scoreStride).update(repeating: 0, count: columns) }
            // output[rows, dp] += P · V
            MicroKernel.gemm(
                rows: rows, n: dp, k: columns, s.scores, s.scoreStride, values + kStart * dp, dp,
                s.output, dp, accumulate: true)
            kStart += kCount
        }
        for i in 0..<qCount {
            let sum = s.rowSum[i]
            let inverse: Float = sum > 0 ? 1 / sum : 0
            let source = s.output + i * dp
            let destination = output + i * width
            for e in 0..<d { destination[e] = source[e] * inverse }
        }
    }

    /// Turns one row of scores into probabilities against the running maximum (columns at or
    /// beyond `visible` become 0), and rescales the row's sum and partial output.
    static func updateRow(
        _ row: UnsafeMutablePointer<Float>, visible: Int, columns: Int,
        rowMax: inout Float, rowSum: inout Float, output: UnsafeMutablePointer<Float>, paddedDimension: Int
    ) {
        (row + visible).update(repeating: -.infinity, count: columns - visible)
        let newMax = max(rowMax, Softmax.maximum(row, count: columns))
        guard newMax > -.infinity else {
            row.update(repeating: 0, count: columns)
            return
        }
        // Before the first visible key the partial output and sum are still zero: nothing to rescale.
        let empty = rowMax == -.infinity
        let correction = empty ? 0 : VectorMath.exp2(SIMD8(repeating: rowMax - newMax))[0]
        let m = SIMD8<Float>(repeating: newMax)
        var lanes = SIMD8<Float>()
        var j = 0
        while j < columns {
            let e = VectorMath.exp2(VectorMath.load(row, j) - m)
            VectorMath.store(e, row, j)
            lanes += e
            j += 8
        }
        rowSum = rowSum * correction + lanes.sum()
        rowMax = newMax
        if !empty && correction != 1 { Softmax.scale(output, count: paddedDimension, by: correction) }
    }

    @inline(__always)
    static func roundUp(_ value: Int, _ multiple: Int) -> Int {
        (value + multiple - 1) / multiple * multiple
    }

    /// K in panels of 16 keys, each transposed ([B·H, Lk′/16, D, 16]), and V row-padded to
    /// [B·H, Lk′, D′] (Lk′ = Lk rounded up to 16, D′ = D rounded up to 8, zero-filled), so the
    /// micro-kernels read whole vectors from contiguous memory.
    struct Packed: @unchecked Sendable {
        let keys: UnsafeMutablePointer<Float>
        let values: UnsafeMutablePointer<Float>
        let paddedKeys: Int
        let paddedDimension: Int
        let keyCount: Int
        let valueCount: Int

        init(geometry g: Geometry) {
            paddedKeys = roundUp(g.keyLength, 16)
            paddedDimension = roundUp(g.headDimension, 8)
            keyCount = g.batch * g.heads * g.headDimension * paddedKeys
            valueCount = g.batch * g.heads * paddedKeys * paddedDimension
            keys = BufferPool.allocate(count: keyCount)
            values = BufferPool.allocate(count: valueCount)
        }

        func pack(key: UnsafePointer<Float>, value: UnsafePointer<Float>, geometry g: Geometry) {
            let d = g.headDimension
            let width = g.heads * d
            let (lk, lkp, dp) = (g.keyLength, paddedKeys, paddedDimension)
            Parallel.forEach(g.batch * g.heads) { bh in
                let (b, h) = (bh / g.heads, bh % g.heads)
                let kt = keys + bh * d * lkp
                let vp = values + bh * lkp * dp
                let k = key + b * lk * width + h * d
                let v = value + b * lk * width + h * d
                for j in 0..<lkp {
                    let panel = kt + (j / 16) * 16 * d + j % 16
                    if j < lk {
                        for e in 0..<d { panel[e * 16] = k[j * width + e] }
                        (vp + j * dp).update(from: v + j * width, count: d)
                        (vp + j * dp + d).update(repeating: 0, count: dp - d)
                    } else {
                        for e in 0..<d { panel[e * 16] = 0 }
                        (vp + j * dp).update(repeating: 0, count: dp)
                    }
                }
            }
        }

        func release() {
            BufferPool.release(keys, count: keyCount)
            BufferPool.release(values, count: valueCount)
        }
    }

    /// Per-thread buffers of one query tile.
    final class Scratch {
        let queries: UnsafeMutablePointer<Float>
        let scores: UnsafeMutablePointer<Float>
        let output: UnsafeMutablePointer<Float>
        let rowMax: UnsafeMutablePointer<Float>
        let rowSum: UnsafeMutablePointer<Float>
        let scoreStride: Int
        private let counts: (queries: Int, scores: Int, output: Int, rows: Int)

        init(queryTile: Int, keyTile: Int, headDimension: Int, paddedDimension: Int) {
            scoreStride = keyTile
            counts = (queryTile * headDimension, queryTile * keyTile, queryTile * paddedDimension, queryTile)
            queries = BufferPool.allocate(count: counts.queries)
            scores = BufferPool.allocate(count: counts.scores)
            output = BufferPool.allocate(count: counts.output)
            rowMax = BufferPool.allocate(count: queryTile)
            rowSum = BufferPool.allocate(count: queryTile)
        }

        func release() {
            BufferPool.release(queries, count: counts.queries)
            BufferPool.release(scores, count: counts.scores)
            BufferPool.release(output, count: counts.output)
            BufferPool.release(rowMax, count: counts.rows)
            BufferPool.release(rowSum, count: counts.rows)
        }
    }
}
