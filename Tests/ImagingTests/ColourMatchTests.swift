import Foundation
@testable import Imaging
import Testing

/// OpenCV's 8-bit conversions and Deforum's maintain_colors (skimage match_histograms).
struct ColourMatchTests {
    static func convert(_ image: RGBImage, _ f: (UInt8, UInt8, UInt8) -> (UInt8, UInt8, UInt8)) -> RGBImage {
        var out = image
        for i in stride(from: 0, to: image.pixels.count, by: 3) {
            let v = f(image.pixels[i], image.pixels[i + 1], image.pixels[i + 2])
            out.pixels[i] = v.0
            out.pixels[i + 1] = v.1
            out.pixels[i + 2] = v.2
        }
        return out
    }

    @Test func conversionsMatchOpenCV() throws {
        let palette = try ImagingFixtures.image(ImagingFixtures.manifest["palette"] as? String ?? "", width: 64, height: 64)
        let files = ImagingFixtures.manifest["conversions"] as? [String: String] ?? [:]
        func expected(_ key: String) throws -> RGBImage { try ImagingFixtures.image(files[key] ?? "", width: 64, height: 64) }
        let hsv = Self.convert(palette) { ColourConversion.rgbToHSV(Int($0), Int($1), Int($2)) }
        #expect(byteDifference(hsv, try expected("rgb2hsv")).count == 0)
        let lab = Self.convert(palette) { ColourConversion.rgbToLab(Int($0), Int($1), Int($2)) }
        #expect(byteDifference(lab, try expected("rgb2lab")).count == 0)
        let fromHSV = byteDifference(Self.convert(palette, ColourConversion.hsvToRGB), try expected("hsv2rgb"))
        #expect(fromHSV.max <= 1, "HSV→RGB max \(fromHSV.max) over \(fromHSV.count)")
        let fromLab = byteDifference(Self.convert(palette, ColourConversion.labToRGB), try expected("lab2rgb"))
        #expect(fromLab.max <= 1, "Lab→RGB max \(fromLab.max) over \(fromLab.count)")
    }

    @Test func matchingMatchesDeforum() throws {
        let source = try ImagingFixtures.source()
        let reference = try ImagingFixtures.image(ImagingFixtures.manifest["colour_reference"] as? String ?? "")
        for c in ImagingFixtures.cases("colour_match") {
            let space = try #require(ColourSpace(rawValue: c.string("space")))
            let diff = byteDifference(source.matchingColours(to: reference, space: space),
                                      try ImagingFixtures.image(c.string("output")))
            if space == .rgb {
                #expect(diff.count == 0, "RGB: \(diff.count) bytes differ")
            } else {
                #expect(diff.max <= 1, "\(space): max \(diff.max) over \(diff.count) bytes")
            }
        }
    }

    @Test func matchingLowersHistogramDistance() throws {
        let source = try ImagingFixtures.source()
        let reference = try ImagingFixtures.image(ImagingFixtures.manifest["colour_reference"] as? String ?? "")
        func distance(_ a: RGBImage, _ b: RGBImage) -> Int {
            var total = 0
            for c in 0..<3 {
                var ha = [Int](repeating: 0, count: 256), hb = ha
                for i in stride(from: c, to: a.pixels.count, by: 3) { ha[Int(a.pixels[i])] += 1 }
                for i in stride(from: c, to: b.pixels.count, by: 3) { hb[Int(b.pixels[i])] += 1 }
                var ca = 0, cb = 0
                for v in 0..<256 { ca += ha[v]; cb += hb[v]; total += abs(ca - cb) }
            }
            return total
        }
        let before = distance(source, reference)
        for space in ColourSpace.allCases {
            let after = distance(source.matchingColours(to: reference, space: space), reference)
            #expect(after * 2 < before, "\(space): \(after) vs \(before)")
        }
        #expect(reference.matchingColours(to: reference, space: .rgb) == reference)
    }
}
