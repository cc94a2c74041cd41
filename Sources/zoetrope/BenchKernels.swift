import Kernels
import Tensors

/// `zoetrope bench kernels`: the tensor engine's hot kernels at Stable Diffusion 1.5's 512×512
/// sizes (64×64 latents, batch 2 for classifier-free guidance), as issue 3 defines them:
/// sgemm 4096³, the UNet's 3×3 convolutions 320→320 and 640→320, a 1×1 convolution 320→320, and
/// self- (4096 tokens) and cross-attention (4096 × 77) with 8 heads of 40.
///
/// GFLOP/s count the direct algorithm's operations (2·O·C·kh·kw·H'·W'·N for a convolution,
/// 4·B·H·Lq·Lk·D for attention), so a faster algorithm such as Winograd shows as a higher rate;
/// each entry also reports its rate as a fraction of the sgemm rate measured in the same run
/// (`of_sgemm`). The entries run interleaved, round by round (`BenchmarkTimer.measureInterleaved`).
enum BenchKernels {
    static func run(runs: Int) -> [BenchmarkResult] {
        var results = BenchmarkTimer.measureInterleaved(
            [
                sgemm(size: 4096),
                convolution(name: "conv3x3_320", input: [2, 320, 64, 64], outChannels: 320, kernel: 3),
                convolution(name: "conv3x3_640_320", input: [2, 640, 64, 64], outChannels: 320, kernel: 3),
                convolution(name: "conv1x1_320", input: [2, 320, 64, 64], outChannels: 320, kernel: 1),
                // The UNet's 1280-channel level at 512² (16×16): few tiles share each weight transform.
                convolution(name: "conv3x3_1280_16", input: [2, 1280, 16, 16], outChannels: 1280, kernel: 3),
                attention(name: "attention_self", batch: 2, queryLength: 4096, keyLength: 4096),
                attention(name: "attention_cross", batch: 2, queryLength: 4096, keyLength: 77),
                // AnimateDiff's temporal attention at 512²: 2 videos × 64² pixels, 16 frames each.
                attention(name: "attention_temporal", batch: 2 * 4096, queryLength: 16, keyLength: 16),
                block(),
            ], runs: runs)
        if let reference = results.first?.gflops {
            for index in results.indices.dropFirst() {
                if let rate = results[index].gflops { results[index].extra.append((key: "of_sgemm", value: rate / reference)) }
            }
        }
        return results
    }

    static func sgemm(size n: Int) -> BenchmarkTimer.Entry {
        let a = filled([n, n], seed: 1)
        let b = filled([n, n], seed: 2)
        let c = TensorStorage(uninitializedCount: n * n)
        return BenchmarkTimer.Entry(name: "sgemm", flops: 2 * Double(n) * Double(n) * Double(n)) {
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    BLAS.sgemm(m: n, n: n, k: n, a: pa.baseAddress!, lda: n, b: pb.baseAddress!, ldb: n, c: c.pointer, ldc: n)
                }
            }
        }
    }

    static func convolution(name: String, input: [Int], outChannels: Int, kernel: Int) -> BenchmarkTimer.Entry {
        let x = filled(input, seed: 3)
        let weight = filled([outChannels, input[1], kernel, kernel], seed: 4, scale: 0.05)
        let bias = filled([outChannels], seed: 5)
        let flops = 2 * Double(input[0] * outChannels * input[2] * input[3]) * Double(input[1] * kernel * kernel)
        return BenchmarkTimer.Entry(name: name, flops: flops) {
            _ = x.conv2d(weight: weight, bias: bias, stride: 1, padding: .uniform(kernel / 2))
        }
    }

    static func attention(name: String, batch: Int, queryLength: Int, keyLength: Int) -> BenchmarkTimer.Entry {
        let (heads, headDimension) = (8, 40)
        let query = filled([batch, queryLength, heads * headDimension], seed: 6)
        let key = filled([batch, keyLength, heads * headDimension], seed: 7)
        let value = filled([batch, keyLength, heads * headDimension], seed: 8)
        let flops = 4 * Double(batch * heads) * Double(queryLength) * Double(keyLength) * Double(headDimension)
        return BenchmarkTimer.Entry(name: name, flops: flops) {
            _ = Tensor.attention(query: query, key: key, value: value, heads: heads, scale: 1 / Float(headDimension).squareRoot())
        }
    }

    /// `block_320`: the tensor ops of one 320-channel UNet ResNet block plus a self-attention
    /// transformer layer at 64×64, batch 2, chained as the model chains them (GroupNorm+SiLU,
    /// conv, residual add, LayerNorm, projections, attention, GEGLU feed-forward, layout changes).
    /// Its `allocations_per_run` shows the workspace at work: after the warm-up run every buffer
    /// comes from the pool.
    static func block() -> BenchmarkTimer.Entry {
        let c = 320
        let x = filled([2, c, 64, 64], seed: 9)
        let conv = filled([c, c, 3, 3], seed: 10, scale: 0.02)
        let ones = Tensor(shape: [c], repeating: 1)
        let zeros = Tensor(shape: [c], repeating: 0)
        let projection = filled([c, c], seed: 11, scale: 0.05)
        let up = filled([8 * c, c], seed: 12, scale: 0.05)
        let down = filled([c, 4 * c], seed: 13, scale: 0.05)
        let timestep = filled([2, c, 1, 1], seed: 14)
        return BenchmarkTimer.Entry(name: "block_320", flops: nil) {
            var h = x.groupNorm(groups: 32, weight: ones, bias: zeros, epsilon: 1e-5, applySiLU: true)
            h = h.conv2d(weight: conv, bias: zeros, padding: .uniform(1)) + timestep
            h = h.groupNorm(groups: 32, weight: ones, bias: zeros, epsilon: 1e-5, applySiLU: true)
            let residual = x + h.conv2d(weight: conv, bias: zeros, padding: .uniform(1))
            var tokens = residual.permuted([0, 2, 3, 1]).reshaped([2, 4096, c])  // [B, HW, C]
            let normed = tokens.layerNorm(weight: ones, bias: zeros, epsilon: 1e-5)
            let q = normed.linear(weight: projection, bias: nil)
            let k = normed.linear(weight: projection, bias: nil)
            let v = normed.linear(weight: projection, bias: nil)
            tokens = tokens + Tensor.attention(query: q, key: k, value: v, heads: 8, scale: 0.158).linear(weight: projection, bias: zeros)
            let ff = tokens.layerNorm(weight: ones, bias: zeros, epsilon: 1e-5).linear(weight: up, bias: nil).geglu()
            tokens = tokens + ff.linear(weight: down, bias: zeros)
            _ = tokens.reshaped([2, 64, 64, c]).permuted([0, 3, 1, 2]) + residual
        }
    }

    /// A tensor of reproducible values in [−scale, scale).
    static func filled(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        return Tensor(shape: shape) { buffer in
            for i in buffer.indices {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                buffer[i] = (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
            }
        }
    }
}
