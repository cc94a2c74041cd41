/// The 2D warp of Deforum's frame loop: `cv2.warpPerspective(src, M, (W, H), INTER_LINEAR,
/// border)`, the output the same size as the input.
///
/// Follows OpenCV 5.x's `warpPerspectiveLinearInvoker_8UC3` (`imgproc/src/warp_kernels.simd.hpp`):
/// the matrix is inverted in double precision and rounded to float32; each destination pixel
/// `(x, y)` samples the source at `(M₀x + M₁y + M₂, M₃x + M₄y + M₅) / (M₆x + M₇y + M₈)`, each row
/// computed as `fma(M₀, x, fma(y, M₁, M₂))` in float32; bilinear weights are the float32 fractions,
/// blended with fused multiply-adds and rounded half to even. Out-of-range taps follow `border`.
/// OpenCV 4.x (Deforum's A1111-era environment) quantised the fractions to 1/32 pixel instead,
/// which differs from this by at most 1–2 levels.
extension RGBImage {
    /// This image warped by the source-to-destination `matrix`. A singular matrix leaves it as is.
    public func warped(by matrix: ProjectiveMatrix, border: BorderMode = .replicate) -> RGBImage {
        guard width > 0, height > 0, let inverse = matrix.inverted() else { return self }
        let m = inverse.entries.map { Float($0) }
        var out = RGBImage(width: width, height: height)
        let cols = width
        let rows = height
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for y in 0..<rows {
                    let fy = Float(y)
                    let rowX = m[2].addingProduct(fy, m[1])
                    let rowY = m[5].addingProduct(fy, m[4])
                    let rowW = m[8].addingProduct(fy, m[7])
                    for x in 0..<cols {
                        let fx = Float(x)
                        let w = rowW.addingProduct(m[6], fx)
                        let sx = rowX.addingProduct(m[0], fx) / w
                        let sy = rowY.addingProduct(m[3], fx) / w
                        let value = bilinearSample(src, sx: sx, sy: sy, border: border)
                        let o = (y * cols + x) * 3
                        dst[o] = value.0
                        dst[o + 1] = value.1
                        dst[o + 2] = value.2
                    }
                }
            }
        }
        return out
    }

    /// One bilinear sample at source position `(sx, sy)` as OpenCV's float warp kernels take it.
    @inline(__always)
    private func bilinearSample(_ src: UnsafeBufferPointer<UInt8>, sx: Float, sy: Float,
                                border: BorderMode) -> (UInt8, UInt8, UInt8) {
        let ix = floorToInt32(sx)
        let iy = floorToInt32(sy)
        let ax = sx - Float(ix)
        let ay = sy - Float(iy)
        var t00 = -1, t01 = -1, t10 = -1, t11 = -1
        if ix >= 0 && ix < width - 1 && iy >= 0 && iy < height - 1 {
            t00 = (iy * width + ix) * 3
            t01 = t00 + 3
            t10 = t00 + width * 3
            t11 = t10 + 3
        } else {
            if border == .zeros && (ix >= width || ix < -1 || iy >= height || iy < -1) {
                return (0, 0, 0)
            }
            let x0 = border.resolve(ix, length: width), x1 = border.resolve(ix + 1, length: width)
            let y0 = border.resolve(iy, length: height), y1 = border.resolve(iy + 1, length: height)
            func offset(_ px: Int?, _ py: Int?) -> Int {
                guard let px, let py else { return -1 }
                return (py * width + px) * 3
            }
            t00 = offset(x0, y0)
            t01 = offset(x1, y0)
            t10 = offset(x0, y1)
            t11 = offset(x1, y1)
        }
        func channel(_ c: Int) -> UInt8 {
            let p00 = t00 >= 0 ? Float(src[t00 + c]) : 0
            let p01 = t01 >= 0 ? Float(src[t01 + c]) : 0
            let p10 = t10 >= 0 ? Float(src[t10 + c]) : 0
            let p11 = t11 >= 0 ? Float(src[t11 + c]) : 0
            let v0 = p00.addingProduct(ax, p01 - p00)
            let v1 = p10.addingProduct(ax, p11 - p10)
            let v = v0.addingProduct(ay, v1 - v0)
            return saturatingByte(Double(v.rounded(.toNearestOrEven)))
        }
        return (channel(0), channel(1), channel(2))
    }
}

/// `floor` converted to a 32-bit integer as SIMD `cvFloor` does: NaN and values beyond the int32
/// range become `Int32.min`.
@inline(__always)
func floorToInt32(_ value: Float) -> Int {
    guard value.isFinite, value >= -2_147_483_648, value < 2_147_483_648 else { return Int(Int32.min) }
    return Int(value.rounded(.down))
}
