import Kernels
import Testing
import Tensors
import TestSupport

/// Blocked attention against the unblocked definition, for tile sizes that divide, straddle and
/// exceed the sequence lengths (the kernel rounds query tiles to multiples of 6 and key tiles to
/// multiples of 16); self and cross attention, causal masks; determinism across thread counts.
struct AttentionTests {
    static let tiles: [(Int, Int)] = [(6, 16), (12, 32), (48, 48), (96, 256), (4096, 4096)]

    @Test(arguments: tiles)
    func selfAttentionMatchesUnblocked(_ tile: (Int, Int)) {
        let (b, l, h, d) = (2, 37, 3, 8)
        let q = randomTensor([b, l, h * d], seed: 1, scale: 2)
        let k = randomTensor([b, l, h * d], seed: 2, scale: 2)
        let v = randomTensor([b, l, h * d], seed: 3)
        let reference = NaiveKernels.attention(
            query: q.scalars, key: k.scalars, value: v.scalars, batch: b, queryLength: l, keyLength: l,
            heads: h, headDimension: d, scale: 0.35, causal: false)
        let y = Tensor.attention(query: q, key: k, value: v, heads: h, scale: 0.35, causal: false, queryTile: tile.0, keyTile: tile.1)
        #expect(y.shape == q.shape)
        expectKernelClose(y, reference)
    }

    @Test(arguments: tiles)
    func crossAttentionMatchesUnblocked(_ tile: (Int, Int)) {
        let (b, lq, lk, h, d) = (2, 45, 13, 2, 5)
        let q = randomTensor([b, lq, h * d], seed: 4, scale: 3)
        let k = randomTensor([b, lk, h * d], seed: 5, scale: 3)
        let v = randomTensor([b, lk, h * d], seed: 6)
        let reference = NaiveKernels.attention(
            query: q.scalars, key: k.scalars, value: v.scalars, batch: b, queryLength: lq, keyLength: lk,
            heads: h, headDimension: d, scale: 1, causal: false)
        let y = Tensor.attention(query: q, key: k, value: v, heads: h, scale: 1, causal: false, queryTile: tile.0, keyTile: tile.1)
        expectKernelClose(y, reference)
    }

    @Test(arguments: tiles)
    func causalAttentionMasksFutureKeys(_ tile: (Int, Int)) {
        let (b, l, h, d) = (1, 77, 4, 6)
        let q = randomTensor([b, l, h * d], seed: 7, scale: 2)
        let k = randomTensor([b, l, h * d], seed: 8, scale: 2)
        let v = randomTensor([b, l, h * d], seed: 9)
        let reference = NaiveKernels.attention(
            query: q.scalars, key: k.scalars, value: v.scalars, batch: b, queryLength: l, keyLength: l,
            heads: h, headDimension: d, scale: 0.4, causal: true)
        let y = Tensor.attention(query: q, key: k, value: v, heads: h, scale: 0.4, causal: true, queryTile: tile.0, keyTile: tile.1)
        expectKernelClose(y, reference)
        // The first query sees only the first key: its output is that key's value.
        #expect(Array(y.scalars[0..<(h * d)]) == Array(v.scalars[0..<(h * d)]))
    }

    @Test func longKeySequencesVisitOneHeadAtATime() {
        // 2 heads × 8300 keys: packed K and V exceed the L2 budget, so tiles go head by head.
        let (lq, lk, h, d) = (37, 8300, 2, 8)
        let q = randomTensor([1, lq, h * d], seed: 13, scale: 2)
        let k = randomTensor([1, lk, h * d], seed: 14, scale: 2)
        let v = randomTensor([1, lk, h * d], seed: 15)
        let reference = NaiveKernels.attention(
            query: q.scalars, key: k.scalars, value: v.scalars, batch: 1, queryLength: lq, keyLength: lk,
            heads: h, headDimension: d, scale: 0.3, causal: false)
        expectKernelClose(Tensor.attention(query: q, key: k, value: v, heads: h, scale: 0.3), reference)
    }

    @Test func attentionIsDeterministic() {
        let q = randomTensor([1, 300, 16], seed: 10)
        let k = randomTensor([1, 300, 16], seed: 11)
        let v = randomTensor([1, 300, 16], seed: 12)
        let first = Tensor.attention(query: q, key: k, value: v, heads: 2, scale: 0.3)
        let second = Tensor.attention(query: q, key: k, value: v, heads: 2, scale: 0.3)
        #expect(first.scalars == second.scalars)
        let serial = Threads.withCount(1) { Tensor.attention(query: q, key: k, value: v, heads: 2, scale: 0.3) }
        #expect(serial.scalars == first.scalars)
    }

    @Test(arguments: [(1, 1), (1, 17), (7, 1), (7, 17), (16, 16)])
    func shortSequences(_ lengths: (Int, Int)) {
        // Fewer queries than one row block, single keys, AnimateDiff's 16 × 16; heads of 40 (the 6×8 tail).
        let (lq, lk, h, d) = (lengths.0, lengths.1, 2, 40)
        let q = randomTensor([3, lq, h * d], seed: 16, scale: 0.5)
        let k = randomTensor([3, lk, h * d], seed: 17, scale: 0.5)
        let v = randomTensor([3, lk, h * d], seed: 18)
        let reference = NaiveKernels.attention(
            query: q.scalars, key: k.scalars, value: v.scalars, batch: 3, queryLength: lq, keyLength: lk,
            heads: h, headDimension: d, scale: 0.16, causal: false)
        expectKernelClose(Tensor.attention(query: q, key: k, value: v, heads: h, scale: 0.16), reference)
    }

    @Test func headDimensionsOfTheModels() {
        // CLIP: 64 per head; UNet levels: 40, 80, 160; the VAE's single head: 512; odd sizes pad to whole vectors.
        for d in [64, 40, 80, 160, 512, 13] {
            let q = randomTensor([1, 29, 2 * d], seed: UInt64(d), scale: 0.5)
            let k = randomTensor([1, 21, 2 * d], seed: UInt64(d + 1), scale: 0.5)
            let v = randomTensor([1, 21, 2 * d], seed: UInt64(d + 2))
            let reference = NaiveKernels.attention(
                query: q.scalars, key: k.scalars, value: v.scalars, batch: 1, queryLength: 29, keyLength: 21,
                heads: 2, headDimension: d, scale: 1 / Float(d).squareRoot(), causal: false)
            expectKernelClose(Tensor.attention(query: q, key: k, value: v, heads: 2, scale: 1 / Float(d).squareRoot()), reference)
        }
    }
}
