import Testing
import Tensors
import TestSupport

/// Activations and softmax against double-precision definitions, on odd lengths (SIMD tails)
/// and inputs wide enough to reach the exponential's clamping.
struct ActivationTests {
    static let x = randomTensor([3, 5, 37], seed: 11, scale: 12)

    @Test func siluMatchesDefinition() {
        expectKernelClose(Self.x.silu(), NaiveKernels.silu(Self.x.scalars))
    }

    @Test func geluMatchesErfForm() {
        expectKernelClose(Self.x.gelu(), NaiveKernels.gelu(Self.x.scalars))
        let small = randomTensor([101], seed: 3, scale: 0.01)
        expectKernelClose(small.gelu(), NaiveKernels.gelu(small.scalars))
    }

    @Test func quickGELUMatchesDefinition() {
        expectKernelClose(Self.x.quickGELU(), NaiveKernels.quickGELU(Self.x.scalars))
    }

    @Test func gegluSplitsHiddenAndGate() {
        let x = randomTensor([2, 7, 2 * 19], seed: 5, scale: 4)
        let y = x.geglu()
        #expect(y.shape == [2, 7, 19])
        expectKernelClose(y, NaiveKernels.geglu(x.scalars, rows: 14, features: 19))
    }

    @Test(arguments: [1, 7, 8, 77, 4099])
    func softmaxMatchesDefinition(length: Int) {
        let x = randomTensor([3, length], seed: UInt64(length), scale: 30)
        let y = x.softmax()
        expectKernelClose(y, NaiveKernels.softmax(x.scalars, rows: 3, length: length))
    }

    @Test func softmaxIsStableForHugeValues() {
        let x = Tensor(shape: [1, 3], scalars: [1000, 1000, -1000])
        expectKernelClose(x.softmax(), [0.5, 0.5, 0])
    }

    @Test func threadedActivationsMatchSingleChunk() {
        let big = randomTensor([70_003], seed: 9, scale: 6)
        expectKernelClose(big.silu(), NaiveKernels.silu(big.scalars))
        expectKernelClose(big.gelu(), NaiveKernels.gelu(big.scalars))
    }
}
