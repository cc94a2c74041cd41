import Foundation
import Imaging
import Testing

/// Deforum's flat-depth 3D warp (PyTorch3D cameras + torch grid_sample, float32) against ours.
struct Warp3DTests {
    @Test func flatDepthWarpsMatchTorch() throws {
        let source = try ImagingFixtures.source()
        let cases = ImagingFixtures.cases("warps3d")
        #expect(cases.count >= 7)
        for c in cases {
            let motion = Motion3D(translationX: c.double("tx"), translationY: c.double("ty"), translationZ: c.double("tz"),
                                  rotationX: c.double("rx"), rotationY: c.double("ry"), rotationZ: c.double("rz"),
                                  fieldOfView: c.double("fov"), aspectRatio: c.double("aspect"))
            let sampling = try #require(SamplingMode(rawValue: c.string("sampling")))
            let padding = try #require(PaddingMode(rawValue: c.string("padding")))
            let expected = try ImagingFixtures.image(c.string("output"))
            let diff = byteDifference(source.warped(by: motion, sampling: sampling, padding: padding), expected)
            #expect(diff.max <= 1, "\(c.string("name")) \(sampling): max \(diff.max) over \(diff.count) bytes")
            #expect(diff.count <= source.pixels.count / 50, "\(c.string("name")) \(sampling): \(diff.count) bytes differ")
        }
    }

    @Test func noMotionSamplesEachPixelAtItsCentre() {
        let coordinates = Motion3D().sourceCoordinates(width: 6, height: 4)
        for (index, p) in coordinates.enumerated() {
            #expect(abs(p.x - Double(index % 6)) < 1e-12 && abs(p.y - Double(index / 6)) < 1e-12)
        }
    }

    @Test func dollyForwardMagnifies() {
        // Moving the camera forward (positive translation_z) pulls samples towards the centre.
        let coordinates = Motion3D(translationZ: 20).sourceCoordinates(width: 9, height: 9)
        #expect(coordinates[0].x > 0 && coordinates[0].y > 0)
        #expect(abs(coordinates[40].x - 4) < 1e-12)
    }
}
