import Foundation
import Imaging
import Testing
import VideoIO

/// GIF frames use an adaptive palette with dithering: smooth content survives far better than
/// with a fixed 216-colour web palette (about 25 dB without dithering).
@Test func gifFramesKeepSmoothContent() throws {
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("clip.gif")
    _ = try writeSyntheticVideo(url, codec: .gif, count: 4, fps: try FrameRate(numerator: 25))
    let frames = try VideoReader(url: url).readAll()
    #expect(frames.count == 4)
    for (index, frame) in frames.enumerated() {
        let source = TestImages.gradient(width: 64, height: 48, frame: index)
        let value = psnr(frame, source)
        #expect(value >= 32, "frame \(index): PSNR \(value) dB")
    }
}
