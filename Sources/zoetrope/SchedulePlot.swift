import Foundation
import Imaging

/// Draws a schedule's per-frame values as a line chart: axes with labelled ticks, light grid lines,
/// the curve, and a marker at each keyframe. Pure Swift into an `RGBImage`; the tick labels use a
/// built-in 3×5 pixel font, so no font files are needed.
struct SchedulePlot {
    let values: [Double]
    /// Frames that carry a keyframe (marked on the curve).
    let keyframes: [Int]

    static let width = 800
    static let height = 360
    private static let left = 76, right = 24, top = 20, bottom = 40
    private static let background: RGB = (255, 255, 255)
    private static let grid: RGB = (232, 232, 232)
    private static let axis: RGB = (90, 90, 90)
    private static let curve: RGB = (31, 119, 180)
    private static let marker: RGB = (214, 39, 40)

    typealias RGB = (r: UInt8, g: UInt8, b: UInt8)

    func image() -> RGBImage {
        var image = RGBImage(width: Self.width, height: Self.height, fill: Self.background)
        let plotWidth = Double(Self.width - Self.left - Self.right)
        let plotHeight = Double(Self.height - Self.top - Self.bottom)
        let xTicks = Ticks(low: 0, high: Double(Swift.max(values.count - 1, 1)), wholeNumbers: true)
        let lowest = values.min() ?? 0, highest = values.max() ?? 0
        let spread = highest - lowest
        let margin = spread > 0 ? 0 : Swift.max(Swift.abs(lowest) * 0.1, 1)
        let yTicks = Ticks(low: lowest - margin, high: highest + margin, wholeNumbers: false)
        func x(_ frame: Double) -> Double { Double(Self.left) + (frame - xTicks.low) / (xTicks.high - xTicks.low) * plotWidth }
        func y(_ value: Double) -> Double { Double(Self.top) + (yTicks.high - value) / (yTicks.high - yTicks.low) * plotHeight }

        for tick in yTicks.values {
            let row = Int(y(tick).rounded())
            line(&image, from: (Double(Self.left), Double(row)), to: (Double(Self.width - Self.right), Double(row)), Self.grid, thickness: 1)
            let label = yTicks.label(tick)
            PixelFont.draw(label, into: &image, x: Self.left - 8 - PixelFont.width(of: label), y: row - PixelFont.height / 2, color: Self.axis)
        }
        for tick in xTicks.values {
            let column = Int(x(tick).rounded())
            line(&image, from: (Double(column), Double(Self.top)), to: (Double(column), Double(Self.height - Self.bottom)), Self.grid, thickness: 1)
            let label = xTicks.label(tick)
            PixelFont.draw(label, into: &image, x: column - PixelFont.width(of: label) / 2, y: Self.height - Self.bottom + 10, color: Self.axis)
        }
        line(&image, from: (Double(Self.left), Double(Self.top)), to: (Double(Self.left), Double(Self.height - Self.bottom)), Self.axis, thickness: 1)
        line(&image, from: (Double(Self.left), Double(Self.height - Self.bottom)), to: (Double(Self.width - Self.right), Double(Self.height - Self.bottom)), Self.axis, thickness: 1)

        let points = values.enumerated().map { (x(Double($0.offset)), y($0.element)) }
        if points.count == 1 { disc(&image, at: points[0], radius: 2, Self.curve) }
        for (a, b) in zip(points, points.dropFirst()) { line(&image, from: a, to: b, Self.curve, thickness: 2) }
        for frame in keyframes where frame < points.count { disc(&image, at: points[frame], radius: 4, Self.marker) }
        return image
    }

