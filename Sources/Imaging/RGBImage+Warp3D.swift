/// Deforum's flat-depth 3D warp: `grid_sample` of the previous frame at the positions
/// `Motion3D.sourceCoordinates` gives, then `clamp(0, 255)` and a truncating cast to uint8, as
/// `transform_image_3d_new` does. Deforum runs this in float32 torch ops; here the coordinates
/// and the interpolation are double precision, so a value that lands within float32 rounding of an
/// integer can truncate the other way (at most 1 level).
extension RGBImage {
    /// This image as the camera moves by `motion`, sampled with `sampling` and `padding`
    /// (Deforum's defaults: bicubic, border).
    public func warped(by motion: Motion3D, sampling: SamplingMode = .bicubic,
                       padding: PaddingMode = .border) -> RGBImage {
        guard width > 0, height > 0 else { return self }
        let coordinates = motion.sourceCoordinates(width: width, height: height)
        let sampler = GridSampler(width: width, height: height, padding: padding)
        var out = RGBImage(width: width, height: height)
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for (index, position) in coordinates.enumerated() {
                    var value = (0.0, 0.0, 0.0)
                    switch sampling {
                    case .bicubic: value = bicubic(src, sampler, position.x, position.y)
                    case .bilinear: value = bilinear(src, sampler, position.x, position.y)
                    case .nearest: value = nearest(src, sampler, position.x, position.y)
                    }
                    dst[index * 3] = truncatedByte(value.0)
                    dst[index * 3 + 1] = truncatedByte(value.1)
                    dst[index * 3 + 2] = truncatedByte(value.2)
                }
            }
        }
        return out
    }

    private func pixel(_ src: UnsafeBufferPointer<UInt8>, _ x: Int?, _ y: Int?) -> (Double, Double, Double) {
        guard let x, let y, x >= 0, x < width, y >= 0, y < height else { return (0, 0, 0) }
        let o = (y * width + x) * 3
        return (Double(src[o]), Double(src[o + 1]), Double(src[o + 2]))
    }

    private func bicubic(_ src: UnsafeBufferPointer<UInt8>, _ sampler: GridSampler,
                         _ x: Double, _ y: Double) -> (Double, Double, Double) {
        guard x.isFinite, y.isFinite else { return (0, 0, 0) }
        let x0 = x.rounded(.down), y0 = y.rounded(.down)
        let wx = GridSampler.cubicWeights(x - x0)
        let wy = GridSampler.cubicWeights(y - y0)
        let weightsX = [wx.0, wx.1, wx.2, wx.3]
        let weightsY = [wy.0, wy.1, wy.2, wy.3]
        let ix = Int(x0), iy = Int(y0)
        var sum = (0.0, 0.0, 0.0)
        for dy in 0..<4 {
            let row = sampler.tapIndex(iy - 1 + dy, size: height)
            var line = (0.0, 0.0, 0.0)
            for dx in 0..<4 {
                let p = pixel(src, sampler.tapIndex(ix - 1 + dx, size: width), row)
                line.0 += p.0 * weightsX[dx]
                line.1 += p.1 * weightsX[dx]
                line.2 += p.2 * weightsX[dx]
            }
            sum.0 += line.0 * weightsY[dy]
            sum.1 += line.1 * weightsY[dy]
            sum.2 += line.2 * weightsY[dy]
        }
        return sum
    }

    private func bilinear(_ src: UnsafeBufferPointer<UInt8>, _ sampler: GridSampler,
                          _ x: Double, _ y: Double) -> (Double, Double, Double) {
        let sx = sampler.sourceCoordinate(x, size: width)
        let sy = sampler.sourceCoordinate(y, size: height)
        guard sx.isFinite, sy.isFinite, abs(sx) < 1e9, abs(sy) < 1e9 else { return (0, 0, 0) }
        let x0 = sx.rounded(.down), y0 = sy.rounded(.down)
        let fx = sx - x0, fy = sy - y0
        let ix = Int(x0), iy = Int(y0)
        let p00 = pixel(src, ix, iy), p01 = pixel(src, ix + 1, iy)
        let p10 = pixel(src, ix, iy + 1), p11 = pixel(src, ix + 1, iy + 1)
        func mix(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Double {
            a * (1 - fx) * (1 - fy) + b * fx * (1 - fy) + c * (1 - fx) * fy + d * fx * fy
        }
        return (mix(p00.0, p01.0, p10.0, p11.0), mix(p00.1, p01.1, p10.1, p11.1), mix(p00.2, p01.2, p10.2, p11.2))
    }

    private func nearest(_ src: UnsafeBufferPointer<UInt8>, _ sampler: GridSampler,
                         _ x: Double, _ y: Double) -> (Double, Double, Double) {
        let sx = sampler.sourceCoordinate(x, size: width).rounded(.toNearestOrEven)
        let sy = sampler.sourceCoordinate(y, size: height).rounded(.toNearestOrEven)
        guard sx.isFinite, sy.isFinite, abs(sx) < 1e9, abs(sy) < 1e9 else { return (0, 0, 0) }
        return pixel(src, Int(sx), Int(sy))
    }
}

/// `clamp(0, 255)` then numpy's `astype(uint8)`: truncation toward zero.
@inline(__always)
func truncatedByte(_ value: Double) -> UInt8 {
    guard value > 0 else { return 0 }
    return value >= 255 ? 255 : UInt8(value)
}
