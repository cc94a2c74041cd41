import Foundation

/// Reference implementations of the tensor kernels as plain loops in double precision, written
/// straight from the PyTorch definitions, for tests to compare the fast kernels against
/// (DESIGN.md §3: max abs diff ≤ 1e-5 × max(1, max abs of reference)). Row-major [Float] buffers.
public enum NaiveKernels {
    /// `count` values uniform in [−scale, scale) from a fixed-seed 64-bit LCG (reproducible data).
    public static func values(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
        }
    }

    /// C[m, n] = A[m, k] · B[k, n].
    public static func matmul(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var total = 0.0
                for p in 0..<k { total += Double(a[i * k + p]) * Double(b[p * n + j]) }
                c[i * n + j] = Float(total)
            }
        }
        return c
    }

    /// `F.linear`: x [rows, in] · w[out, in]ᵀ + bias.
    public static func linear(_ x: [Float], rows: Int, inFeatures: Int, weight: [Float], outFeatures: Int, bias: [Float]?) -> [Float] {
        var y = [Float](repeating: 0, count: rows * outFeatures)
        for r in 0..<rows {
            for o in 0..<outFeatures {
                var total = Double(bias?[o] ?? 0)
                for i in 0..<inFeatures { total += Double(x[r * inFeatures + i]) * Double(weight[o * inFeatures + i]) }
                y[r * outFeatures + o] = Float(total)
            }
        }
        return y
    }

    /// `F.conv2d` after zero padding (top, left, bottom, right): x [n, c, h, w], weight [o, c, kh, kw].
    public static func conv2d(
        _ x: [Float], n: Int, c: Int, h: Int, w: Int, weight: [Float], o: Int, kh: Int, kw: Int, bias: [Float]?,
        stride: Int, padding: (top: Int, left: Int, bottom: Int, right: Int)
    ) -> (values: [Float], height: Int, width: Int) {
        let oh = (h + padding.top + padding.bottom - kh) / stride + 1
        let ow = (w + padding.left + padding.right - kw) / stride + 1
        var y = [Float](repeating: 0, count: n * o * oh * ow)
        for b in 0..<n {
            for oc in 0..<o {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var total = Double(bias?[oc] ?? 0)
                        for ic in 0..<c {
                            for ky in 0..<kh {
                                for kx in 0..<kw {
                                    let iy = oy * stride - padding.top + ky
                                    let ix = ox * stride - padding.left + kx
                                    guard iy >= 0 && iy < h && ix >= 0 && ix < w else { continue }
                                    total += Double(x[((b * c + ic) * h + iy) * w + ix]) * Double(weight[((oc * c + ic) * kh + ky) * kw + kx])
                                }
                            }
                        }
                        y[((b * o + oc) * oh + oy) * ow + ox] = Float(total)
                    }
                }
            }
        }
        return (y, oh, ow)
    }

    /// `nn.GroupNorm` on x [n, c, spatial], optionally followed by SiLU.
    public static func groupNorm(
        _ x: [Float], n: Int, c: Int, spatial: Int, groups: Int, weight: [Float], bias: [Float], epsilon: Float, silu: Bool
    ) -> [Float] {
        var y = x
        let per = c / groups
        for b in 0..<n {
            for g in 0..<groups {
                let start = (b * c + g * per) * spatial
                let group = (start..<(start + per * spatial)).map { Double(x[$0]) }
                let mean = group.reduce(0, +) / Double(group.count)
                let variance = group.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(group.count)
                for i in 0..<(per * spatial) {
                    let channel = g * per + i / spatial
                    var v = (group[i] - mean) / (variance + Double(epsilon)).squareRoot() * Double(weight[channel]) + Double(bias[channel])
                    if silu { v = v / (1 + Foundation.exp(-v)) }
                    y[start + i] = Float(v)
                }
            }
        }
        return y
    }

    /// `nn.LayerNorm` over the last axis of x [rows, features].
    public static func layerNorm(_ x: [Float], rows: Int, features: Int, weight: [Float], bias: [Float], epsilon: Float) -> [Float] {
        var y = x
        for r in 0..<rows {
            let row = (0..<features).map { Double(x[r * features + $0]) }
            let mean = row.reduce(0, +) / Double(features)
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(features)
            for i in 0..<features {
                y[r * features + i] = Float((row[i] - mean) / (variance + Double(epsilon)).squareRoot() * Double(weight[i]) + Double(bias[i]))
            }
        }
        return y
    }

    /// `torch.softmax(x, -1)` on x [rows, length].
    public static func softmax(_ x: [Float], rows: Int, length: Int) -> [Float] {
        var y = x
        for r in 0..<rows {
            let row = (0..<length).map { Double(x[r * length + $0]) }
            let top = row.max() ?? 0
            let exps = row.map { Foundation.exp($0 - top) }
            let total = exps.reduce(0, +)
            for i in 0..<length { y[r * length + i] = Float(exps[i] / total) }
        }
        return y
    }

    /// x · σ(x).
    public static func silu(_ x: [Float]) -> [Float] {
        x.map { Float(Double($0) / (1 + Foundation.exp(-Double($0)))) }
    }

    /// x · ½(1 + erf(x/√2)).
    public static func gelu(_ x: [Float]) -> [Float] {
        x.map { Float(geluValue(Double($0))) }
    }

    /// x · σ(1.702 x).
    public static func quickGELU(_ x: [Float]) -> [Float] {
        x.map { Float(Double($0) / (1 + Foundation.exp(-1.702 * Double($0)))) }
    }

    /// diffusers GEGLU on x [rows, 2F]: hidden · gelu(gate) → [rows, F].
    public static func geglu(_ x: [Float], rows: Int, features: Int) -> [Float] {
        var y = [Float](repeating: 0, count: rows * features)
        for r in 0..<rows {
            for i in 0..<features {
                y[r * features + i] = Float(Double(x[r * 2 * features + i]) * geluValue(Double(x[r * 2 * features + features + i])))
            }
        }
        return y
    }

    private static func geluValue(_ v: Double) -> Double {
        v * 0.5 * (1 + Foundation.erf(v / 2.0.squareRoot()))
    }

    /// Unblocked multi-head attention with the full score matrix per head: q [b, lq, h·d],
    /// k and v [b, lk, h·d] → [b, lq, h·d]; `causal` hides key j from query i when j > i.
    public static func attention(
        query q: [Float], key k: [Float], value v: [Float], batch: Int, queryLength lq: Int, keyLength lk: Int,
        heads: Int, headDimension d: Int, scale: Float, causal: Bool
    ) -> [Float] {
        let width = heads * d
        var out = [Float](repeating: 0, count: batch * lq * width)
        for b in 0..<batch {
            for h in 0..<heads {
                for i in 0..<lq {
                    let visible = causal ? min(lk, i + 1) : lk
                    var scores = [Double](repeating: 0, count: visible)
                    for j in 0..<visible {
                        var dot = 0.0
                        for e in 0..<d { dot += Double(q[(b * lq + i) * width + h * d + e]) * Double(k[(b * lk + j) * width + h * d + e]) }
                        scores[j] = dot * Double(scale)
                    }
                    let top = scores.max() ?? 0
                    let weights = scores.map { Foundation.exp($0 - top) }
                    let total = weights.reduce(0, +)
                    for e in 0..<d {
                        var acc = 0.0
                        for j in 0..<visible { acc += weights[j] * Double(v[(b * lk + j) * width + h * d + e]) }
                        out[(b * lq + i) * width + h * d + e] = total > 0 ? Float(acc / total) : 0
                    }
                }
            }
        }
        return out
    }

    /// NumPy broadcasting of `combine` over a [aShape] and b [bShape]; returns the values and shape.
    public static func broadcast(
        _ a: [Float], _ aShape: [Int], _ b: [Float], _ bShape: [Int], _ combine: (Float, Float) -> Float
    ) -> (values: [Float], shape: [Int]) {
        let rank = max(aShape.count, bShape.count)
        let pa = Array(repeating: 1, count: rank - aShape.count) + aShape
        let pb = Array(repeating: 1, count: rank - bShape.count) + bShape
        let shape = (0..<rank).map { max(pa[$0], pb[$0]) }
        let count = shape.reduce(1, *)
        var out = [Float](repeating: 0, count: count)
        for flat in 0..<count {
            var rest = flat
            var ia = 0, ib = 0, sa = 1, sb = 1
            for axis in (0..<rank).reversed() {
                let index = rest % shape[axis]
                rest /= shape[axis]
                ia += (pa[axis] == 1 ? 0 : index) * sa
                ib += (pb[axis] == 1 ? 0 : index) * sb
                sa *= pa[axis]
                sb *= pb[axis]
            }
            out[flat] = combine(a[ia], b[ib])
        }
        return (out, shape)
    }

    /// `x.permute(axes)` made contiguous.
    public static func permute(_ x: [Float], shape: [Int], axes: [Int]) -> [Float] {
        let rank = shape.count
        var strides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        let outShape = axes.map { shape[$0] }
        var out = [Float](repeating: 0, count: x.count)
        for flat in 0..<x.count {
            var rest = flat
            var source = 0
            for axis in (0..<rank).reversed() {
                source += (rest % outShape[axis]) * strides[axes[axis]]
                rest /= outShape[axis]
            }
            out[flat] = x[source]
        }
        return out
    }
}
