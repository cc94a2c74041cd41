/// Conversions between 8-bit images and the planar float images the VAE takes and returns,
/// as diffusers' `VaeImageProcessor` (and A1111) do them.
extension RGBImage {
    /// Channel-first (CHW: all R, then all G, then all B) float32 values in [−1, 1]:
    /// `2·(p/255) − 1`, computed in float32 as `np.float32(p) / 255.0` then `2.0 * x - 1.0`.
    public func planarSigned() -> [Float] {
        let plane = width * height
        var out = [Float](repeating: 0, count: plane * 3)
        for i in 0..<plane {
            for c in 0..<3 {
                out[c * plane + i] = 2 * (Float(pixels[i * 3 + c]) / 255) - 1
            }
        }
        return out
    }

    /// The image from CHW float values in [−1, 1]: `(x/2 + 0.5)` clamped to [0, 1], times 255,
    /// rounded half to even (`(images * 255).round().astype("uint8")`), all in float32; NaN becomes 0.
    /// `planar.count` must be `3·width·height`.
    public init(planarSigned planar: [Float], width: Int, height: Int) {
        let plane = width * height
        precondition(planar.count == plane * 3, "\(planar.count) values for a 3×\(height)×\(width) image")
        var pixels = [UInt8](repeating: 0, count: plane * 3)
        for i in 0..<plane {
            for c in 0..<3 {
                let x = planar[c * plane + i]
                let unit = x.isNaN ? 0 : min(max(x / 2 + 0.5, 0), 1)
                pixels[i * 3 + c] = UInt8((unit * 255).rounded(.toNearestOrEven))
            }
        }
        self.init(width: width, height: height, pixels: pixels)
    }
}
