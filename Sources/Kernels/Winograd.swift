/// 3×3, stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray, "Fast
/// Algorithms for Convolutional Neural Networks", 2016): each 2×2 output tile costs 16 products
/// per channel pair instead of 36, so the GEMM work drops by 2.25×.
///
/// Per chunk of tiles: the input tiles are transformed (V = Bᵀ d B, 16 values per tile and
/// channel), 16 GEMMs `M[ξ][O, T] = U[ξ][O, C] · V[ξ][C, T]` run on OpenBLAS, and the output
/// transform (Y = Aᵀ M A) writes the 2×2 outputs. The chunk is sized so V and M stay in the L3
/// cache. F(2, 3) only uses the constants 0, ±1, ±½, so its rounding error stays at the level of
/// direct convolution (the kernel bar of DESIGN.md §3); F(4, 3) would not.
enum Winograd {
    /// Most floats of transformed input (or output) per chunk: 32 MB, the L3 size of DESIGN.md's
    /// machine; larger GEMMs amortise OpenBLAS's thread hand-offs (measured: 1.8× the GFLOP/s
    /// per CPU-second of 8 MB chunks on the 320-channel UNet convolution).
    static let chunkBudget = 1 << 23

    /// Whether a convolution takes this path: 3×3, stride 1, and wide enough on both channel
    /// counts for the transforms to pay off.
    static func applies(to g: Convolution.Geometry) -> Bool {
        let tiles = g.batch * ((g.outHeight + 1) / 2) * ((g.outWidth + 1) / 2)
        return g.kernelHeight == 3 && g.kernelWidth == 3 && g.stride == 1 && g.inChannels >= 32 && g.outChannels >= 32
            && tiles >= minimumTiles
    }

    /// Fewest output tiles for which the weight transform (16·O·C values written per call) pays
    /// for itself: below this, im2col + GEMM is faster.
    static let minimumTiles = 64

    /// Convolves as `Convolution.conv2d` does, bias included, overwriting `output`.
    /// `chunkTiles` overrides the cache-sized chunk (tests use it to cross chunk boundaries).
    static func conv3x3(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, geometry g: Convolution.Geometry, chunkTiles: Int? = nil
    ) {
        let (c, o) = (g.inChannels, g.outChannels)
        let tilesY = (g.outHeight + 1) / 2
        let tilesX = (g.outWidth + 1) / 2
        let tilesPerImage = tilesY * tilesX
        let totalTiles = g.batch * tilesPerImage
        let limit = max(1, chunkTiles ?? max(8, chunkBudget / (16 * max(c, o))))
        let chunks = (totalTiles + limit - 1) / limit
        let chunk = (totalTiles + chunks - 1) / chunks
        let u = BufferPool.allocate(count: 16 * o * c)
        let v = BufferPool.allocate(count: 16 * c * chunk)
        let m = BufferPool.allocate(count: 16 * o * chunk)
        defer {
            BufferPool.release(u, count: 16 * o * c)
            BufferPool.release(v, count: 16 * c * chunk)
            BufferPool.release(m, count: 16 * o * chunk)
        }
        transformWeights(weight, u, outChannels: o, inChannels: c)
        var first = 0
        while first < totalTiles {
            let count = min(chunk, totalTiles - first)
            transformInput(input, v, geometry: g, firstTile: first, count: count, stride: count, tilesX: tilesX, tilesPerImage: tilesPerImage)
            for xi in 0..<16 {
                BLAS.sgemm(
                    m: o, n: count, k: c, a: u + xi * o * c, lda: c, b: v + xi * c * count, ldb: count,
                    c: m + xi * o * count, ldc: count)
            }
            transformOutput(m, output, bias: bias, geometry: g, firstTile: first, count: count, tilesX: tilesX, tilesPerImage: tilesPerImage)
            first += count
        }
    }

    /// Input channels whose transformed filters are gathered before being written out.
    static let weightBlock = 64

