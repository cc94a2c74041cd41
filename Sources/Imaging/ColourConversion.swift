import Foundation

/// OpenCV's 8-bit colour conversions that Deforum's colour coherence uses
/// (`imgproc/src/color_hsv.simd.hpp`, `color_lab.cpp`), on interleaved 3-byte pixels.
enum ColourConversion {
    // MARK: HSV (H in [0, 180), S and V in [0, 255])

    private static let hsvShift = 12
    /// `sdiv_table`: round(255·2¹² / v).
    private static let saturationDivisors: [Int] = (0..<256).map {
        $0 == 0 ? 0 : Int((Double(255 << hsvShift) / Double($0)).rounded(.toNearestOrEven))
    }
    /// `hdiv_table180`: round(180·2¹² / (6·d)).
    private static let hueDivisors: [Int] = (0..<256).map {
        $0 == 0 ? 0 : Int((Double(180 << hsvShift) / (6.0 * Double($0))).rounded(.toNearestOrEven))
    }

    /// `COLOR_RGB2HSV` on bytes `(c0, c1, c2)` read as (R, G, B): OpenCV's integer algorithm.
    static func rgbToHSV(_ r: Int, _ g: Int, _ b: Int) -> (UInt8, UInt8, UInt8) {
        let v = max(r, g, b)
        let vmin = min(r, g, b)
        let diff = v - vmin
        let s = (diff * saturationDivisors[v] + (1 << (hsvShift - 1))) >> hsvShift
        var h: Int
        if v == r {
            h = g - b
        } else if v == g {
            h = b - r + 2 * diff
        } else {
            h = r - g + 4 * diff
        }
        h = (h * hueDivisors[diff] + (1 << (hsvShift - 1))) >> hsvShift
        if h < 0 { h += 180 }
        return (UInt8(clamping: h), UInt8(clamping: s), UInt8(clamping: v))
    }

    /// `COLOR_HSV2RGB` for 8-bit data: OpenCV converts to float (`h`, `s/255`, `v/255`), runs
    /// `HSV2RGB_native` with hue scale 6/180 and stores `round(x·255)`.
    static func hsvToRGB(_ hByte: UInt8, _ sByte: UInt8, _ vByte: UInt8) -> (UInt8, UInt8, UInt8) {
        let s = Float(sByte) * (1 / 255 as Float)
        let v = Float(vByte) * (1 / 255 as Float)
        var r = v, g = v, b = v
        if s != 0 {
            var h = Float(hByte) * (6 / 180 as Float)
            h = fmodf(h, 6)
            var sector = Int(h.rounded(.down))
            h -= Float(sector)
            if sector < 0 || sector >= 6 {
                sector = 0
                h = 0
            }
            let tab: [Float] = [v, v * (1 - s), v * (1 - s * h), v * (1 - s * (1 - h))]
            let sectors: [(Int, Int, Int)] = [(1, 3, 0), (1, 0, 2), (3, 0, 1), (0, 2, 1), (0, 1, 3), (2, 1, 0)]
            let (bi, gi, ri) = sectors[sector]
            b = tab[bi]
            g = tab[gi]
            r = tab[ri]
        }
        func byte(_ x: Float) -> UInt8 { saturatingByte(Double((x * 255).rounded(.toNearestOrEven))) }
        return (byte(r), byte(g), byte(b))
    }

    // MARK: Lab (L·255/100, a+128, b+128; sRGB, D65)

    private static let labShift = 12
    private static let labShift2 = 15
    private static let gammaShift = 3
    private static let whitePoint: [Double] = [0.950456, 1.0, 1.088754]
    private static let rgbToXYZ: [Double] = [0.412453, 0.357580, 0.180423,
                                             0.212671, 0.715160, 0.072169,
                                             0.019334, 0.119193, 0.950227]
    private static let xyzToRGB: [Double] = [3.240479, -1.53715, -0.498535,
                                             -0.969256, 1.875991, 0.041556,
                                             0.055648, -0.204043, 1.057311]

