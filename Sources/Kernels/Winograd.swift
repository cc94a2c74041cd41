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
    static func transformInput(
        _ input: UnsafePointer<Float>, _ v: UnsafeMutablePointer<Float>, geometry g: Convolution.Geometry,
        firstTile: Int, count: Int, stride: Int, tilesX: Int, tilesPerImage: Int
    ) {
        let (h, w) = (g.height, g.width)
        Parallel.forEach(g.inChannels) { ic in
            for t in 0..<count {
                let tile = firstTile + t
                let n = tile / tilesPerImage
                let y0 = ((tile % tilesPerImage) / tilesX) * 2 - g.padTop
                let x0 = (tile % tilesX) * 2 - g.padLeft
                let plane = input + (n * g.inChannels + ic) * h * w
                var d = SIMD16<Float>()
                if y0 >= 0 && x0 >= 0 && y0 + 4 <= h && x0 + 4 <= w {
                    for r in 0..<4 {
                        let row = plane + (y0 + r) * w + x0
                        d[r * 4] = row[0]; d[r * 4 + 1] = row[1]; d[r * 4 + 2] = row[2]; d[r * 4 + 3] = row[3]
                    }
                } else {
                    for r in 0..<4 where y0 + r >= 0 && y0 + r < h {
                        for col in 0..<4 where x0 + col >= 0 && x0 + col < w { d[r * 4 + col] = plane[(y0 + r) * w + x0 + col] }
                    }
                }
                // Bᵀ d (rows), then (Bᵀ d) B (columns).
                let r0 = d.lowHalf.lowHalf, r1 = d.lowHalf.highHalf, r2 = d.highHalf.lowHalf, r3 = d.highHalf.highHalf
                let planeStride = g.inChannels * stride
                func store(_ row: Int, _ q: SIMD4<Float>) {
                    let out = v + (row * 4 * g.inChannels + ic) * stride + t
                    out[0] = q[0] - q[2]
                    out[planeStride] = q[1] + q[2]
                    out[2 * planeStride] = q[2] - q[1]
                    out[3 * planeStride] = q[1] - q[3]
                }
                store(0, r0 - r2)
                store(1, r1 + r2)
                store(2, r2 - r1)
                store(3, r1 - r3)
            }
        }
    }

    /// Y = Aᵀ M A for each tile, Aᵀ = [1 1 1 0; 0 1 −1 −1], plus bias, written where the 2×2
    /// tile lies inside the output. Threaded over output channels.
    static func transformOutput(
        _ m: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?,
        geometry g: Convolution.Geometry, firstTile: Int, count: Int, tilesX: Int, tilesPerImage: Int
    ) {
        let (oh, ow, o) = (g.outHeight, g.outWidth, g.outChannels)
        let s = o * count
        Parallel.forEach(o) { oc in
            let b = bias?[oc] ?? 0
            for t in 0..<count {
                let p = m + oc * count + t
                let tile = firstTile + t
                let n = tile / tilesPerImage
                let y0 = ((tile % tilesPerImage) / tilesX) * 2
                let x0 = (tile % tilesX) * 2
                func row(_ r: Int) -> SIMD4<Float> {
                    SIMD4(p[(r * 4) * s], p[(r * 4 + 1) * s], p[(r * 4 + 2) * s], p[(r * 4 + 3) * s])
                }
                let (m0, m1, m2, m3) = (row(0), row(1), row(2), row(3))
                let t0 = m0 + m1 + m2
                let t1 = m1 - m2 - m3
                let y00 = t0[0] + t0[1] + t0[2] + b, y01 = t0[1] - t0[2] - t0[3] + b
                let y10 = t1[0] + t1[1] + t1[2] + b, y11 = t1[1] - t1[2] - t1[3] + b
                let plane = output + (n * o + oc) * oh * ow
                plane[y0 * ow + x0] = y00
                if x0 + 1 < ow { plane[y0 * ow + x0 + 1] = y01 }
                if y0 + 1 < oh {
                    plane[(y0 + 1) * ow + x0] = y10
                    if x0 + 1 < ow { plane[(y0 + 1) * ow + x0 + 1] = y11 }
                }
            }
        }
    }
}
