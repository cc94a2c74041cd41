import Testing
import Tensors
import TestSupport

/// A reproducible tensor of `shape` with values uniform in [−scale, scale).
func randomTensor(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    Tensor(shape: shape, scalars: NaiveKernels.values(shape.reduce(1, *), seed: seed, scale: scale))
}

/// Expects `actual` within the kernel bar of `reference` (DESIGN.md §3), reporting the worst error.
func expectKernelClose(
    _ actual: Tensor, _ reference: [Float], tolerance: Float = 1e-5, sourceLocation: SourceLocation = #_sourceLocation
) {
    let worst = Numerics.maxAbsDiff(actual.scalars, reference)
    let bound = tolerance * max(1, Numerics.maxAbs(reference))
    #expect(worst <= bound, "max abs diff \(worst) > \(bound) for \(actual.shape)", sourceLocation: sourceLocation)
}