    /// A straight line, stamped every half pixel with a square of `thickness` pixels.
    private func line(_ image: inout RGBImage, from a: (Double, Double), to b: (Double, Double), _ color: RGB, thickness: Int) {
        let steps = Swift.max(Int((Swift.max(Swift.abs(b.0 - a.0), Swift.abs(b.1 - a.1)) * 2).rounded(.up)), 1)
        for step in 0...steps {
            let f = Double(step) / Double(steps)
            let px = Int((a.0 + (b.0 - a.0) * f).rounded(.down)), py = Int((a.1 + (b.1 - a.1) * f).rounded(.down))
            for dy in 0..<thickness { for dx in 0..<thickness { set(&image, px + dx, py + dy, color) } }
        }
    }

    private func disc(_ image: inout RGBImage, at center: (Double, Double), radius: Int, _ color: RGB) {
        let cx = Int(center.0.rounded()), cy = Int(center.1.rounded())
        for dy in -radius...radius {
            for dx in -radius...radius where dx * dx + dy * dy <= radius * radius + 1 { set(&image, cx + dx, cy + dy, color) }
        }
    }

    private func set(_ image: inout RGBImage, _ x: Int, _ y: Int, _ color: RGB) {
        guard x >= 0, y >= 0, x < image.width, y < image.height else { return }
        image[x, y] = color
    }
}

/// Round tick positions covering a range: steps of 1, 2 or 5 times a power of ten, about six ticks.
struct Ticks {
    let low: Double
    let high: Double
    let step: Double

    init(low: Double, high: Double, wholeNumbers: Bool) {
        let raw = Swift.max((high - low) / 6, wholeNumbers ? 1 : Double.leastNormalMagnitude)
        let magnitude = Foundation.pow(10, (Foundation.log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        step = nice * magnitude
        if wholeNumbers {
            self.low = low
            self.high = high
        } else {
            self.low = (low / step).rounded(.down) * step
            self.high = (high / step).rounded(.up) * step
        }
    }

    var values: [Double] {
        let first = (low / step).rounded(.up)
        let last = (high / step + 1e-9).rounded(.down)
        guard first <= last, last - first < 1000 else { return [] }
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// The tick's value with as many decimals as the step needs.
    func label(_ value: Double) -> String {
        let magnitude = Swift.max(Swift.abs(low), Swift.abs(high))
        if magnitude >= 1e6 || (magnitude < 1e-3 && magnitude > 0) { return String(format: "%.2e", value) }
        let decimals = step >= 1 ? 0 : Int((-Foundation.log10(step)).rounded(.up))
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}

/// A 3×5 pixel font for tick labels (digits, sign, point and exponent), drawn at twice its size.
enum PixelFont {
    static let scale = 2
    static let height = 5 * scale
    private static let advance = 4 * scale

    /// Each glyph is five rows of three bits, most significant bit on the left.
    private static let glyphs: [Character: [UInt8]] = [
        "0": [7, 5, 5, 5, 7], "1": [2, 6, 2, 2, 7], "2": [7, 1, 7, 4, 7], "3": [7, 1, 7, 1, 7],
        "4": [5, 5, 7, 1, 1], "5": [7, 4, 7, 1, 7], "6": [7, 4, 7, 5, 7], "7": [7, 1, 1, 1, 1],
        "8": [7, 5, 7, 5, 7], "9": [7, 5, 7, 1, 7], ".": [0, 0, 0, 0, 2], "-": [0, 0, 7, 0, 0],
        "+": [0, 2, 7, 2, 0], "e": [0, 7, 7, 4, 7],
    ]

    static func width(of text: String) -> Int { text.count * advance - scale }

    static func draw(_ text: String, into image: inout RGBImage, x: Int, y: Int, color: SchedulePlot.RGB) {
        for (index, character) in text.enumerated() {
            guard let rows = glyphs[character] else { continue }
            for (row, bits) in rows.enumerated() {
                for column in 0..<3 where bits & (4 >> column) != 0 {
                    for dy in 0..<scale {
                        for dx in 0..<scale {
                            let px = x + index * advance + column * scale + dx, py = y + row * scale + dy
                            if px >= 0, py >= 0, px < image.width, py < image.height { image[px, py] = color }
                        }
                    }
                }
            }
        }
    }
}
