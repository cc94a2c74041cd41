@testable import Kernels
import Testing
import TestSupport

/// Winograd F(2×2, 3×3) against the naive convolution when its tile chunks are small enough to
/// split images and cut across batch elements, on images narrow enough for tile rows shorter than
/// the transforms' eight-tile vectors and wide enough for whole vectors plus a tail, with odd
/// output sizes (partial edge tiles) and with and without padding.
struct WinogradTests {
    /// (height, width, padding on each side).
    static let images: [(Int, Int, (Int, Int, Int, Int))] = [(9, 7, (1, 1, 1, 1)), (7, 37, (1, 1, 1, 1)), (8, 42, (0, 0, 0, 0)), (6, 35, (0, 1, 1, 0)), (5, 31, (1, 1, 1, 1))]

    @Test(arguments: [1, 5, 12, 1000], images)
    func chunkedWinogradMatchesNaive(chunkTiles: Int, image: (Int, Int, (Int, Int, Int, Int))) {
        let (n, c, o) = (2, 32, 34)
        let (h, w, pad) = image
        let x = NaiveKernels.values(n * c * h * w, seed: 1)
        let weight = NaiveKernels.values(o * c * 9, seed: 2)
        let bias = NaiveKernels.values(o, seed: 3)
        let g = Convolution.Geometry(
            batch: n, inChannels: c, height: h, width: w, outChannels: o, kernelHeight: 3, kernelWidth: 3, stride: 1,
            padTop: pad.0, padLeft: pad.1, padBottom: pad.2, padRight: pad.3)
        var y = [Float](repeating: .nan, count: n * o * g.outHeight * g.outWidth)
        x.withUnsafeBufferPointer { px in
            weight.withUnsafeBufferPointer { pw in
                bias.withUnsafeBufferPointer { pb in
                    y.withUnsafeMutableBufferPointer { py in
                        Winograd.conv3x3(
                            input: px.baseAddress!, weight: pw.baseAddress!, bias: pb.baseAddress!,
                            output: py.baseAddress!, geometry: g, chunkTiles: chunkTiles)
                    }
                }
            }
        }
        let reference = NaiveKernels.conv2d(
            x, n: n, c: c, h: h, w: w, weight: weight, o: o, kh: 3, kw: 3, bias: bias, stride: 1, padding: pad)
        #expect(Numerics.kernelClose(y, reference: reference.values))
    }
}
