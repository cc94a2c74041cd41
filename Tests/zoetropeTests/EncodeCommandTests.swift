import Foundation
import Testing
import TestSupport

/// Minimal PNG files for the CLI tests, built byte by byte (stored deflate blocks, no compression),
/// so these tests need nothing but the `zoetrope` binary.
private enum TinyPNG {
    static func write(width: Int, height: Int, rgb: (UInt8, UInt8, UInt8), to url: URL) throws {
        var raw: [UInt8] = []
        for _ in 0..<height { raw.append(0); for _ in 0..<width { raw += [rgb.0, rgb.1, rgb.2] } }
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let block = Array(raw[offset..<min(raw.count, offset + 65535)])
            offset += block.count
            let length = UInt16(block.count)
            zlib += [offset >= raw.count ? 1 : 0, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            zlib += block
        } while offset < raw.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        zlib += bigEndian(b << 16 | a)
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0])
        png += chunk("IDAT", zlib)
        png += chunk("IEND", [])
        try Data(png).write(to: url)
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in body {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc ^ 0xFFFF_FFFF)
    }
}

private func scratchFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-encode-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A folder `frames/` in `root` holding `count` 16×16 frames named frame_0.png … (unpadded numbers).
private func makeFrames(in root: URL, count: Int, size: Int = 16) throws -> URL {
    let frames = root.appendingPathComponent("frames")
    try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
    for i in 0..<count {
        try TinyPNG.write(width: size, height: size, rgb: (UInt8(i * 20), 100, 200), to: frames.appendingPathComponent("frame_\(i).png"))
    }
    return frames
}

private func probe(_ url: URL, _ entries: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
    process.arguments = ["-v", "error", "-count_frames", "-show_entries", entries, "-of", "csv=p=0", url.path]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

@Test func encodeBuildsAnH264VideoFromAFrameFolder() throws {
    let root = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let frames = try makeFrames(in: root, count: 12)
    let output = root.appendingPathComponent("out.mp4")
    let result = try CommandLineTool.run(["encode", frames.path, "--fps", "12", "--output", output.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("12 frames"))
    #expect(try probe(output, "stream=codec_name,width,height,pix_fmt,avg_frame_rate,nb_read_frames") == "h264,16,16,yuv420p,12/1,12")
}

@Test func encodeWithAudioAndChosenCodec() throws {
    let root = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let frames = try makeFrames(in: root, count: 6)
    let output = root.appendingPathComponent("out.webm")
    // A WAV file of one second of silence, written directly.
    var wav = Data("RIFF".utf8)
    let samples = 48000
    for value in [36 + samples * 2] { wav += withUnsafeBytes(of: UInt32(value).littleEndian) { Data($0) } }
    wav += Data("WAVEfmt ".utf8)
    for (value, bytes) in [(16, 4), (1, 2), (1, 2), (48000, 4), (96000, 4), (2, 2), (16, 2)] {
        wav += bytes == 4 ? withUnsafeBytes(of: UInt32(value).littleEndian) { Data($0) } : withUnsafeBytes(of: UInt16(value).littleEndian) { Data($0) }
    }
    wav += Data("data".utf8) + withUnsafeBytes(of: UInt32(samples * 2).littleEndian) { Data($0) } + Data(count: samples * 2)
    let audio = root.appendingPathComponent("silence.wav")
    try wav.write(to: audio)
    let result = try CommandLineTool.run(["encode", frames.path, "--fps", "24", "--output", output.path, "--codec", "vp9", "--audio", audio.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try probe(output, "stream=codec_name") == "vp9\nopus")
    #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["frames", "out.webm", "silence.wav"])
}

@Test func encodeRejectsBadInputWithOneLineAndNoOutput() throws {
    let root = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let frames = try makeFrames(in: root, count: 3)
    let empty = root.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    let mixed = root.appendingPathComponent("mixed")
    try FileManager.default.createDirectory(at: mixed, withIntermediateDirectories: true)
    try TinyPNG.write(width: 16, height: 16, rgb: (1, 2, 3), to: mixed.appendingPathComponent("frame_0.png"))
    try TinyPNG.write(width: 8, height: 16, rgb: (1, 2, 3), to: mixed.appendingPathComponent("frame_1.png"))
    let corrupt = root.appendingPathComponent("corrupt")
    try FileManager.default.createDirectory(at: corrupt, withIntermediateDirectories: true)
    try Data("not a png".utf8).write(to: corrupt.appendingPathComponent("frame_0.png"))
    let output = root.appendingPathComponent("out.mp4")

    let cases: [([String], String)] = [
        (["encode", empty.path, "--fps", "24", "--output", output.path], "no frames"),
        (["encode", mixed.path, "--fps", "24", "--output", output.path], "frame_1.png"),
        (["encode", corrupt.path, "--fps", "24", "--output", output.path], "frame_0.png"),
        (["encode", frames.path, "--fps", "24", "--output", output.path, "--codec", "cinepak"], "h264"),
        (["encode", frames.path, "--fps", "0", "--output", output.path], "fps"),
        (["encode", frames.path, "--fps", "24", "--output", root.appendingPathComponent("no/such/dir/out.mp4").path], "no/such/dir"),
        (["encode", frames.path, "--fps", "24", "--output", output.path, "--audio", root.appendingPathComponent("missing.mp3").path], "missing.mp3"),
    ]
    for (arguments, mention) in cases {
        let result = try CommandLineTool.run(arguments)
        #expect(result.status == 1, "\(arguments): \(result.stderr)")
        #expect(!result.crashed)
        #expect(result.stderr.contains(mention), "\(arguments): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path), "\(arguments) left an output behind")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["corrupt", "empty", "frames", "mixed"])
}
