import Foundation
import Imaging
import Testing

/// Pillow LANCZOS resize, A1111 resize-and-crop and diffusers' planar conversions.
struct ResizeTests {
    @Test func resizeMatchesPillowExactly() throws {
        let source = try ImagingFixtures.source()
        let cases = ImagingFixtures.cases("resize")
        #expect(cases.count >= 8)
        for c in cases {
            let w = Int(c.double("width")), h = Int(c.double("height"))
            let got = c.string("mode") == "crop" ? source.resizedAndCropped(width: w, height: h)
                                                 : source.resized(width: w, height: h)
            let diff = byteDifference(got, try ImagingFixtures.image(c.string("output"), width: w, height: h))
            #expect(diff.count == 0, "\(c.string("mode")) \(w)×\(h): max \(diff.max) over \(diff.count)")
        }
    }

    @Test func planarConversionsMatchDiffusers() throws {
        let source = try ImagingFixtures.source()
        let files = ImagingFixtures.manifest["planar"] as? [String: String] ?? [:]
        let signed = try ImagingFixtures.floats(files["signed"] ?? "")
        #expect(source.planarSigned() == signed)
        let decoded = try ImagingFixtures.floats(files["decoded"] ?? "")
        let image = RGBImage(planarSigned: decoded, width: ImagingFixtures.width, height: ImagingFixtures.height)
        #expect(byteDifference(image, try ImagingFixtures.image(files["decoded_image"] ?? "")).count == 0)
        #expect(RGBImage(planarSigned: source.planarSigned(), width: source.width, height: source.height) == source)
    }

    @Test func planarLayoutAndClamping() {
        let image = RGBImage(width: 2, height: 1, pixels: [0, 255, 51, 102, 153, 204])
        let planar = image.planarSigned()
        #expect(planar[0] == -1 && planar[2] == 1)       // R plane: 0, 102
        #expect(planar.count == 6)
        let clamped = RGBImage(planarSigned: [-3, .nan, 2, 0.5, 0, -0.2], width: 2, height: 1)
        // Planes R = (−3, NaN), G = (2, 0.5), B = (0, −0.2); 127.5 rounds to even (128).
        #expect(clamped.pixels == [0, 255, 128, 0, 191, 102])
    }
}
