import Kernels
import Tensors

/// `zoetrope bench kernels`: the tensor engine's hot kernels at Stable Diffusion 1.5's 512×512
/// sizes (64×64 latents, batch 2 for classifier-free guidance), as issue 3 defines them:
/// sgemm 4096³, the UNet's 3×3 convolutions 320→320 and 640→320, a 1×1 convolution 320→320, and
/// self- (4096 tokens) and cross-attention (4096 × 77) with 8 heads of 40. GFLOP/s count the
/// direct algorithm's operations, so a faster algorithm shows as a higher rate; each entry also
/// reports its rate as a fraction of the sgemm rate measured in the same run.
enum BenchKernels {
    static func run(runs: Int) -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        let sgemm = measureSGEMM(size: 4096, runs: runs)
        results.append(sgemm)
        let others = [
            measureConvolution(name: "conv3x3_320", input: [2, 320, 64, 64], outChannels: 320, kernel: 3, runs: runs),
            measureConvolution(name: "conv3x3_640_320", input: [2, 640, 64, 64], outChannels: 320, kernel: 3, runs: runs),
            measureConvolution(name: "conv1x1_320", input: [2, 320, 64, 64], outChannels: 320, kernel: 1, runs: runs),
            measureAttention(name: "attention_self", batch: 2, queryLength: 4096, keyLength: 4096, runs: runs),
            measureAttention(name: "attention_cross", batch: 2, queryLength: 4096, keyLength: 77, runs: runs),
        ]
        for var result in others {
            if let rate = result.gflops, let reference = sgemm.gflops {
                result.extra.append((key: "of_sgemm", value: rate / reference))
            }
            results.append(result)
        }
        return results
    }

    static func measureSGEMM(size n: Int, runs: Int) -> BenchmarkResult {
        let a = filled([n, n], seed: 1)
        let b = filled([n, n], seed: 2)
        var c = Tensor(shape: [n, n])
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    BenchmarkTimer.measure(name: "sgemm", runs: runs, flops: 2 * Double(n) * Double(n) * Double(n)) {
                        BLAS.sgemm(m: n, n: n, k: n, a: pa.baseAddress!, lda: n, b: pb.baseAddress!, ldb: n, c: pc.baseAddress!, ldc: n)
                    }
                }
            }
        }
    }

    static func measureConvolution(name: String, input: [Int], outChannels: Int, kernel: Int, runs: Int) -> BenchmarkResult {
        let x = filled(input, seed: 3)
        let weight = filled([outChannels, input[1], kernel, kernel], seed: 4, scale: 0.05)
        let bias = filled([outChannels], seed: 5)
        let flops = 2 * Double(input[0] * outChannels * input[2] * input[3]) * Double(input[1] * kernel * kernel)
        return BenchmarkTimer.measure(name: name, runs: runs, flops: flops) {
            _ = x.conv2d(weight: weight, bias: bias, stride: 1, padding: .uniform(kernel / 2))
        }
    }

    static func measureAttention(name: String, batch: Int, queryLength: Int, keyLength: Int, runs: Int) -> BenchmarkResult {
        let (heads, headDimension) = (8, 40)
        let query = filled([batch, queryLength, heads * headDimension], seed: 6)
        let key = filled([batch, keyLength, heads * headDimension], seed: 7)
        let value = filled([batch, keyLength, heads * headDimension], seed: 8)
        let flops = 4 * Double(batch * heads) * Double(queryLength) * Double(keyLength) * Double(headDimension)
        return BenchmarkTimer.measure(name: name, runs: runs, flops: flops) {
            _ = Tensor.attention(query: query, key: key, value: value, heads: heads, scale: 1 / Float(headDimension).squareRoot())
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
