import Foundation
import Testing
import VideoIO

@Test(arguments: [(VideoCodec.h264, "aac"), (VideoCodec.vp9, "opus")])
func soundtrackIsMuxedAndCutToTheVideo(_ codec: VideoCodec, _ audioCodec: String) throws {
    try #require(FFprobe.isInstalled, "ffprobe is needed to check the file")
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let video = folder.appendingPathComponent("video.\(codec.fileExtension)")
    let audio = folder.appendingPathComponent("tone.wav")
    let output = folder.appendingPathComponent("with-sound.\(codec.fileExtension)")
    _ = try writeSyntheticVideo(video, codec: codec, fps: try FrameRate(numerator: 24))
    try TestAudio.writeTone(to: audio, seconds: 3)
    try SoundtrackMuxer.mux(video: video, audio: audio, output: output, codec: codec)
    let probe = try FFprobe(output)
    #expect(probe.codecName == codec.rawValue)
    #expect(probe.frameCount == 24)
    #expect(probe.audioCodec == audioCodec)
    // MP4 states the audible length in its edit list; WebM only through the decoded samples.
    let audioDuration = codec == .vp9
        ? Double(try FFprobe.decodedAudioSamples(output)) / Double(try #require(probe.audioSampleRate))
        : try #require(probe.audioDuration)
    #expect(audioDuration <= 1.0 + 1e-6, "24 frames at 24 fps last 1 s; audio lasts \(audioDuration) s")
    #expect(audioDuration >= 0.9)
}

@Test func missingAudioOrSilentContainerIsAnError() throws {
    let folder = try TestImages.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let video = folder.appendingPathComponent("video.mp4")
    _ = try writeSyntheticVideo(video, codec: .h264, count: 2, fps: try FrameRate(numerator: 24))
    let missing = folder.appendingPathComponent("missing.mp3")
    #expect { try SoundtrackMuxer.mux(video: video, audio: missing, output: folder.appendingPathComponent("o.mp4"), codec: .h264) }
        throws: { "\($0)".contains("missing.mp3") }
    #expect { try SoundtrackMuxer.checkAudio(video, for: .h264) } throws: { "\($0)".contains("no audio stream") }
    #expect(throws: VideoIOError.self) {
        try SoundtrackMuxer.mux(video: video, audio: video, output: folder.appendingPathComponent("o.gif"), codec: .gif)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["video.mp4"])
}
