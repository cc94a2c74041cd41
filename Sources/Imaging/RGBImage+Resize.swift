import Foundation

/// Resizing as Pillow's `Image.resize(size, Image.LANCZOS)` does it (`libImaging/Resample.c`):
/// a separable Lanczos-3 filter widened by the scale when shrinking, coefficients normalised in
/// double precision and converted to 22-bit fixed point, a horizontal pass then a vertical pass,
/// each rounding and clipping to 8 bits. Bit-exact with Pillow.
extension RGBImage {
    /// This image resized to `width`×`height` (Deforum's init and colour-reference images:
    /// `image.resize((W, H), resample=LANCZOS)`).
    public func resized(width newWidth: Int, height newHeight: Int) -> RGBImage {
        precondition(newWidth > 0 && newHeight > 0, "resize to \(newWidth)×\(newHeight)")
        guard width > 0, height > 0 else { return RGBImage(width: newWidth, height: newHeight) }
        if newWidth == width && newHeight == height { return self }
        let horizontal = LanczosCoefficients(inputSize: width, outputSize: newWidth)
        let vertical = LanczosCoefficients(inputSize: height, outputSize: newHeight)
        var image = self
        if newWidth != width {
            // Only the source rows the vertical pass reads are filtered horizontally.
            let firstRow = vertical.bounds.first?.start ?? 0
            let lastRow = vertical.bounds.last.map { $0.start + $0.count } ?? height
            let rows = newHeight != height ? firstRow..<lastRow : 0..<height
            image = horizontallyResampled(rows: rows, coefficients: horizontal)
            if newHeight != height {
                var shifted = vertical
                shifted.bounds = vertical.bounds.map { (start: $0.start - firstRow, count: $0.count) }
                return image.verticallyResampled(coefficients: shifted)
            }
            return image
        }
        return image.verticallyResampled(coefficients: vertical)
    }

    /// Deforum/A1111 "resize and crop" (`resize_mode` 1): scale to cover `width`×`height`
    /// keeping the aspect ratio (the other side `src·target/src` with integer division), Lanczos,
    /// then crop the centre as A1111's `resize_image` pastes it.
    public func resizedAndCropped(width targetWidth: Int, height targetHeight: Int) -> RGBImage {
        precondition(targetWidth > 0 && targetHeight > 0, "resize to \(targetWidth)×\(targetHeight)")
        guard width > 0, height > 0 else { return RGBImage(width: targetWidth, height: targetHeight) }
        let ratio = Double(targetWidth) / Double(targetHeight)
        let sourceRatio = Double(width) / Double(height)
        let scaledWidth = ratio > sourceRatio ? targetWidth : width * targetHeight / height
        let scaledHeight = ratio <= sourceRatio ? targetHeight : height * targetWidth / width
        let scaled = resized(width: max(scaledWidth, 1), height: max(scaledHeight, 1))
        let offsetX = targetWidth / 2 - scaled.width / 2
        let offsetY = targetHeight / 2 - scaled.height / 2
        var out = RGBImage(width: targetWidth, height: targetHeight)
        for y in 0..<targetHeight {
            let sy = y - offsetY
            guard sy >= 0, sy < scaled.height else { continue }
            for x in 0..<targetWidth {
                let sx = x - offsetX
                guard sx >= 0, sx < scaled.width else { continue }
                out[x, y] = scaled[sx, sy]
            }
        }
        return out
    }

    private func horizontallyResampled(rows: Range<Int>, coefficients k: LanczosCoefficients) -> RGBImage {
        var out = RGBImage(width: k.outputSize, height: rows.count)
        for (outRow, y) in rows.enumerated() {
            for x in 0..<k.outputSize {
                let (start, count) = k.bounds[x]
                for c in 0..<3 {
                    var sum = 1 << (LanczosCoefficients.precisionBits - 1)
                    for t in 0..<count {
                        sum += Int(pixels[(y * width + start + t) * 3 + c]) * k.weights[x * k.kernelSize + t]
                    }
                    out.pixels[(outRow * k.outputSize + x) * 3 + c] = LanczosCoefficients.clip8(sum)
                }
            }
        }
        return out
    }

    private func verticallyResampled(coefficients k: LanczosCoefficients) -> RGBImage {
        var out = RGBImage(width: width, height: k.outputSize)
        for y in 0..<k.outputSize {
            let (start, count) = k.bounds[y]
            for x in 0..<width {
                for c in 0..<3 {
                    var sum = 1 << (LanczosCoefficients.precisionBits - 1)
                    for t in 0..<count {
                        sum += Int(pixels[((start + t) * width + x) * 3 + c]) * k.weights[y * k.kernelSize + t]
                    }
                    out.pixels[(y * width + x) * 3 + c] = LanczosCoefficients.clip8(sum)
                }
            }
        }
        return out
    }
}

/// Pillow's `precompute_coeffs` for the Lanczos filter plus `normalize_coeffs_8bpc`.
struct LanczosCoefficients {
    static let precisionBits = 32 - 8 - 2
    let outputSize: Int
    let kernelSize: Int
    /// Per output pixel: the first input pixel and how many are used.
    var bounds: [(start: Int, count: Int)]
    /// `outputSize × kernelSize` fixed-point weights.
    let weights: [Int]

    init(inputSize: Int, outputSize: Int) {
        let support = 3.0
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1.0)
        let scaledSupport = support * filterScale
        let kernelSize = Int(scaledSupport.rounded(.up)) * 2 + 1
        var bounds: [(start: Int, count: Int)] = []
        var weights = [Int](repeating: 0, count: outputSize * kernelSize)
        for xx in 0..<outputSize {
            let center = (Double(xx) + 0.5) * scale
            let inverseScale = 1.0 / filterScale
            let xmin = max(Int(center - scaledSupport + 0.5), 0)
            let xmax = min(Int(center + scaledSupport + 0.5), inputSize) - xmin
            var k = [Double](repeating: 0, count: max(xmax, 0))
            var total = 0.0
            for x in 0..<max(xmax, 0) {
                let w = Self.lanczos((Double(x + xmin) - center + 0.5) * inverseScale)
                k[x] = w
                total += w
            }
            for x in 0..<k.count {
                let normalised = total != 0 ? k[x] / total : k[x]
                let fixed = normalised * Double(1 << Self.precisionBits)
                weights[xx * kernelSize + x] = normalised < 0 ? Int(-0.5 + fixed) : Int(0.5 + fixed)
            }
            bounds.append((xmin, max(xmax, 0)))
        }
        self.outputSize = outputSize
        self.kernelSize = kernelSize
        self.bounds = bounds
        self.weights = weights
    }

    static func lanczos(_ x: Double) -> Double {
        guard x >= -3.0 && x < 3.0 else { return 0 }
        return sinc(x) * sinc(x / 3.0)
    }

    static func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let t = x * Double.pi
        return sin(t) / t
    }

    static func clip8(_ value: Int) -> UInt8 {
        if value >= (1 << precisionBits) << 8 { return 255 }
        if value <= 0 { return 0 }
        return UInt8(value >> precisionBits)
    }
}
