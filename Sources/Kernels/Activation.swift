/// Pointwise activations of the SD1.5 models over raw buffers, vectorised (`VectorMath`) and
/// threaded (`Parallel`). Source and destination may be the same buffer.
public enum Activation {
    /// SiLU (swish): x · σ(x), as `torch.nn.functional.silu`.
    public static func silu(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int) {
        VectorMath.map(source, destination, count: count) { x in x * VectorMath.sigmoid(x) }
    }

    /// GELU in its exact (erf) form: x · ½ (1 + erf(x / √2)), as `torch.nn.functional.gelu` by default.
    public static func gelu(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int) {
        VectorMath.map(source, destination, count: count, geluVector)
    }

    /// QuickGELU: x · σ(1.702 x), the activation of OpenAI CLIP's text model.
    public static func quickGELU(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int) {
        VectorMath.map(source, destination, count: count) { x in x * VectorMath.sigmoid(1.702 * x) }
    }

    /// GEGLU as diffusers' `GEGLU`: each row of `2F` values is split into `hidden, gate` halves and
    /// becomes `hidden · gelu(gate)` (`F` values). `source` is [rows, 2F], `destination` [rows, F].
    public static func geglu(
        _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, rows: Int, features: Int
    ) {
        Parallel.forRanges(rows, minimumChunk: max(1, (1 << 15) / max(1, features))) { range in
            for row in range {
                let hidden = source + row * 2 * features
                let gate = hidden + features
                let out = destination + row * features
                var i = 0
                while i + 8 <= features {
                    VectorMath.store(VectorMath.load(hidden, i) * geluVector(VectorMath.load(gate, i)), out, i)
                    i += 8
                }
                if i < features {
                    var h = VectorMath.Vector(), g = VectorMath.Vector()
                    for lane in 0..<(features - i) {
                        h[lane] = hidden[i + lane]
                        g[lane] = gate[i + lane]
                    }
                    let y = h * geluVector(g)
                    for lane in 0..<(features - i) { out[i + lane] = y[lane] }
                }
            }
        }
    }

    @inlinable @inline(__always)
    static func geluVector(_ x: VectorMath.Vector) -> VectorMath.Vector {
        x * 0.5 * (1 + VectorMath.erf(x * 0.707_106_781_186_547_5))
    }
}
