import Testing
import Tensors
import TestSupport

/// GroupNorm (with and without fused SiLU) and LayerNorm against double-precision definitions,
/// including inputs with a large mean, where one-pass variance loses precision.
struct NormalizationTests {
    @Test(arguments: [(2, 32, [5, 7]), (1, 12, [1, 1]), (3, 6, [11])])
    func groupNormMatchesNaive(_ setup: (Int, Int, [Int])) {
        let (n, c, spatialShape) = setup
        let groups = c >= 32 ? 32 : 3
        let x = randomTensor([n, c] + spatialShape, seed: 1, scale: 3) + Tensor(shape: [1], scalars: [100])
        let weight = randomTensor([c], seed: 2)
        let bias = randomTensor([c], seed: 3)
        let spatial = spatialShape.reduce(1, *)
        for silu in [false, true] {
            let y = x.groupNorm(groups: groups, weight: weight, bias: bias, epsilon: 1e-5, applySiLU: silu)
            #expect(y.shape == x.shape)
            expectKernelClose(y, NaiveKernels.groupNorm(
                x.scalars, n: n, c: c, spatial: spatial, groups: groups, weight: weight.scalars, bias: bias.scalars,
                epsilon: 1e-5, silu: silu))
        }
    }

    @Test(arguments: [1, 7, 768])
    func layerNormMatchesNaive(features: Int) {
        let x = randomTensor([2, 5, features], seed: 4, scale: 2) + Tensor(shape: [1], scalars: [50])
        let weight = randomTensor([features], seed: 5)
        let bias = randomTensor([features], seed: 6)
        let y = x.layerNorm(weight: weight, bias: bias, epsilon: 1e-5)
        expectKernelClose(y, NaiveKernels.layerNorm(x.scalars, rows: 10, features: features, weight: weight.scalars, bias: bias.scalars, epsilon: 1e-5))
    }
}
