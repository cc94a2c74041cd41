/// 2-D convolution (cross-correlation, as `torch.nn.functional.conv2d`) over NCHW buffers.
///
/// A 3×3 stride-1 convolution with at least 32 channels in and out uses Winograd F(2×2, 3×3)
/// (`Winograd`). A 1×1, stride-1, unpadded convolution is one GEMM per image:
/// `out[O, HW] = W[O, C] · x[C, HW]`.
/// Every other shape goes through im2col in tiles of output rows, so the column matrix of one tile
/// stays small (a few MB, in the L3 cache) instead of `C·kh·kw × H'W'` floats for the whole image;
/// each tile is one GEMM `out[O, tile] = W[O, C·kh·kw] · col[C·kh·kw, tile]` written in place.
public enum Convolution {
    /// Sizes of one convolution. Output size follows PyTorch:
    /// `H' = (H + top + bottom − kh) / stride + 1`, likewise for W'.
    public struct Geometry: Sendable, Equatable {
        public var batch: Int
        public var inChannels: Int
        public var height: Int
        public var width: Int
        public var outChannels: Int
        public var kernelHeight: Int
        public var kernelWidth: Int
        public var stride: Int
        public var padTop: Int
        public var padLeft: Int
        public var padBottom: Int
        public var padRight: Int

        public init(
            batch: Int, inChannels: Int, height: Int, width: Int, outChannels: Int,
            kernelHeight: Int, kernelWidth: Int, stride: Int,
            padTop: Int, padLeft: Int, padBottom: Int, padRight: Int
        ) {
            self.batch = batch
            self.inChannels = inChannels
            self.height = height
            self.width = width
            self.outChannels = outChannels
            self.kernelHeight = kernelHeight
            self.kernelWidth = kernelWidth
            self.stride = stride
            self.padTop = padTop
            self.padLeft = padLeft
            self.padBottom = padBottom
            self.padRight = padRight
        }

        public var outHeight: Int { (height + padTop + padBottom - kernelHeight) / stride + 1 }
        public var outWidth: Int { (width + padLeft + padRight - kernelWidth) / stride + 1 }

        /// Multiply-adds × 2 of the direct convolution (what GFLOP/s figures count).
        public var flops: Double {
            2 * Double(batch * outChannels * outHeight * outWidth) * Double(inChannels * kernelHeight * kernelWidth)
        }

        var isPointwise: Bool {
            kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padTop == 0 && padLeft == 0 && padBottom == 0 && padRight == 0
        }
    }

    /// Floats of im2col columns per tile: 2 Mi floats (8 MB), one output-row multiple at least.
    public static let columnTileBudget = 1 << 21

    /// Convolves `input` [N, C, H, W] with `weight` [O, C, kh, kw] (+ `bias` [O]) into `output`
    /// [N, O, H', W'].
    public static func conv2d(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, geometry g: Geometry
    ) {
        precondition(g.stride > 0 && g.outHeight > 0 && g.outWidth > 0, "empty convolution output for \(g)")
        let outPlane = g.outHeight * g.outWidth
        let depth = g.inChannels * g.kernelHeight * g.kernelWidth
        if Winograd.applies(to: g) {
            Winograd.conv3x3(input: input, weight: weight, bias: bias, output: output, geometry: g)
            return
        }
        fillBias(bias, output, planes: g.batch * g.outChannels, channels: g.outChannels, planeSize: outPlane)
        let beta: Float = bias == nil ? 0 : 1
        if g.isPointwise {
            for n in 0..<g.batch {
                BLAS.sgemm(
                    m: g.outChannels, n: outPlane, k: depth, a: weight, lda: depth,
                    b: input + n * g.inChannels * g.height * g.width, ldb: outPlane,
                    beta: beta, c: output + n * g.outChannels * outPlane, ldc: outPlane)
            }
            return
        }
        let rowsPerTile = max(1, min(g.outHeight, columnTileBudget / max(1, depth * g.outWidth)))
        let columns = BufferPool.allocate(count: depth * rowsPerTile * g.outWidth)
        defer { BufferPool.release(columns, count: depth * rowsPerTile * g.outWidth) }
        for n in 0..<g.batch {
            let image = input + n * g.inChannels * g.height * g.width
            var firstRow = 0
            while firstRow < g.outHeight {
                let rows = min(rowsPerTile, g.outHeight - firstRow)
                let tile = rows * g.outWidth
                im2col(image, columns, geometry: g, firstRow: firstRow, rows: rows)
                BLAS.sgemm(
                    m: g.outChannels, n: tile, k: depth, a: weight, lda: depth, b: columns, ldb: tile,
                    beta: beta, c: output + n * g.outChannels * outPlane + firstRow * g.outWidth, ldc: outPlane)
                firstRow += rows
            }
        }
    }

    /// Writes `bias[c]` over every plane of channel c (nothing when there is no bias).
    static func fillBias(_ bias: UnsafePointer<Float>?, _ output: UnsafeMutablePointer<Float>, planes: Int, channels: Int, planeSize: Int) {
        guard let bias else { return }
        Parallel.forEach(planes) { plane in
            (output + plane * planeSize).update(repeating: bias[plane % channels], count: planeSize)
        }
    }

    /// The column matrix [C·kh·kw, rows·W'] of output rows `firstRow ..< firstRow + rows` of one
    /// image; padding reads as zero. Threaded over the C·kh·kw matrix rows.
    static func im2col(
        _ image: UnsafePointer<Float>, _ columns: UnsafeMutablePointer<Float>, geometry g: Geometry, firstRow: Int, rows: Int
    ) {
        let tile = rows * g.outWidth
        let kernelArea = g.kernelHeight * g.kernelWidth
        Parallel.forEach(g.inChannels * kernelArea) { row in
            let channel = row / kernelArea
            let ky = (row % kernelArea) / g.kernelWidth
            let kx = row % g.kernelWidth
            let plane = image + channel * g.height * g.width
            let destination = columns + row * tile
            // Output columns ox whose input column ox·s − left + kx lies inside [0, W).
            let shift = kx - g.padLeft
            let limit = g.width - 1 - shift
            let firstX = min(g.outWidth, shift >= 0 ? 0 : (-shift + g.stride - 1) / g.stride)
            let lastX = limit < 0 ? firstX : max(firstX, min(g.outWidth, limit / g.stride + 1))
            for r in 0..<rows {
                let y = (firstRow + r) * g.stride - g.padTop + ky
                let out = destination + r * g.outWidth
                guard y >= 0 && y < g.height else {
                    out.update(repeating: 0, count: g.outWidth)
                    continue
                }
                let source = plane + y * g.width + shift
                out.update(repeating: 0, count: firstX)
                if g.stride == 1 {
                    (out + firstX).update(from: source + firstX, count: lastX - firstX)
                } else {
                    for x in firstX..<lastX { out[x] = source[x * g.stride] }
                }
                (out + lastX).update(repeating: 0, count: g.outWidth - lastX)
            }
        }
    }
}
