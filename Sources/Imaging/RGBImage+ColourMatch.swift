/// The colour space in which Deforum's colour coherence matches histograms (`color_coherence`).
public enum ColourSpace: String, CaseIterable, Sendable, Codable {
    case rgb = "RGB"
    case hsv = "HSV"
    case lab = "LAB"
}

/// Deforum's colour coherence, `maintain_colors` (deforum-art/sd-webui-deforum
/// `scripts/deforum_helpers/colors.py`): per-channel exact histogram specification
/// (scikit-image `match_histograms(…, channel_axis=-1)` on uint8 data), in RGB directly or
/// between OpenCV's 8-bit HSV/Lab conversions.
///
/// When to match and against which reference (frame 0, an image, `legacy_colormatch`) is the
/// frame loop's decision; this is the pixel operation.
extension RGBImage {
    /// This image with each channel's histogram matched to `reference`'s in `space`.
    ///
    /// `swapsRedAndBlue` reproduces Deforum exactly: its frames are BGR buffers converted with
    /// OpenCV's *RGB* codes, so for HSV and Lab the red and blue channels trade places before the
    /// conversion and after the inverse (its "L" weights blue as if it were red). `false` converts
    /// the true colours. RGB matching is per channel and is the same either way.
    ///
    /// RGB and the forward conversions are bit-exact with scikit-image/OpenCV; Lab and HSV return
    /// through OpenCV's float inverse formulas, which match cv2 to within 1 level.
    public func matchingColours(to reference: RGBImage, space: ColourSpace, swapsRedAndBlue: Bool = true) -> RGBImage {
        switch space {
        case .rgb:
            return histogramMatched(to: reference)
        case .hsv:
            let matched = converted(swapsRedAndBlue, ColourConversion.rgbToHSV)
                .histogramMatched(to: reference.converted(swapsRedAndBlue, ColourConversion.rgbToHSV))
            return matched.convertedBack(swapsRedAndBlue, ColourConversion.hsvToRGB)
        case .lab:
            let matched = converted(swapsRedAndBlue, ColourConversion.rgbToLab)
                .histogramMatched(to: reference.converted(swapsRedAndBlue, ColourConversion.rgbToLab))
            return matched.convertedBack(swapsRedAndBlue, ColourConversion.labToRGB)
        }
    }

    /// Per-channel `match_histograms` for uint8 data: each source value `v` maps to
    /// `interp(cdf_src(v), cdf_ref, ref_values)` (numpy `interp`), truncated to uint8.
    func histogramMatched(to reference: RGBImage) -> RGBImage {
        var out = self
        guard !pixels.isEmpty, !reference.pixels.isEmpty else { return out }
        for channel in 0..<3 {
            var sourceCounts = [Int](repeating: 0, count: 256)
            var referenceCounts = [Int](repeating: 0, count: 256)
            for i in stride(from: channel, to: pixels.count, by: 3) { sourceCounts[Int(pixels[i])] += 1 }
            for i in stride(from: channel, to: reference.pixels.count, by: 3) { referenceCounts[Int(reference.pixels[i])] += 1 }
            let sourceSize = Double(pixels.count / 3)
            let referenceSize = Double(reference.pixels.count / 3)
            var referenceValues: [Double] = []
            var referenceQuantiles: [Double] = []
            var running = 0
            for value in 0..<256 where referenceCounts[value] > 0 {
                running += referenceCounts[value]
                referenceValues.append(Double(value))
                referenceQuantiles.append(Double(running) / referenceSize)
            }
            var lookup = [UInt8](repeating: 0, count: 256)
            running = 0
            for value in 0..<256 {
                running += sourceCounts[value]
                let mapped = numpyInterp(Double(running) / sourceSize, referenceQuantiles, referenceValues)
                lookup[value] = UInt8(mapped)
            }
            for i in stride(from: channel, to: pixels.count, by: 3) { out.pixels[i] = lookup[Int(pixels[i])] }
        }
        return out
    }

    /// Each pixel through `convert`, reading (c0, c1, c2) — or (c2, c1, c0) when `swap`.
    private func converted(_ swap: Bool, _ convert: (Int, Int, Int) -> (UInt8, UInt8, UInt8)) -> RGBImage {
        var out = self
        for i in stride(from: 0, to: pixels.count, by: 3) {
            let (a, b, c) = swap
                ? convert(Int(pixels[i + 2]), Int(pixels[i + 1]), Int(pixels[i]))
                : convert(Int(pixels[i]), Int(pixels[i + 1]), Int(pixels[i + 2]))
            out.pixels[i] = a
            out.pixels[i + 1] = b
            out.pixels[i + 2] = c
        }
        return out
    }

    /// Each pixel through the inverse `convert`, writing (c2, c1, c0) when `swap`.
    private func convertedBack(_ swap: Bool, _ convert: (UInt8, UInt8, UInt8) -> (UInt8, UInt8, UInt8)) -> RGBImage {
        var out = self
        for i in stride(from: 0, to: pixels.count, by: 3) {
            let (r, g, b) = convert(pixels[i], pixels[i + 1], pixels[i + 2])
            out.pixels[i] = swap ? b : r
            out.pixels[i + 1] = g
            out.pixels[i + 2] = swap ? r : b
        }
        return out
    }
}

/// numpy's `interp(x, xp, fp)` for increasing `xp`: the end values outside, exact knots returned
/// as is, otherwise `slope·(x − xp[j]) + fp[j]`.
func numpyInterp(_ x: Double, _ xp: [Double], _ fp: [Double]) -> Double {
    guard let last = xp.indices.last else { return 0 }
    if x < xp[0] { return fp[0] }
    if x >= xp[last] { return fp[last] }
    var lo = 0
    var hi = last
    while hi - lo > 1 {
        let mid = (lo + hi) / 2
        if xp[mid] <= x { lo = mid } else { hi = mid }
    }
    if xp[lo] == x { return fp[lo] }
    let slope = (fp[lo + 1] - fp[lo]) / (xp[lo + 1] - xp[lo])
    return slope * (x - xp[lo]) + fp[lo]
}
