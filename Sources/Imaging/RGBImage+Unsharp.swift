/// Deforum's anti-blur, `unsharp_mask` (deforum-art/sd-webui-deforum
/// `scripts/deforum_helpers/image_sharpening.py`), without its optional mask.
extension RGBImage {
    /// `sharp = clip((amount + 1)·img − amount·GaussianBlur(img, (k, k), sigma), 0, 255)`, computed
    /// in double precision and rounded half to even; where `threshold > 0` and
    /// `|img − blur| < threshold` the original pixel is kept. That difference is numpy's uint8
    /// subtraction, which wraps modulo 256 (so a pixel darker than its blur usually counts as high
    /// contrast). `amount == 0` returns the image unchanged, as Deforum does.
    ///
    /// Bit-exact with Deforum given OpenCV's fixed-point blur. Throws for a kernel size that is not
    /// a positive odd number.
    public func unsharpMasked(kernelSize: Int, sigma: Double, amount: Double, threshold: Double) throws -> RGBImage {
        if amount == 0 { return self }
        let blurred = try gaussianBlurred(kernelSize: kernelSize, sigma: sigma)
        var out = self
        let gain = amount + 1
        for i in 0..<pixels.count {
            let original = pixels[i]
            let blur = blurred.pixels[i]
            if threshold > 0 && Double(original &- blur) < threshold { continue }
            let sharp = gain * Double(original) - amount * Double(blur)
            out.pixels[i] = saturatingByte(min(max(sharp, 0), 255).rounded(.toNearestOrEven))
        }
        return out
    }
}
