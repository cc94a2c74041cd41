import Testing
import Tensors
import TestSupport

/// Concatenation, slicing, permutation, upsampling and row gathering against index definitions.
struct ShapeTests {
    @Test func concatenateAlongChannels() {
        let a = randomTensor([2, 3, 2, 2], seed: 1)
        let b = randomTensor([2, 5, 2, 2], seed: 2)
        let c = Tensor.concatenate([a, b], axis: 1)
        #expect(c.shape == [2, 8, 2, 2])
        #expect(c.slice(axis: 1, 0..<3).scalars == a.scalars)
        #expect(c.slice(axis: 1, 3..<8).scalars == b.scalars)
        #expect(Array(c.scalars[12..<32]) == Array(b.scalars[0..<20]))
    }

    @Test func concatenateAlongFirstAndLastAxes() {
        let a = randomTensor([2, 3], seed: 3)
        let b = randomTensor([1, 3], seed: 4)
        #expect(Tensor.concatenate([a, b], axis: 0).scalars == a.scalars + b.scalars)
        let c = Tensor.concatenate([a, randomTensor([2, 1], seed: 5)], axis: 1)
        #expect(c.shape == [2, 4])
        #expect(c.slice(axis: 1, 0..<3).scalars == a.scalars)
    }

    @Test(arguments: [
        ([2, 3, 4, 5], [0, 2, 3, 1]), ([2, 4, 5, 3], [0, 3, 1, 2]), ([2, 7, 3, 5], [0, 2, 1, 3]),
        ([3, 17, 33], [0, 2, 1]), ([19, 21], [1, 0]), ([2, 3, 4, 5], [3, 1, 0, 2]), ([2, 3], [0, 1]),
    ])
    func permutationMatchesIndexDefinition(_ setup: ([Int], [Int])) {
        let (shape, axes) = setup
        let x = randomTensor(shape, seed: 6)
        let y = x.permuted(axes)
        #expect(y.shape == axes.map { shape[$0] })
        #expect(y.scalars == NaiveKernels.permute(x.scalars, shape: shape, axes: axes))
    }

    @Test func nearestUpsamplingRepeatsPixels() {
        let x = Tensor(shape: [1, 2, 2, 3], scalars: (0..<12).map(Float.init))
        let y = x.upsampledNearest2x()
        #expect(y.shape == [1, 2, 4, 6])
        #expect(Array(y.scalars[0..<12]) == [0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2])
        #expect(Array(y.scalars[24..<30]) == [6, 6, 7, 7, 8, 8])
        for i in 0..<y.count {
            let (plane, row, column) = (i / 24, (i % 24) / 6, i % 6)
            #expect(y.scalars[i] == x.scalars[plane * 6 + (row / 2) * 3 + column / 2])
        }
    }

    @Test func gatherRowsLooksUpEmbeddings() {
        let table = Tensor(shape: [4, 2], scalars: [0, 1, 10, 11, 20, 21, 30, 31])
        let y = table.gatherRows([3, 0, 3, 2])
        #expect(y.shape == [4, 2])
        #expect(y.scalars == [30, 31, 0, 1, 30, 31, 20, 21])
    }

    @Test func clampSumAndMean() {
        let x = Tensor(shape: [5], scalars: [-3, -0.5, 0, 2, 9])
        #expect(x.clamped(min: -1, max: 1).scalars == [-1, -0.5, 0, 1, 1])
        #expect(x.sum() == 7.5)
        #expect(x.mean() == 1.5)
    }
}