    /// `sRGBGammaTab_b`: linearised sRGB with 3 fractional bits.
    private static let gammaTable: [Int] = (0..<256).map { i in
        let x = Double(i) / 255
        let linear = x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4)
        return Int((255.0 * Double(1 << gammaShift) * linear).rounded(.toNearestOrEven))
    }
    /// `LabCbrtTab_b`: the Lab companding `f` with 15 fractional bits.
    private static let cubeRootTable: [Int] = (0..<(256 * 3 / 2 * (1 << gammaShift))).map { i in
        let x = Double(i) / (255.0 * Double(1 << gammaShift))
        let f = x < 0.008856 ? x * 7.787 + 16.0 / 116.0 : cbrt(x)
        return min(65535, Int((Double(1 << labShift2) * f).rounded(.toNearestOrEven)))
    }
    /// The RGB→XYZ/white coefficients with 12 fractional bits.
    private static let labCoefficients: [Int] = (0..<9).map { k in
        Int((Double(1 << labShift) * rgbToXYZ[k] / whitePoint[k / 3]).rounded(.toNearestOrEven))
    }

    @inline(__always)
    private static func descale(_ x: Int, _ n: Int) -> Int { (x + (1 << (n - 1))) >> n }

    /// `COLOR_RGB2LAB` for 8-bit data: OpenCV's integer algorithm (`RGB2Lab_b`).
    static func rgbToLab(_ r: Int, _ g: Int, _ b: Int) -> (UInt8, UInt8, UInt8) {
        let c = labCoefficients
        let rl = gammaTable[r], gl = gammaTable[g], bl = gammaTable[b]
        let fx = cubeRootTable[descale(rl * c[0] + gl * c[1] + bl * c[2], labShift)]
        let fy = cubeRootTable[descale(rl * c[3] + gl * c[4] + bl * c[5], labShift)]
        let fz = cubeRootTable[descale(rl * c[6] + gl * c[7] + bl * c[8], labShift)]
        let lScale = (116 * 255 + 50) / 100
        let lShift = -((16 * 255 * (1 << labShift2) + 50) / 100)
        let l = descale(lScale * fy + lShift, labShift2)
        let a = descale(500 * (fx - fy) + 128 * (1 << labShift2), labShift2)
        let bb = descale(200 * (fy - fz) + 128 * (1 << labShift2), labShift2)
        return (UInt8(clamping: l), UInt8(clamping: a), UInt8(clamping: bb))
    }

    /// `COLOR_LAB2RGB` for 8-bit data through OpenCV's float formula (`Lab2RGB_f`): L·100/255,
    /// a−128, b−128 to XYZ, to linear sRGB clamped to [0, 1], sRGB gamma, `round(x·255)`.
    static func labToRGB(_ lByte: UInt8, _ aByte: UInt8, _ bByte: UInt8) -> (UInt8, UInt8, UInt8) {
        let l = Double(lByte) * (100.0 / 255.0)
        let a = Double(aByte) - 128
        let b = Double(bByte) - 128
        let y: Double
        let fy: Double
        if l <= 7.9996248 {
            y = l / 903.3
            fy = 7.787 * y + 16.0 / 116.0
        } else {
            fy = (l + 16.0) / 116.0
            y = fy * fy * fy
        }
        func finv(_ f: Double) -> Double { f <= 6.0 / 29.0 ? (f - 16.0 / 116.0) / 7.787 : f * f * f }
        let x = finv(a / 500.0 + fy)
        let z = finv(fy - b / 200.0)
        let m = xyzToRGB
        func channel(_ row: Int) -> UInt8 {
            var v = m[row * 3] * whitePoint[0] * x + m[row * 3 + 1] * whitePoint[1] * y + m[row * 3 + 2] * whitePoint[2] * z
            v = min(max(v, 0), 1)
            let encoded = v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1.0 / 2.4) - 0.055
            return saturatingByte((encoded * 255).rounded(.toNearestOrEven))
        }
        return (channel(0), channel(1), channel(2))
    }
}
