import Testing
import Tensors
import TestSupport

/// Broadcasting elementwise ops against NumPy-rule naive broadcasting, on every fast path and the
/// general walk, in both operand orders.
struct ArithmeticTests {
    static let shapePairs: [([Int], [Int])] = [
        ([2, 5, 3, 7], [2, 5, 3, 7]),  // same shape
        ([2, 5, 3, 7], [2, 5, 1, 1]),  // [N,C,H,W] op [N,C,1,1]
        ([2, 9, 13], [13]),  // [..., C] op [C]
        ([2, 9, 13], [2, 9, 1]),  // [B,L,C] op [B,L,1]
        ([2, 5, 3, 7], [1, 5, 1, 1]),  // per-channel
        ([3, 1, 5], [4, 1]),  // both stretched: general walk
        ([2, 3, 4], [1]),  // scalar-like
        ([1, 1], [3, 1, 6]),  // small first operand
        ([70_001], [70_001]),  // threaded path
        ([2, 257, 130], [257, 130]),  // threaded suffix path
    ]

    @Test(arguments: shapePairs)
    func broadcastingMatchesNaive(_ shapes: ([Int], [Int])) {
        let a = randomTensor(shapes.0, seed: 1)
        let b = randomTensor(shapes.1, seed: 2)
        for (op, reference) in [
            ({ (x: Tensor, y: Tensor) in x + y }, { (x: Float, y: Float) in x + y }),
            ({ $0 - $1 }, { $0 - $1 }),
            ({ $0 * $1 }, { $0 * $1 }),
        ] as [((Tensor, Tensor) -> Tensor, (Float, Float) -> Float)] {
            let forward = NaiveKernels.broadcast(a.scalars, a.shape, b.scalars, b.shape, reference)
            let result = op(a, b)
            #expect(result.shape == forward.shape)
            #expect(result.scalars == forward.values)
            let backward = NaiveKernels.broadcast(b.scalars, b.shape, a.scalars, a.shape, reference)
            let swapped = op(b, a)
            #expect(swapped.shape == backward.shape)
            #expect(swapped.scalars == backward.values)
        }
    }

    @Test func broadcastShapeFollowsNumPy() {
        #expect(Tensor.broadcastShape([2, 1, 4], [3, 1]) == [2, 3, 4])
        #expect(Tensor.broadcastShape([5], [2, 3, 5]) == [2, 3, 5])
        #expect(Tensor.broadcastShape([], [2]) == [2])
    }

    @Test func samplerOperationsStillWork() {
        let a = Tensor(shape: [4], scalars: [1, 2, 3, 4])
        let b = Tensor(shape: [4], scalars: [4, 3, 2, 1])
        #expect(Tensor.weightedSum(a, 2, b, -1).scalars == [-2, 1, 4, 7])
        #expect(Tensor.lerp(a, b, weight: 0.5).scalars == [2.5, 2.5, 2.5, 2.5])
        var c = a
        c += b
        c *= 0.5
        #expect(c.scalars == [2.5, 2.5, 2.5, 2.5])
        #expect(a.scalars == [1, 2, 3, 4])
        #expect((a * 2 / 4).scalars == [0.5, 1, 1.5, 2])
    }
}
