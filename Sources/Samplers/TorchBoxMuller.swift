import Foundation

/// The Box–Muller transforms of PyTorch's CPU normal kernels, one lane at a time.
///
/// Matches `normal_fill_16_AVX2` in `aten/src/ATen/native/cpu/DistributionTemplates.h`, whose
/// logarithm and sine/cosine are the Cephes-derived polynomials of `avx_mathfun.h`. Every `fma` below
/// stands where the compiled torch kernel fuses a multiply and an add; the plain products are the
/// ones it leaves unfused. Both were established by comparing all 49,152 values of three seeds'
/// `torch.randn(16384)` bit for bit.
enum TorchBoxMuller {
    /// Turns 16 uniforms in [0, 1) into 16 normals: lanes `j` and `j + 8` form one pair.
    static func transform16(_ data: UnsafeMutablePointer<Float>) {
        for j in 0..<8 {
            let u1: Float = 1 - data[j]
            let u2 = data[j + 8]
            let radius = (-2 * log(u1)).squareRoot()
            let theta = Float(2 * Double.pi) * u2
            let (s, c) = sinCos(theta)
            data[j] = radius * c
            data[j + 8] = radius * s
        }
    }

    /// The same pairs as `normal_fill_16` computes them without AVX2: float `log`, `cos` and `sin`
    /// from libm, and θ = 2π·u₂ rounded once from double.
    static func transform16Portable(_ data: UnsafeMutablePointer<Float>) {
        for j in 0..<8 {
            let u1: Float = 1 - data[j]
            let u2 = data[j + 8]
            let radius = (-2 * Foundation.log(u1)).squareRoot()
            let theta = Float(2 * Double.pi * Double(u2))
            data[j] = radius * Foundation.cos(theta)
            data[j + 8] = radius * Foundation.sin(theta)
        }
    }

    /// `log256_ps` for one lane (argument in (0, 1]).
    static func log(_ value: Float) -> Float {
        let clamped = max(value, Float(bitPattern: 0x0080_0000))
        let bits = clamped.bitPattern
        var e = Float(Int32(bitPattern: bits >> 23) - 0x7F) + 1
        var x = Float(bitPattern: (bits & ~0x7F80_0000) | Float(0.5).bitPattern)
        let below = x < 0.707106781186547524
        let addend: Float = below ? x : 0
        x = x - 1
        if below { e -= 1 }
        x = x + addend
        let z = x * x
        var y: Float = 7.0376836292E-2
        y = fma(y, x, -1.1514610310E-1)
        y = fma(y, x, 1.1676998740E-1)
        y = fma(y, x, -1.2420140846E-1)
        y = fma(y, x, 1.4249322787E-1)
        y = fma(y, x, -1.6668057665E-1)
        y = fma(y, x, 2.0000714765E-1)
        y = fma(y, x, -2.4999993993E-1)
        y = fma(y, x, 3.3333331174E-1)
        y = y * x
        y = fma(y, z, e * -2.12194440e-4)
        y = fma(z, -0.5, y)
        x = x + y
        return fma(e, 0.693359375, x)
    }

    /// `sincos256_ps` for one lane (argument ≥ 0).
    static func sinCos(_ value: Float) -> (sin: Float, cos: Float) {
        var x = abs(value)
        let scaled = x * 1.27323954473516
        var j = Int32(scaled)
        j = (j &+ 1) & ~1
        let y = Float(j)
        let swapSinSign = j & 4 != 0
        let useSinPolynomial = j & 2 == 0
        x = fma(y, -0.78515625, x)
        x = fma(y, -2.4187564849853515625e-4, x)
        x = fma(y, -3.77489497744594108e-8, x)
        let cosSignNegative = ~(j &- 2) & 4 != 0
        let z = x * x
        var cosPoly: Float = 2.443315711809948E-005
        cosPoly = fma(cosPoly, z, -1.388731625493765E-003)
        cosPoly = fma(cosPoly, z, 4.166664568298827E-002)
        cosPoly = cosPoly * z
        cosPoly = fma(cosPoly, z, -(z * 0.5))
        cosPoly = cosPoly + 1
        var sinPoly: Float = -1.9515295891E-4
        sinPoly = fma(sinPoly, z, 8.3321608736E-3)
        sinPoly = fma(sinPoly, z, -1.6666654611E-1)
        sinPoly = sinPoly * z
        sinPoly = fma(sinPoly, x, x)
        var s = useSinPolynomial ? sinPoly : cosPoly
        var c = useSinPolynomial ? cosPoly : sinPoly
        if swapSinSign { s = -s }
        if cosSignNegative { c = -c }
        return (s, c)
    }

    @inline(__always)
    private static func fma(_ a: Float, _ b: Float, _ c: Float) -> Float {
        c.addingProduct(a, b)
    }
}
