import Testing
import Tensors
import TestSupport

/// Linear layers and matmul against naive double-precision products.
struct LinearTests {
    @Test(arguments: [(1, 1, 1), (3, 17, 5), (2 * 13, 77, 33)])
    func linearMatchesNaive(_ sizes: (Int, Int, Int)) {
        let (rows, inFeatures, outFeatures) = sizes
        let x = randomTensor([rows, inFeatures], seed: 1)
        let w = randomTensor([outFeatures, inFeatures], seed: 2)
        let b = randomTensor([outFeatures], seed: 3)
        let withBias = x.linear(weight: w, bias: b)
        #expect(withBias.shape == [rows, outFeatures])
        expectKernelClose(withBias, NaiveKernels.linear(x.scalars, rows: rows, inFeatures: inFeatures, weight: w.scalars, outFeatures: outFeatures, bias: b.scalars))
        expectKernelClose(x.linear(weight: w, bias: nil), NaiveKernels.linear(x.scalars, rows: rows, inFeatures: inFeatures, weight: w.scalars, outFeatures: outFeatures, bias: nil))
    }

    @Test func linearKeepsLeadingAxes() {
        let x = randomTensor([2, 3, 9], seed: 4)
        let w = randomTensor([4, 9], seed: 5)
        let y = x.linear(weight: w, bias: nil)
        #expect(y.shape == [2, 3, 4])
        expectKernelClose(y, NaiveKernels.linear(x.scalars, rows: 6, inFeatures: 9, weight: w.scalars, outFeatures: 4, bias: nil))
    }

    @Test func matmulFoldsBatchAxes() {
        let a = randomTensor([2, 5, 11], seed: 6)
        let b = randomTensor([11, 7], seed: 7)
        let c = a.matmul(b)
        #expect(c.shape == [2, 5, 7])
        expectKernelClose(c, NaiveKernels.matmul(a.scalars, b.scalars, m: 10, k: 11, n: 7))
    }
}
