import ArgumentParser
import Foundation
import VideoIO

extension Zoetrope {
    /// `zoetrope encode`: builds a video from a folder of frames (sorted by frame number) through
    /// FFmpeg's libraries, optionally with a soundtrack cut to the video's length.
    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encode",
            abstract: "Encodes a folder of frames to a video.",
            discussion: """
                Frames (.png, .jpg, .jpeg, .webp) are sorted by the number in their names and must all \
                have the same size. Codecs: h264 (MP4, default), hevc (MP4), vp9 (WebM), prores (MOV), \
                gif, webp (animated). Without --codec the output's extension chooses (.mp4 → h264, \
                .webm → vp9, .mov → prores, .gif, .webp).
                """)

        @Argument(help: "The folder holding the frames.")
        var framesDirectory: String

        @Option(help: "Frames per second: a number (24, 29.97) or a fraction (30000/1001).")
        var fps: String

        @Option(help: "The video file to write.")
        var output: String

        @Option(help: "h264, hevc, vp9, prores, gif or webp.")
        var codec: String?

        @Option(help: "Constant quality (lower is better; H.264 default 17, as Deforum).")
        var crf: Int?

        @Option(help: "An audio file whose first audio stream becomes the soundtrack, cut to the video's length.")
        var audio: String?

        func run() throws {
            let outputURL = URL(fileURLWithPath: output)
            let chosen = try codec.map(VideoCodec.named) ?? VideoCodec.forExtension(outputURL.pathExtension) ?? .h264
            let rate = try FrameRate(parsing: fps)
            let sequence = try FrameSequence(folder: URL(fileURLWithPath: framesDirectory, isDirectory: true))
            let audioURL = audio.map { URL(fileURLWithPath: $0) }
            if let audioURL { try SoundtrackMuxer.checkAudio(audioURL, for: chosen) }

            let videoURL = audioURL == nil ? outputURL : outputURL.deletingLastPathComponent()
                .appendingPathComponent(".\(outputURL.deletingPathExtension().lastPathComponent).video-only.\(chosen.fileExtension)")
            defer { if audioURL != nil { try? FileManager.default.removeItem(at: videoURL) } }
            let writer = try sequence.encode(to: videoURL, codec: chosen, fps: rate, crf: crf) { done, total in
                if done == total || done % 50 == 0 {
                    FileHandle.standardError.write(Data("encoded \(done)/\(total) frames\n".utf8))
                }
            }
            if writer.paddedWidth != writer.width || writer.paddedHeight != writer.height {
                FileHandle.standardError.write(Data(
                    "note: \(writer.width)×\(writer.height) padded to \(writer.paddedWidth)×\(writer.paddedHeight) for \(chosen.rawValue)'s 4:2:0 chroma (last column/row repeated)\n".utf8))
            }
            if let audioURL {
                try SoundtrackMuxer.mux(video: videoURL, audio: audioURL, output: outputURL, codec: chosen)
            }
            print("wrote \(outputURL.path): \(writer.frameCount) frames, \(chosen.rawValue), \(rate) fps")
        }
    }
}
