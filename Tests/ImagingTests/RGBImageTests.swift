import Imaging
import Testing

@Test func pixelsAreInterleavedRowMajor() {
    var image = RGBImage(width: 3, height: 2, fill: (1, 2, 3))
    image[2, 1] = (10, 20, 30)
    #expect(image.pixels.count == 18)
    #expect(image.pixels[15...17] == [10, 20, 30])
    #expect(image[0, 0] == (1, 2, 3))
}