    /// U[ξ][o][c] = (G g Gᵀ)[ξ] for each 3×3 filter g, G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1].
    ///
    /// The 16 values of a block of filters are first gathered in a small per-thread buffer, then
    /// written to each ξ plane as one contiguous run: 16 interleaved write streams per thread
    /// made this transform memory-bound (6 % of a 512² UNet pass; on the 1280-channel 16×16
    /// convolution of `bench kernels` the blocked writes take it from 0.135–0.153 s to 0.089 s).
    static func transformWeights(_ weight: UnsafePointer<Float>, _ u: UnsafeMutablePointer<Float>, outChannels o: Int, inChannels c: Int) {
        Parallel.forRanges(o) { range in
            let block = BufferPool.allocate(count: 16 * weightBlock)
            defer { BufferPool.release(block, count: 16 * weightBlock) }
            for oc in range {
                var start = 0
                while start < c {
                    let count = min(weightBlock, c - start)
                    for i in 0..<count {
                        let g = weight + (oc * c + start + i) * 9
                        let g0 = SIMD4<Float>(g[0], g[1], g[2], 0)
                        let g1 = SIMD4<Float>(g[3], g[4], g[5], 0)
                        let g2 = SIMD4<Float>(g[6], g[7], g[8], 0)
                        // G g, row by row; then each row times Gᵀ.
                        let rows = (g0, 0.5 * (g0 + g1 + g2), 0.5 * (g0 - g1 + g2), g2)
                        func store(_ row: Int, _ t: SIMD4<Float>) {
                            let base = block + row * 4 * weightBlock + i
                            base[0] = t[0]
                            base[weightBlock] = 0.5 * (t[0] + t[1] + t[2])
                            base[2 * weightBlock] = 0.5 * (t[0] - t[1] + t[2])
                            base[3 * weightBlock] = t[2]
                        }
                        store(0, rows.0)
                        store(1, rows.1)
                        store(2, rows.2)
                        store(3, rows.3)
                    }
                    for xi in 0..<16 {
                        (u + (xi * o + oc) * c + start).update(from: block + xi * weightBlock, count: count)
                    }
                    start += count
                }
            }
        }
    }

    /// V[ξ][c][t] = (Bᵀ d B)[ξ] for the 4×4 input patch d of each tile (zero outside the image),
    /// Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]. Threaded over channels.
    ///
    /// Eight neighbouring tiles of a tile row at a time: their patches overlap by two columns, so
    /// the four input rows (copied into a zero-padded row buffer first, which takes care of the
    /// image border) give each patch column for all eight tiles as the even or odd lanes of one
    /// load, and each V[ξ] row of eight tiles is one contiguous store. (Tile by tile, with index
    /// arithmetic and sixteen scalar stores per tile, this transform was a quarter of a 256×256
    /// VAE decode.)
    static func transformInput(
        _ input: UnsafePointer<Float>, _ v: UnsafeMutablePointer<Float>, geometry g: Convolution.Geometry,
        firstTile: Int, count: Int, stride: Int, tilesX: Int, tilesPerImage: Int
    ) {
        let (h, w, channels) = (g.height, g.width, g.inChannels)
        // Patch columns 2k ..< 2k + 4 of tile k, plus the lanes an eight-tile load reads past the row.
        let rowLength = 2 * tilesX + 18
        Parallel.forRanges(channels) { range in
            let rows = BufferPool.allocate(count: 4 * rowLength)
            defer { BufferPool.release(rows, count: 4 * rowLength) }
            for ic in range {
                var t = 0
                while t < count {
                    let (n, ty, tx, run) = tileRun(at: t, firstTile: firstTile, count: count, tilesX: tilesX, tilesPerImage: tilesPerImage)
                    let plane = input + (n * channels + ic) * h * w
                    for r in 0..<4 {
                        paddedRow(plane, y: 2 * ty - g.padTop + r, height: h, width: w, padLeft: g.padLeft, into: rows + r * rowLength, count: rowLength)
                    }
                    var k = 0
                    while k < run {
                        transformEightTiles(rows, rowLength: rowLength, column: 2 * (tx + k), into: v + ic * stride + t + k,
                                            planeStride: channels * stride, lanes: min(8, run - k))
                        k += 8
                    }
                    t += run
                }
            }
        }
    }

