import Foundation
import Imaging
import Testing
import VideoIO

/// What ffprobe must report for 24 frames of 64×48 at 25 fps in each format.
struct WrittenFormat: Sendable, CustomStringConvertible {
    let codec: VideoCodec
    let formatName: String
    let codecName: String
    let pixelFormat: String
    var description: String { codec.rawValue }
}

let writtenFormats: [WrittenFormat] = [
    WrittenFormat(codec: .h264, formatName: "mov,mp4,m4a,3gp,3g2,mj2", codecName: "h264", pixelFormat: "yuv420p"),
    WrittenFormat(codec: .hevc, formatName: "mov,mp4,m4a,3gp,3g2,mj2", codecName: "hevc", pixelFormat: "yuv420p"),
    WrittenFormat(codec: .vp9, formatName: "matroska,webm", codecName: "vp9", pixelFormat: "yuv420p"),
    WrittenFormat(codec: .prores, formatName: "mov,mp4,m4a,3gp,3g2,mj2", codecName: "prores", pixelFormat: "yuv422p10le"),
    WrittenFormat(codec: .gif, formatName: "gif", codecName: "gif", pixelFormat: "bgra"),
    WrittenFormat(codec: .webp, formatName: "webp_pipe", codecName: "webp", pixelFormat: ""),
]

/// Writes `count` synthetic frames to `url`.
func writeSyntheticVideo(_ url: URL, codec: VideoCodec, width: Int = 64, height: Int = 48, count: Int = 24,
                         fps: FrameRate) throws -> VideoWriter {
    let writer = try VideoWriter(url: url, codec: codec, width: width, height: height, fps: fps)
    for frame in 0..<count { try writer.append(TestImages.gradient(width: width, height: height, frame: frame)) }
    try writer.finish()
    return writer
}

@Test(arguments: writtenFormats)
func eachCodecWritesWhatFFprobeExpects(_ expected: WrittenFormat) throws {
    try #require(expected.codec.isAvailable, "this FFmpeg build lacks \(expected.codec.encoderName)")
    try #require(FFprobe.isInstalled, "ffprobe is needed to check the file")
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("out.\(expected.codec.fileExtension)")
    _ = try writeSyntheticVideo(url, codec: expected.codec, fps: try FrameRate(numerator: 25))
    let probe = try FFprobe(url)
    #expect(probe.formatName == expected.formatName)
    #expect(probe.codecName == expected.codecName)
    #expect(probe.pixelFormat == expected.pixelFormat)
    if expected.codec == .webp {
        // FFmpeg 5.1 cannot decode animated WebP, so read the RIFF chunks: canvas size and frames.
        let webp = try AnimatedWebP(url)
        #expect(webp.width == 64 && webp.height == 48)
        #expect(webp.frameDurationsMs == Array(repeating: 40, count: 24))
    } else {
        #expect(probe.width == 64 && probe.height == 48)
        #expect(probe.frameCount == 24)
        #expect(probe.averageFrameRate == "25/1")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [url.lastPathComponent])
}

/// The canvas size (`VP8X`) and frame durations (`ANMF`) of an animated WebP file.
struct AnimatedWebP {
    var width = 0
    var height = 0
    var frameDurationsMs: [Int] = []

    init(_ url: URL) throws {
        let bytes = try [UInt8](Data(contentsOf: url))
        func little(_ offset: Int, _ count: Int) -> Int {
            (0..<count).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        guard bytes.count >= 12, String(decoding: bytes[8..<12], as: UTF8.self) == "WEBP" else { return }
        var offset = 12
        while offset + 8 <= bytes.count {
            let type = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = little(offset + 4, 4)
            let data = offset + 8
            guard data + size <= bytes.count else { return }
            if type == "VP8X" {
                width = little(data + 4, 3) + 1
                height = little(data + 7, 3) + 1
            } else if type == "ANMF" {
                frameDurationsMs.append(little(data + 12, 3))
            }
            offset = data + size + size % 2
        }
    }
}
