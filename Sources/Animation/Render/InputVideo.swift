import Foundation
import Imaging
import VideoIO

/// The input video of video-input mode, read frame by frame at the animation's size: the source
/// frames whose index i has `from ≤ i ≤ to` and `i % every_nth == 0`, renumbered 0, 1, 2, … (Deforum's
/// frame extraction, `video_audio_utilities.py: vid2frames`).
struct InputVideo {
    private let reader: VideoReader
    private var position = 0
    private let file: String

    init(spec: AnimationSpec, file: String) throws {
        self.file = file
        reader = try Self.open(spec: spec, file: file)
    }

    private static func open(spec: AnimationSpec, file: String) throws -> VideoReader {
        guard let path = spec.videoInput.path else {
            throw AnimationError.invalidSpec(file: file, detail: "video_input.path: video-input mode needs an input video")
        }
        do {
            return try VideoReader(url: URL(fileURLWithPath: path), width: spec.width, height: spec.height,
                                   everyNth: spec.videoInput.everyNth, from: spec.videoInput.fromFrame, to: spec.videoInput.toFrame)
        } catch {
            throw AnimationError.invalidSpec(file: file, detail: "video_input.path: \(error)")
        }
    }

    /// The number of frames the spec takes from its video (Deforum sets `max_frames` to it).
    static func frameCount(spec: AnimationSpec, file: String) throws -> Int {
        var video = try InputVideo(spec: spec, file: file)
        var count = 0
        while try video.next() != nil { count += 1 }
        guard count > 0 else {
            throw AnimationError.invalidSpec(file: file, detail: "video_input: the video has no frames in the chosen range")
        }
        return count
    }

    private mutating func next() throws -> RGBImage? {
        do {
            let image = try reader.next()
            if image != nil { position += 1 }
            return image
        } catch {
            throw AnimationError.invalidSpec(file: file, detail: "video_input.path: \(error)")
        }
    }

    /// Input frame `index`; frames must be asked for in increasing order.
    mutating func frame(_ index: Int) throws -> RGBImage {
        precondition(index >= position, "input video frames are read in order")
        while true {
            let wanted = position == index
            guard let image = try next() else {
                throw AnimationError.invalidSpec(file: file, detail: "video_input.path: the video ended before frame \(index)")
            }
            if wanted { return image }
        }
    }
}