    /// The tiles from position `t` of a chunk to the end of their tile row or of the chunk: their
    /// image, tile row, first tile column and number.
    @inline(__always)
    static func tileRun(at t: Int, firstTile: Int, count: Int, tilesX: Int, tilesPerImage: Int) -> (image: Int, row: Int, column: Int, count: Int) {
        let tile = firstTile + t
        let column = tile % tilesX
        return (tile / tilesPerImage, (tile % tilesPerImage) / tilesX, column, min(count - t, tilesX - column))
    }

    /// Input row `y` of `plane` shifted right by `padLeft`, zero where it lies outside the image.
    @inline(__always)
    static func paddedRow(_ plane: UnsafePointer<Float>, y: Int, height: Int, width: Int, padLeft: Int, into row: UnsafeMutablePointer<Float>, count: Int) {
        guard y >= 0 && y < height else {
            row.update(repeating: 0, count: count)
            return
        }
        let start = min(padLeft, count)
        let copied = max(0, min(width, count - padLeft))
        row.update(repeating: 0, count: start)
        (row + start).update(from: plane + y * width + (start - padLeft), count: copied)
        (row + start + copied).update(repeating: 0, count: count - start - copied)
    }

    /// Bᵀ d B for the eight tiles whose patches start at `column` of the four padded rows, written
    /// to `destination + ξ · planeStride` (the first `lanes` tiles only).
    @inline(__always)
    static func transformEightTiles(
        _ rows: UnsafePointer<Float>, rowLength: Int, column: Int, into destination: UnsafeMutablePointer<Float>,
        planeStride: Int, lanes: Int
    ) {
        typealias V = SIMD8<Float>
        // Columns 0…3 of the patch, each across the eight tiles.
        func columns(_ r: Int) -> (V, V, V, V) {
            let start = UnsafeRawPointer(rows + r * rowLength + column)
            let near = start.loadUnaligned(as: SIMD16<Float>.self)
            let far = (start + 2 * MemoryLayout<Float>.stride).loadUnaligned(as: SIMD16<Float>.self)
            return (near.evenHalf, near.oddHalf, far.evenHalf, far.oddHalf)
        }
        let (d0, d1, d2, d3) = (columns(0), columns(1), columns(2), columns(3))
        func store(_ value: V, _ xi: Int) {
            let out = destination + xi * planeStride
            if lanes == 8 {
                VectorMath.store(value, out, 0)
            } else {
                for lane in 0..<lanes { out[lane] = value[lane] }
            }
        }
        // One row of Bᵀ d, times B: V[ξ] for ξ = 4·row …< 4·row + 4.
        func store(_ row: Int, _ q: (V, V, V, V)) {
            store(q.0 - q.2, 4 * row)
            store(q.1 + q.2, 4 * row + 1)
            store(q.2 - q.1, 4 * row + 2)
            store(q.1 - q.3, 4 * row + 3)
        }
        store(0, (d0.0 - d2.0, d0.1 - d2.1, d0.2 - d2.2, d0.3 - d2.3))
        store(1, (d1.0 + d2.0, d1.1 + d2.1, d1.2 + d2.2, d1.3 + d2.3))
        store(2, (d2.0 - d1.0, d2.1 - d1.1, d2.2 - d1.2, d2.3 - d1.3))
        store(3, (d1.0 - d3.0, d1.1 - d3.1, d1.2 - d3.2, d1.3 - d3.3))
    }

