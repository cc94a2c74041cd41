/// GroupNorm and LayerNorm over raw buffers, with two-pass statistics accumulated in Double
/// (`Statistics`) and an optional fused SiLU, as diffusers' `ResnetBlock2D` applies right after
/// its GroupNorms.
public enum Normalization {
    /// `torch.nn.GroupNorm(groups, channels, eps)` on `x` [batch, channels, spatial] into `y`
    /// (same shape; may alias `x`), with per-channel affine `weight` and `bias` [channels], then
    /// SiLU when `applySiLU`. Threaded over (batch, group) pairs.
    public static func groupNorm(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
        batch: Int, channels: Int, spatial: Int, groups: Int,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float, applySiLU: Bool
    ) {
        precondition(groups > 0 && channels % groups == 0, "\(channels) channels do not split into \(groups) groups")
        let perGroup = channels / groups
        Parallel.forEach(batch * groups) { item in
            let n = item / groups
            let g = item % groups
            let firstChannel = g * perGroup
            let base = (n * channels + firstChannel) * spatial
            let stats = Statistics.meanAndVariance(x + base, count: perGroup * spatial)
            let inverse = 1 / (stats.variance + epsilon).squareRoot()
            for c in 0..<perGroup {
                let channel = firstChannel + c
                let scale = weight[channel] * inverse
                let shift = bias[channel] - stats.mean * scale
                let offset = base + c * spatial
                affine(x + offset, y + offset, count: spatial, scale: scale, shift: shift, applySiLU: applySiLU)
            }
        }
    }

    /// `torch.nn.LayerNorm(features, eps)` over the last axis of `x` [rows, features] into `y`
    /// (may alias `x`), with `weight` and `bias` [features]. Threaded over rows.
    public static func layerNorm(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, features: Int,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float
    ) {
        Parallel.forRanges(rows, minimumChunk: max(1, 4096 / max(1, features))) { range in
            for row in range {
                let source = x + row * features
                let destination = y + row * features
                let stats = Statistics.meanAndVariance(source, count: features)
                let inverse = 1 / (stats.variance + epsilon).squareRoot()
                let mean = SIMD8<Float>(repeating: stats.mean)
                var i = 0
                while i + 8 <= features {
                    let normalised = (VectorMath.load(source, i) - mean) * inverse
                    VectorMath.store(normalised * VectorMath.load(weight, i) + VectorMath.load(bias, i), destination, i)
                    i += 8
                }
                while i < features {
                    destination[i] = (source[i] - stats.mean) * inverse * weight[i] + bias[i]
                    i += 1
                }
            }
        }
    }

    /// y = x · scale + shift over `count` floats, then SiLU when asked.
    @inline(__always)
    static func affine(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, scale: Float, shift: Float, applySiLU: Bool
    ) {
        let a = SIMD8<Float>(repeating: scale)
        let b = SIMD8<Float>(repeating: shift)
        var i = 0
        if applySiLU {
            while i + 8 <= count {
                let v = VectorMath.load(x, i) * a + b
                VectorMath.store(v * VectorMath.sigmoid(v), y, i)
                i += 8
            }
        } else {
            while i + 8 <= count {
                VectorMath.store(VectorMath.load(x, i) * a + b, y, i)
                i += 8
            }
        }
        if i < count {
            var lanes = SIMD8<Float>()
            for lane in 0..<(count - i) { lanes[lane] = x[i + lane] }
            var v = lanes * a + b
            if applySiLU { v = v * VectorMath.sigmoid(v) }
            for lane in 0..<(count - i) { y[i + lane] = v[lane] }
        }
    }
}
