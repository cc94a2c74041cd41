import Foundation

/// `cv2.GaussianBlur(img, (k, k), sigma)` on 8-bit images, bit-exact with OpenCV's fixed-point
/// path (`imgproc/src/smooth.dispatch.cpp`: `getGaussianKernelBitExact`, the error-diffused
/// 8-bit-fraction kernel of `getGaussianKernelFixedPoint_ED`, then separable filtering with
/// 16-bit-fraction accumulation rounded half up). The border is `BORDER_REFLECT_101`
/// (`gfedcb|abcdefgh|gfedcba`), OpenCV's default.
extension RGBImage {
    /// This image blurred by a `kernelSize`×`kernelSize` Gaussian of standard deviation `sigma`
    /// (`sigma ≤ 0` derives it from the size as OpenCV does). Throws for an even or non-positive size.
    public func gaussianBlurred(kernelSize: Int, sigma: Double) throws -> RGBImage {
        guard kernelSize > 0, kernelSize % 2 == 1 else { throw ImagingError.invalidKernelSize(kernelSize) }
        let kernel = Self.fixedPointGaussianKernel(size: kernelSize, sigma: sigma)
        guard width > 0, height > 0 else { return self }
        let radius = kernelSize / 2
        let columns = (0..<(width + 2 * radius)).map { reflect101($0 - radius, length: width) }
        let rows = (0..<(height + 2 * radius)).map { reflect101($0 - radius, length: height) }
        // Horizontal pass over every source row: 8.8 fixed point, exact.
        var horizontal = [Int](repeating: 0, count: height * width * 3)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    var sum = 0
                    for k in 0..<kernelSize {
                        sum += kernel[k] * Int(pixels[(y * width + columns[x + k]) * 3 + c])
                    }
                    horizontal[(y * width + x) * 3 + c] = sum
                }
            }
        }
        var out = RGBImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    var sum = 0
                    for k in 0..<kernelSize {
                        sum += kernel[k] * horizontal[(rows[y + k] * width + x) * 3 + c]
                    }
                    out.pixels[(y * width + x) * 3 + c] = UInt8(min(255, (sum + (1 << 15)) >> 16))
                }
            }
        }
        return out
    }

    /// OpenCV's Gaussian kernel for 8-bit images: the double kernel of `getGaussianKernelBitExact`
    /// scaled to 8 fractional bits with the rounding error carried from tap to tap, the centre tap
    /// taking whatever makes the sum exactly 256.
    static func fixedPointGaussianKernel(size n: Int, sigma: Double) -> [Int] {
        let weights = gaussianKernel(size: n, sigma: sigma)
        var out = [Int](repeating: 0, count: n)
        let half = n / 2
        var error = 0.0
        var sum = 0
        for i in 0..<half {
            let adjusted = weights[i] * 256 + error
            let value = Int(adjusted.rounded(.toNearestOrEven))
            error = adjusted - Double(value)
            out[i] = value
            out[n - 1 - i] = value
            sum += value
        }
        out[half] = 256 - 2 * sum
        return out
    }

    /// `getGaussianKernelBitExact`: the fixed binomial kernels for sizes 1–7 with `sigma ≤ 0`,
    /// otherwise `exp(−x²/(2σ²))` normalised, with `σ = 0.15·n + 0.35` when `sigma ≤ 0`.
    static func gaussianKernel(size n: Int, sigma: Double) -> [Double] {
        if sigma <= 0 {
            switch n {
            case 1: return [1]
            case 3: return [0.25, 0.5, 0.25]
            case 5: return [0.0625, 0.25, 0.375, 0.25, 0.0625]
            case 7: return [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125]
            default: break
            }
        }
        let sigmaX = sigma > 0 ? sigma : (Double(n) * 0.15 + 0.35)
        let scale = -0.125 / (sigmaX * sigmaX)
        let half = (n - 1) / 2
        var values: [Double] = []
        var sum = 0.0
        var x = 1 - n
        for _ in 0..<half {
            let t = exp(Double(x * x) * scale)
            values.append(t)
            sum += t
            x += 2
        }
        sum = sum * 2 + 1
        let normaliser = 1 / sum
        var result = [Double](repeating: 0, count: n)
        for i in 0..<half {
            result[i] = values[i] * normaliser
            result[n - 1 - i] = result[i]
        }
        result[half] = normaliser
        return result
    }
}

/// OpenCV's `BORDER_REFLECT_101` index for `index` on an axis of `length`.
func reflect101(_ index: Int, length: Int) -> Int {
    if length == 1 { return 0 }
    var p = index
    while p < 0 || p >= length {
        p = p < 0 ? -p : 2 * (length - 1) - p
    }
    return p
}
