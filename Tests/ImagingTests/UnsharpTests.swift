import Foundation
import Imaging
import Testing

/// cv2.GaussianBlur (fixed point) and Deforum's unsharp_mask: bit-exact.
struct UnsharpTests {
    @Test func blurAndUnsharpMatchDeforumExactly() throws {
        let source = try ImagingFixtures.source()
        let cases = ImagingFixtures.cases("unsharp")
        #expect(cases.count >= 6)
        for c in cases {
            let k = Int(c.double("kernel"))
            let blurred = try source.gaussianBlurred(kernelSize: k, sigma: c.double("sigma"))
            #expect(byteDifference(blurred, try ImagingFixtures.image(c.string("blurred"))).count == 0, "blur k=\(k) σ=\(c.double("sigma"))")
            let sharp = try source.unsharpMasked(kernelSize: k, sigma: c.double("sigma"),
                                                 amount: c.double("amount"), threshold: c.double("threshold"))
            #expect(byteDifference(sharp, try ImagingFixtures.image(c.string("output"))).count == 0, "unsharp \(c)")
        }
    }

    @Test func evenKernelThrowsAndZeroAmountIsIdentity() throws {
        let image = RGBImage(width: 4, height: 4, fill: (10, 20, 30))
        #expect(throws: ImagingError.invalidKernelSize(4)) { try image.unsharpMasked(kernelSize: 4, sigma: 1, amount: 1, threshold: 0) }
        #expect(try image.unsharpMasked(kernelSize: 4, sigma: 1, amount: 0, threshold: 0) == image)
        // A flat image has nothing to sharpen.
        #expect(try image.unsharpMasked(kernelSize: 5, sigma: 1, amount: 2, threshold: 0) == image)
    }
}
