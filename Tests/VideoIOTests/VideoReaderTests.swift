import Foundation
import Imaging
import Testing
import VideoIO

/// Peak signal-to-noise ratio in dB over all bytes of two same-size images.
func psnr(_ a: RGBImage, _ b: RGBImage) -> Double {
    var squared = 0.0
    for i in a.pixels.indices {
        let d = Double(a.pixels[i]) - Double(b.pixels[i])
        squared += d * d
    }
    let mse = squared / Double(a.pixels.count)
    return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
}

@Test func h264AtDefaultCRFDecodesCloseToTheSource() throws {
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("clip.mp4")
    _ = try writeSyntheticVideo(url, codec: .h264, fps: try FrameRate(numerator: 24))
    let reader = try VideoReader(url: url)
    #expect(reader.frameRate == (try FrameRate(numerator: 24)))
    let frames = try reader.readAll()
    #expect(frames.count == 24)
    for (index, frame) in frames.enumerated() {
        let value = psnr(frame, TestImages.gradient(width: 64, height: 48, frame: index))
        #expect(value >= 35, "frame \(index): PSNR \(value) dB")
    }
}

@Test func oddSizesArePaddedByOnePixel() throws {
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("odd.mp4")
    let writer = try writeSyntheticVideo(url, codec: .h264, width: 33, height: 25, count: 3, fps: try FrameRate(numerator: 24))
    #expect(writer.paddedWidth == 34 && writer.paddedHeight == 26)
    let reader = try VideoReader(url: url)
    #expect(reader.sourceWidth == 34 && reader.sourceHeight == 26)
}

@Test func rangeAndEveryNthFrameSelectSourceFrames() throws {
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("clip.mp4")
    _ = try writeSyntheticVideo(url, codec: .h264, count: 12, fps: try FrameRate(numerator: 24))
    let all = try VideoReader(url: url).readAll()
    let picked = try VideoReader(url: url, everyNth: 3, from: 2, to: 9).readAll()
    #expect(picked == [all[3], all[6], all[9]])
    let scaled = try VideoReader(url: url, width: 32, height: 24, to: 1).readAll()
    #expect(scaled.count == 2)
    #expect(scaled.allSatisfy { $0.width == 32 && $0.height == 24 })
    #expect(throws: VideoIOError.self) { try VideoReader(url: url, from: 5, to: 5) }
    #expect(throws: VideoIOError.self) { try VideoReader(url: url, everyNth: 0) }
}

@Test func corruptVideoIsAnErrorNamingTheFile() throws {
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("garbage.mp4")
    try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: url)
    #expect { try VideoReader(url: url).readAll() } throws: { "\($0)".contains("garbage.mp4") }
}

/// Runs the `ffmpeg` program (only to make an input and the reference decode for this test).
private func runFFmpeg(_ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
    process.arguments = ["-v", "error", "-nostdin"] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
}

@Test(arguments: ["libx264", "mpeg4", "libvpx-vp9"])
func videoWrittenByFFmpegDecodesToTheSameFrames(_ encoder: String) throws {
    try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg"), "needs the ffmpeg program")
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent(encoder == "libvpx-vp9" ? "source.webm" : "source.mp4")
    _ = try runFFmpeg(["-f", "lavfi", "-i", "testsrc=size=48x32:rate=10", "-frames:v", "8",
                       "-pix_fmt", "yuv420p", "-c:v", encoder, url.path])
    let reference = try runFFmpeg(["-i", url.path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
    let frames = try VideoReader(url: url).readAll()
    #expect(frames.count == 8)
    #expect(Data(frames.flatMap(\.pixels)) == reference)
}
