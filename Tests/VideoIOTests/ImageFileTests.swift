import Foundation
import Imaging
import Testing
import VideoIO

@Test func pngRoundTripIsLossless() throws {
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let image = TestImages.gradient(width: 37, height: 21, frame: 3)
    let url = folder.appendingPathComponent("frame.png")
    try ImageFile.write(image, to: url)
    #expect(try ImageFile.read(url) == image)
    #expect(try ImageFile.readText(url).isEmpty)
}

@Test func pngTextRoundTrips() throws {
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = [
        "parameters": "a cat, oil painting\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 8x8",
        "Comment": "café — 猫 🐈",
    ]
    let url = folder.appendingPathComponent("frame.png")
    let image = TestImages.gradient(width: 8, height: 8)
    try ImageFile.write(image, to: url, text: text)
    #expect(try ImageFile.readText(url) == text)
    #expect(try ImageFile.read(url) == image, "text chunks must leave the picture readable")
    let bytes = try [UInt8](Data(contentsOf: url))
    #expect(bytes.containsSequence(Array("tEXtparameters".utf8)), "Latin-1 text goes in tEXt, as A1111/Pillow write it")
    #expect(bytes.containsSequence(Array("iTXtComment".utf8)), "non-Latin-1 text goes in iTXt")
}

@Test func corruptImageIsAnErrorNamingTheFile() throws {
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("broken.png")
    try Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5]).write(to: url)
    #expect { try ImageFile.read(url) } throws: { "\($0)".contains("broken.png") }
    #expect { try ImageFile.readText(url) } throws: { "\($0)".contains("broken.png") }
    #expect { try ImageFile.read(folder.appendingPathComponent("missing.png")) } throws: {
        ($0 as? VideoIOError).map { if case .unreadableFile = $0 { true } else { false } } ?? false
    }
}

@Test func unwritableOutputLeavesNothingBehind() throws {
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("no-such-folder/frame.png")
    #expect(throws: VideoIOError.self) { try ImageFile.write(RGBImage(width: 2, height: 2), to: missing) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
}

extension Array where Element == UInt8 {
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