    /// Y = Aᵀ M A for each tile, Aᵀ = [1 1 1 0; 0 1 −1 −1], plus bias, written where the 2×2
    /// tile lies inside the output. Threaded over output channels; eight neighbouring tiles of a
    /// tile row at a time (contiguous loads from each M[ξ], two interleaved 16-float rows out),
    /// tile by tile only where a run of tiles ends or a tile crosses the output's edge.
    static func transformOutput(
        _ m: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?,
        geometry g: Convolution.Geometry, firstTile: Int, count: Int, tilesX: Int, tilesPerImage: Int
    ) {
        typealias V = SIMD8<Float>
        let (oh, ow, o) = (g.outHeight, g.outWidth, g.outChannels)
        let s = o * count
        Parallel.forEach(o) { oc in
            let b = bias?[oc] ?? 0
            let biases = V(repeating: b)
            var t = 0
            while t < count {
                let (n, ty, tx, run) = tileRun(at: t, firstTile: firstTile, count: count, tilesX: tilesX, tilesPerImage: tilesPerImage)
                let y0 = 2 * ty
                let plane = output + (n * o + oc) * oh * ow
                // Eight whole tiles (both rows and both columns inside the output) at a time.
                let whole = y0 + 1 < oh ? min(run, (ow / 2) - tx) : 0
                var k = 0
                while k + 8 <= whole {
                    let p = m + oc * count + t + k
                    func row(_ r: Int) -> (V, V, V, V) {
                        (VectorMath.load(p, (r * 4) * s), VectorMath.load(p, (r * 4 + 1) * s),
                         VectorMath.load(p, (r * 4 + 2) * s), VectorMath.load(p, (r * 4 + 3) * s))
                    }
                    let (m0, m1, m2, m3) = (row(0), row(1), row(2), row(3))
                    let t0 = (m0.0 + m1.0 + m2.0, m0.1 + m1.1 + m2.1, m0.2 + m1.2 + m2.2, m0.3 + m1.3 + m2.3)
                    let t1 = (m1.0 - m2.0 - m3.0, m1.1 - m2.1 - m3.1, m1.2 - m2.2 - m3.2, m1.3 - m2.3 - m3.3)
                    let x0 = 2 * (tx + k)
                    storeInterleaved(t0.0 + t0.1 + t0.2 + biases, t0.1 - t0.2 - t0.3 + biases, plane + y0 * ow + x0)
                    storeInterleaved(t1.0 + t1.1 + t1.2 + biases, t1.1 - t1.2 - t1.3 + biases, plane + (y0 + 1) * ow + x0)
                    k += 8
                }
                for j in k..<run {
                    transformOutputTile(m + oc * count + t + j, stride: s, bias: b, into: plane, x0: 2 * (tx + j), y0: y0, width: ow, height: oh)
                }
                t += run
            }
        }
    }

    /// Writes a₀ b₀ a₁ b₁ … a₇ b₇ at `destination`.
    @inline(__always)
    static func storeInterleaved(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ destination: UnsafeMutablePointer<Float>) {
        let pairs = SIMD16<Float>(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7])
        UnsafeMutableRawPointer(destination).storeBytes(of: pairs, as: SIMD16<Float>.self)
    }

    /// One tile's Y = Aᵀ M A plus bias, from the 16 values at `p + ξ · stride`, written where it
    /// lies inside the output plane.
    @inline(__always)
    static func transformOutputTile(
        _ p: UnsafePointer<Float>, stride s: Int, bias b: Float, into plane: UnsafeMutablePointer<Float>, x0: Int, y0: Int, width ow: Int, height oh: Int
    ) {
        func row(_ r: Int) -> SIMD4<Float> {
            SIMD4(p[(r * 4) * s], p[(r * 4 + 1) * s], p[(r * 4 + 2) * s], p[(r * 4 + 3) * s])
        }
        let (m0, m1, m2, m3) = (row(0), row(1), row(2), row(3))
        let t0 = m0 + m1 + m2
        let t1 = m1 - m2 - m3
        let y00 = t0[0] + t0[1] + t0[2] + b, y01 = t0[1] - t0[2] - t0[3] + b
        let y10 = t1[0] + t1[1] + t1[2] + b, y11 = t1[1] - t1[2] - t1[3] + b
        plane[y0 * ow + x0] = y00
        if x0 + 1 < ow { plane[y0 * ow + x0 + 1] = y01 }
        if y0 + 1 < oh {
            plane[(y0 + 1) * ow + x0] = y10
            if x0 + 1 < ow { plane[(y0 + 1) * ow + x0 + 1] = y11 }
        }
    }
}
