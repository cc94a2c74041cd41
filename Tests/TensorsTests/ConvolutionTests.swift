import Testing
import Tensors
import TestSupport

/// Convolution against the naive seven-loop definition over the shapes the models use, at odd
/// sizes: 3×3 and 1×1, stride 1 and 2, symmetric and asymmetric padding, 1×1 spatial, batch > 1.
struct ConvolutionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let n, c, h, w, o, k, stride: Int
        let padding: Padding2D
        var testDescription: String { "n\(n) c\(c) \(h)×\(w) → o\(o) k\(k) s\(stride) \(padding)" }
    }

    static let cases: [Case] = [
        Case(n: 2, c: 5, h: 7, w: 9, o: 6, k: 3, stride: 1, padding: .uniform(1)),
        Case(n: 1, c: 3, h: 11, w: 5, o: 4, k: 3, stride: 2, padding: .uniform(1)),
        Case(n: 2, c: 4, h: 9, w: 9, o: 3, k: 3, stride: 2, padding: Padding2D(top: 0, left: 0, bottom: 1, right: 1)),
        Case(n: 2, c: 13, h: 6, w: 5, o: 7, k: 1, stride: 1, padding: .zero),
        Case(n: 3, c: 6, h: 1, w: 1, o: 5, k: 1, stride: 1, padding: .zero),
        Case(n: 2, c: 6, h: 1, w: 1, o: 5, k: 3, stride: 1, padding: .uniform(1)),
        Case(n: 1, c: 3, h: 8, w: 10, o: 2, k: 3, stride: 1, padding: .zero),
        Case(n: 1, c: 2, h: 10, w: 7, o: 3, k: 5, stride: 2, padding: Padding2D(top: 2, left: 1, bottom: 0, right: 3)),
        Case(n: 2, c: 3, h: 5, w: 4, o: 2, k: 1, stride: 2, padding: .uniform(1)),
        // ≥ 32 channels in and out: the Winograd F(2×2, 3×3) path, odd and 1×1 sizes.
        Case(n: 2, c: 33, h: 7, w: 9, o: 35, k: 3, stride: 1, padding: .uniform(1)),
        Case(n: 1, c: 32, h: 1, w: 1, o: 32, k: 3, stride: 1, padding: .uniform(1)),
        Case(n: 2, c: 40, h: 6, w: 5, o: 36, k: 3, stride: 1, padding: .zero),
        Case(n: 1, c: 32, h: 5, w: 8, o: 33, k: 3, stride: 1, padding: Padding2D(top: 0, left: 2, bottom: 1, right: 0)),
    ]

    @Test(arguments: cases)
    func convolutionMatchesNaive(_ t: Case) {
        let x = randomTensor([t.n, t.c, t.h, t.w], seed: 1)
        let weight = randomTensor([t.o, t.c, t.k, t.k], seed: 2)
        let bias = randomTensor([t.o], seed: 3)
        for b in [bias, nil] {
            let y = x.conv2d(weight: weight, bias: b, stride: t.stride, padding: t.padding)
            let reference = NaiveKernels.conv2d(
                x.scalars, n: t.n, c: t.c, h: t.h, w: t.w, weight: weight.scalars, o: t.o, kh: t.k, kw: t.k,
                bias: b?.scalars, stride: t.stride,
                padding: (t.padding.top, t.padding.left, t.padding.bottom, t.padding.right))
            #expect(y.shape == [t.n, t.o, reference.height, reference.width])
            expectKernelClose(y, reference.values)
        }
    }

    @Test func largeConvolutionIsTiledCorrectly() {
        // 3·3·64 = 576 column rows × 48 output columns per row: several im2col row tiles.
        let x = randomTensor([1, 64, 48, 48], seed: 4)
        let weight = randomTensor([8, 64, 3, 3], seed: 5, scale: 0.1)
        let y = x.conv2d(weight: weight, bias: nil, stride: 1, padding: .uniform(1))
        let reference = NaiveKernels.conv2d(
            x.scalars, n: 1, c: 64, h: 48, w: 48, weight: weight.scalars, o: 8, kh: 3, kw: 3, bias: nil,
            stride: 1, padding: (1, 1, 1, 1))
        expectKernelClose(y, reference.values)
    }
}
