import CFFmpeg
import Imaging

/// Turns RGB frames into GIF's 8-bit paletted frames: a 256-colour palette per frame by median cut
/// (Heckbert 1982) over a 15-bit colour histogram, then Floyd–Steinberg error diffusion onto it —
/// an adaptive, dithered palette rather than a fixed web palette (what ffmpeg's
/// `palettegen`/`paletteuse` filters do, without linking libavfilter).
final class GIFQuantizer {
    /// One histogram cell: a 5-bit-per-channel colour, how often it occurs and its summed true colour.
    private struct Cell {
        var key: Int
        var count: Int
        var r: Int, g: Int, b: Int
    }

    /// A `pal8` frame for `image`: indices in plane 0, the 256 ARGB palette entries in plane 1.
    func paletteFrame(from image: RGBImage) throws -> FFmpegFrame {
        let palette = Self.medianCutPalette(image, colours: 256)
        let indices = Self.dither(image, palette: palette)
        let frame = try FFmpegFrame(width: image.width, height: image.height, format: AV_PIX_FMT_PAL8)
        let stride = Int(frame.pointer.pointee.linesize.0)
        guard let plane = frame.pointer.pointee.data.0, let paletteBytes = frame.pointer.pointee.data.1 else {
            throw FFmpegError(code: zt_averror(ENOMEM))
        }
        for y in 0..<image.height {
            for x in 0..<image.width { plane[y * stride + x] = indices[y * image.width + x] }
        }
        paletteBytes.withMemoryRebound(to: UInt32.self, capacity: 256) { entries in
            for i in 0..<256 {
                let c = i < palette.count ? palette[i] : (0, 0, 0)
                entries[i] = 0xFF00_0000 | UInt32(c.0) << 16 | UInt32(c.1) << 8 | UInt32(c.2)
            }
        }
        return frame
    }

    /// Up to `colours` representative colours of `image`: boxes of the colour histogram are split
    /// at the pixel-count median of their longest axis until there are `colours` boxes; each box
    /// contributes its pixels' mean colour.
    static func medianCutPalette(_ image: RGBImage, colours: Int) -> [(UInt8, UInt8, UInt8)] {
        var histogram = [Cell?](repeating: nil, count: 32768)
        image.pixels.withUnsafeBufferPointer { p in
            for i in stride(from: 0, to: p.count, by: 3) {
                let r = Int(p[i]), g = Int(p[i + 1]), b = Int(p[i + 2])
                let key = (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3)
                if histogram[key] == nil { histogram[key] = Cell(key: key, count: 0, r: 0, g: 0, b: 0) }
                histogram[key]!.count += 1
                histogram[key]!.r += r
                histogram[key]!.g += g
                histogram[key]!.b += b
            }
        }
        var boxes: [[Cell]] = [histogram.compactMap { $0 }]
        while boxes.count < colours {
            // Split the box with the widest spread weighted by pixel count; stop when none can split.
            var best = -1
            var bestScore = 0
            var bestAxis = 0
            for (index, box) in boxes.enumerated() where box.count > 1 {
                let (axis, range) = widestAxis(box)
                let score = range * box.reduce(0) { $0 + $1.count }
                if score > bestScore { best = index; bestScore = score; bestAxis = axis }
            }
            guard best >= 0 else { break }
            let sorted = boxes[best].sorted { channel($0.key, bestAxis) < channel($1.key, bestAxis) }
            let total = sorted.reduce(0) { $0 + $1.count }
            var running = 0
            var split = 1
            for (i, cell) in sorted.enumerated().dropLast() {
                running += cell.count
                split = i + 1
                if running * 2 >= total { break }
            }
            boxes[best] = Array(sorted[..<split])
            boxes.append(Array(sorted[split...]))
        }
        return boxes.map { box in
            let n = max(1, box.reduce(0) { $0 + $1.count })
            let r = box.reduce(0) { $0 + $1.r }, g = box.reduce(0) { $0 + $1.g }, b = box.reduce(0) { $0 + $1.b }
            return (UInt8((r + n / 2) / n), UInt8((g + n / 2) / n), UInt8((b + n / 2) / n))
        }
    }

    private static func channel(_ key: Int, _ axis: Int) -> Int { (key >> (10 - 5 * axis)) & 31 }

    private static func widestAxis(_ box: [Cell]) -> (axis: Int, range: Int) {
        var best = (axis: 0, range: -1)
        for axis in 0..<3 {
            var low = 31, high = 0
            for cell in box {
                let v = channel(cell.key, axis)
                low = min(low, v)
                high = max(high, v)
            }
            if high - low > best.range { best = (axis, high - low) }
        }
        return best
    }

    /// Palette indices for `image` with Floyd–Steinberg error diffusion (7/16 right, 3/16 below-left,
    /// 5/16 below, 1/16 below-right); nearest colours are cached per 15-bit colour.
    static func dither(_ image: RGBImage, palette: [(UInt8, UInt8, UInt8)]) -> [UInt8] {
        let width = image.width
        var nearestCache = [Int16](repeating: -1, count: 32768)
        var indices = [UInt8](repeating: 0, count: width * image.height)
        // Error rows in 1/16 units, with one guard cell at each end.
        var current = [Int32](repeating: 0, count: (width + 2) * 3)
        var next = [Int32](repeating: 0, count: (width + 2) * 3)
        for y in 0..<image.height {
            for i in next.indices { next[i] = 0 }
            for x in 0..<width {
                let p = (y * width + x) * 3
                let e = (x + 1) * 3
                let r = clamp(Int32(image.pixels[p]) + current[e] / 16)
                let g = clamp(Int32(image.pixels[p + 1]) + current[e + 1] / 16)
                let b = clamp(Int32(image.pixels[p + 2]) + current[e + 2] / 16)
                let key = Int(r >> 3) << 10 | Int(g >> 3) << 5 | Int(b >> 3)
                var index = Int(nearestCache[key])
                if index < 0 {
                    index = nearest(r: r, g: g, b: b, in: palette)
                    nearestCache[key] = Int16(index)
                }
                indices[y * width + x] = UInt8(index)
                let chosen = palette[index]
                let errors = (r - Int32(chosen.0), g - Int32(chosen.1), b - Int32(chosen.2))
                for (c, error) in [errors.0, errors.1, errors.2].enumerated() {
                    current[e + 3 + c] += error * 7
                    next[e - 3 + c] += error * 3
                    next[e + c] += error * 5
                    next[e + 3 + c] += error
                }
            }
            swap(&current, &next)
        }
        return indices
    }

    private static func clamp(_ value: Int32) -> Int32 { min(255, max(0, value)) }

    /// The palette entry closest to the colour's 15-bit cell centre (squared RGB distance).
    private static func nearest(r: Int32, g: Int32, b: Int32, in palette: [(UInt8, UInt8, UInt8)]) -> Int {
        let cr = (r & ~7) + 4, cg = (g & ~7) + 4, cb = (b & ~7) + 4
        var best = 0
        var bestDistance = Int32.max
        for (i, c) in palette.enumerated() {
            let dr = cr - Int32(c.0), dg = cg - Int32(c.1), db = cb - Int32(c.2)
            let distance = dr * dr + dg * dg + db * db
            if distance < bestDistance { best = i; bestDistance = distance }
        }
        return best
    }
}
