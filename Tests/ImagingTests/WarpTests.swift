import Foundation
import Imaging
import Testing

/// Deforum's 2D matrices and cv2.warpPerspective outputs (OpenCV 5.1 float kernels).
struct WarpTests {
    static func motion(_ c: [String: Any]) -> Motion2D {
        var motion = Motion2D(angle: c.double("angle"), zoom: c.double("zoom", 1),
                              translationX: c.double("tx"), translationY: c.double("ty"),
                              transformCenterX: c.double("cx", 0.5), transformCenterY: c.double("cy", 0.5))
        if let flip = c["flip"] as? [Double] {
            motion.perspectiveFlip = PerspectiveFlip(theta: flip[0], phi: flip[1], gamma: flip[2], fieldOfView: flip[3])
        }
        return motion
    }

    @Test func matricesMatchDeforum() throws {
        let cases = ImagingFixtures.cases("warps")
        #expect(cases.count >= 9)
        for c in cases {
            let expected = c["matrix"] as? [Double] ?? []
            let got = Self.motion(c).matrix(width: ImagingFixtures.width, height: ImagingFixtures.height).entries
            for (g, e) in zip(got, expected) {
                // The flip rounds its corner points to float32; numpy's BLAS matmul can move one by an ulp.
                #expect(abs(g - e) <= 1e-6 * max(1, abs(e)), "\(c.string("name")): \(got) vs \(expected)")
            }
        }
    }

    @Test func warpsMatchOpenCV() throws {
        let source = try ImagingFixtures.source()
        for c in ImagingFixtures.cases("warps") {
            let matrix = ProjectiveMatrix(c["matrix"] as? [Double] ?? [])
            let border = try #require(BorderMode(rawValue: c.string("border")))
            let expected = try ImagingFixtures.image(c.string("output"))
            let diff = byteDifference(source.warped(by: matrix, border: border), expected)
            #expect(diff.max <= 1, "\(c.string("name")) \(border): max \(diff.max) over \(diff.count) bytes")
            #expect(diff.count <= source.pixels.count / 200, "\(c.string("name")) \(border): \(diff.count) bytes differ")
        }
    }

    @Test func identityAndIntegerTranslationAreExact() {
        let image = RGBImage(width: 5, height: 4, pixels: (0..<60).map { UInt8($0 * 4) })
        #expect(image.warped(by: .identity, border: .replicate) == image)
        let shifted = image.warped(by: .translation(x: 1, y: 0), border: .wrap)
        #expect(shifted[1, 2] == image[0, 2])
        #expect(shifted[0, 2] == image[4, 2])
        let clamped = image.warped(by: .translation(x: 0, y: -2), border: .replicate)
        #expect(clamped[3, 3] == image[3, 3])
        #expect(clamped[3, 1] == image[3, 3])
        #expect(image.warped(by: .translation(x: 0, y: -2), border: .zeros)[3, 3] == (0, 0, 0))
    }

    @Test func positiveAngleRotatesCounterClockwise() {
        // The centre is (4.5, 4.5); under +90° the pixel (7, 4), right of it, moves above it to (4, 2).
        var image = RGBImage(width: 9, height: 9)
        image[7, 4] = (255, 255, 255)
        let out = image.warped(by: Motion2D(angle: 90).matrix(width: 9, height: 9), border: .zeros)
        #expect(out[4, 2] == (255, 255, 255))
        #expect(out.pixels.filter { $0 != 0 }.count == 3)
    }
}
