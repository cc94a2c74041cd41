@testable import Kernels
import Testing
import TestSupport

/// Winograd F(2×2, 3×3) against the naive convolution when its tile chunks are small enough to
/// split images and cut across batch elements.
struct WinogradTests {
    @Test(arguments: [1, 5, 12, 1000])
    func chunkedWinogradMatchesNaive(chunkTiles: Int) {
        let (n, c, h, w, o) = (2, 32, 9, 7, 34)
        let x = NaiveKernels.values(n * c * h * w, seed: 1)
        let weight = NaiveKernels.values(o * c * 9, seed: 2)
        let bias = NaiveKernels.values(o, seed: 3)
        let g = Convolution.Geometry(
            batch: n, inChannels: c, height: h, width: w, outChannels: o, kernelHeight: 3, kernelWidth: 3, stride: 1,
            padTop: 1, padLeft: 1, padBottom: 1, padRight: 1)
        var y = [Float](repeating: .nan, count: n * o * h * w)
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
            x, n: n, c: c, h: h, w: w, weight: weight, o: o, kh: 3, kw: 3, bias: bias, stride: 1, padding: (1, 1, 1, 1))
        #expect(Numerics.kernelClose(y, reference: reference.values))
    }
}
