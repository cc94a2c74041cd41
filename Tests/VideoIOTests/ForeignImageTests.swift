import Foundation
import Imaging
import Testing
import TestSupport
import VideoIO

/// The picture and text `scripts/fixtures/make_video.py` saved with Pillow.
private struct PillowFixture: Decodable {
    let width: Int
    let height: Int
    let rgb: [UInt8]
    let text: [String: String]

    static func load() throws -> PillowFixture {
        try JSONDecoder().decode(PillowFixture.self, from: Fixtures.data("video/pixels.json"))
    }
    var image: RGBImage { RGBImage(width: width, height: height, pixels: rgb) }
}

@Test func readsPillowPNGAndItsA1111Parameters() throws {
    let fixture = try PillowFixture.load()
    let url = Fixtures.url("video/pillow_parameters.png")
    #expect(try ImageFile.read(url) == fixture.image)
    #expect(try ImageFile.readText(url) == fixture.text)
}

@Test func readsLosslessWebPExactly() throws {
    #expect(try ImageFile.read(Fixtures.url("video/pillow.webp")) == (try PillowFixture.load()).image)
}

@Test func readsJPEGCloseToTheSource() throws {
    let image = try ImageFile.read(Fixtures.url("video/pillow.jpg"))
    let fixture = try PillowFixture.load()
    #expect(image.width == fixture.width && image.height == fixture.height)
    #expect(psnr(image, fixture.image) >= 30)
}
