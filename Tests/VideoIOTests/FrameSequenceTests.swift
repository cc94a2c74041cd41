import Foundation
import Imaging
import Testing
import VideoIO

@Test func framesAreSortedByTheirNumberAndKeepTheirText() throws {
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for index in [10, 2, 0, 1] {
        try FrameSequence.write(TestImages.gradient(width: 8, height: 8, frame: index), index: index, to: folder,
                                text: ["parameters": "frame \(index)"])
    }
    try ImageFile.write(RGBImage(width: 8, height: 8), to: folder.appendingPathComponent("shot_3.png"))
    try Data().write(to: folder.appendingPathComponent("notes.txt"))
    let sequence = try FrameSequence(folder: folder)
    #expect(sequence.files.map(\.lastPathComponent) == [
        "frame_00000.png", "frame_00001.png", "frame_00002.png", "shot_3.png", "frame_00010.png",
    ])
    #expect(try ImageFile.readText(sequence.files[4]) == ["parameters": "frame 10"])
}

@Test func encodingRejectsAFrameOfAnotherSizeNamingIt() throws {
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let frames = folder.appendingPathComponent("frames")
    try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
    try FrameSequence.write(RGBImage(width: 8, height: 8), index: 0, to: frames)
    try FrameSequence.write(RGBImage(width: 8, height: 6), index: 1, to: frames)
    let output = folder.appendingPathComponent("out.mp4")
    #expect(throws: VideoIOError.frameSizeMismatch(path: frames.appendingPathComponent("frame_00001.png").path, expected: "8×8", found: "8×6")) {
        _ = try FrameSequence(folder: frames).encode(to: output, codec: .h264, fps: try FrameRate(numerator: 24))
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["frames"])
    #expect(throws: VideoIOError.emptyFrameFolder(path: output.deletingLastPathComponent().appendingPathComponent("frames").path)) {
        try FileManager.default.removeItem(at: frames.appendingPathComponent("frame_00000.png"))
        try FileManager.default.removeItem(at: frames.appendingPathComponent("frame_00001.png"))
        _ = try FrameSequence(folder: frames)
    }
}

@Test func frameRatesAreExactRationals() throws {
    #expect(try FrameRate(parsing: "30000/1001") == FrameRate(numerator: 30000, denominator: 1001))
    #expect(try FrameRate(parsing: "24") == FrameRate(numerator: 24))
    #expect(try FrameRate(parsing: "12.5") == FrameRate(numerator: 25, denominator: 2))
    #expect(throws: VideoIOError.self) { try FrameRate(parsing: "fast") }
    #expect(throws: VideoIOError.self) { try FrameRate(parsing: "-3") }
}

@Test func ntscRateGivesExactTimestamps() throws {
    try #require(FFprobe.isInstalled, "ffprobe is needed to check the file")
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("ntsc.mp4")
    _ = try writeSyntheticVideo(url, codec: .h264, count: 30, fps: try FrameRate(parsing: "30000/1001"))
    let probe = try FFprobe(url)
    #expect(probe.averageFrameRate == "30000/1001")
    #expect(probe.frameCount == 30)
    #expect(abs(probe.duration - 1.001) < 1e-6)
}

@Test func unknownCodecListsWhatThisBuildHas() throws {
    #expect(throws: VideoIOError.unknownCodec(name: "cinepak", available: VideoCodec.available.map(\.rawValue))) {
        try VideoCodec.named("cinepak")
    }
    #expect(try VideoCodec.named("H265") == .hevc)
    #expect(VideoCodec.available.contains(.h264))
}

@Test func writerRejectsFramesOfAnotherSizeAndLeavesNoFile() throws {
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
        let writer = try VideoWriter(url: folder.appendingPathComponent("out.mp4"), codec: .h264, width: 16, height: 16,
                                     fps: try FrameRate(numerator: 24))
        try writer.append(RGBImage(width: 16, height: 16))
        #expect(throws: VideoIOError.self) { try writer.append(RGBImage(width: 8, height: 16)) }
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "an unfinished writer removes its file")
}
