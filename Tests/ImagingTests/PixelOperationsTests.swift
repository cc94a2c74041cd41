import Imaging
import Testing

@Test func contrastGainRoundsHalfToEvenAndWraps() {
    let image = RGBImage(width: 2, height: 1, pixels: [1, 3, 5, 200, 128, 0])
    let out = image.contrastGain(1.5)
    // 1.5→2, 4.5→4, 7.5→8, 300→300−256=44, 192, 0
    #expect(out.pixels == [2, 4, 8, 44, 192, 0])
    #expect(image.contrastGain(1.0) == image)
}

@Test func greyscaleUsesOpenCVFixedPointWeights() {
    let image = RGBImage(width: 3, height: 1, pixels: [255, 0, 0, 0, 255, 0, 10, 20, 30])
    let out = image.greyscale()
    // cv2: red 76, green 150, (10,20,30) → (10·9798 + 20·19235 + 30·3735 + 2¹⁴) >> 15 = 18
    #expect(out.pixels == [76, 76, 76, 150, 150, 150, 18, 18, 18])
}

@Test func blendRoundsHalfToEvenAndKeepsEndpoints() {
    let a = RGBImage(width: 1, height: 1, pixels: [0, 1, 255])
    let b = RGBImage(width: 1, height: 1, pixels: [1, 2, 255])
    #expect(RGBImage.blend(a, b, t: 0.5).pixels == [0, 2, 255])
    #expect(RGBImage.blend(a, b, t: 0) == a)
    #expect(RGBImage.blend(a, b, t: 1) == b)
}

@Test func addWeightedMixesAndSaturates() {
    let image = RGBImage(width: 1, height: 1, pixels: [100, 0, 255])
    let noise = RGBImage(width: 1, height: 1, pixels: [200, 255, 255])
    #expect(RGBImage.addWeighted(image, noise, amount: 0.25).pixels == [125, 64, 255])
    #expect(RGBImage.addWeighted(image, noise, amount: 0) == image)
    // cv2 gives 4, 21, 23 here; an unfused float sum would give 3, 20, 22.
    let image2 = RGBImage(width: 1, height: 1, pixels: [3, 3, 3])
    let noise2 = RGBImage(width: 1, height: 1, pixels: [8, 178, 198])
    #expect(RGBImage.addWeighted(image2, noise2, amount: 0.1).pixels == [4, 21, 23])
}
