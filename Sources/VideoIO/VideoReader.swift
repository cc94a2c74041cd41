import CFFmpeg
import Foundation
import Imaging

/// Decodes any video FFmpeg reads into `RGBImage` frames, optionally scaled to a target size, the
/// way Deforum's Video Input mode extracts frames: keep source frames whose absolute index `i`
/// satisfies `from ≤ i ≤ to` (`to` nil = to the end) and `i % everyNth == 0`; the kept frames come
/// out in order (renumbered 0, 1, 2… by the caller's position in the sequence).
public final class VideoReader {
    public let url: URL
    /// The source's size and frame rate as its container states them.
    public let sourceWidth: Int
    public let sourceHeight: Int
    public let frameRate: FrameRate?
    private let targetWidth: Int?
    private let targetHeight: Int?
    private let everyNth: Int
    private let from: Int
    private let to: Int?
    private let decoder: MediaDecoder
    private let converter = PixelConverter()
    private var nextIndex = 0

    /// Opens `url`; frames come out at `width`×`height` (the source size when nil).
    public init(url: URL, width: Int? = nil, height: Int? = nil, everyNth: Int = 1, from: Int = 0, to: Int? = nil) throws {
        guard everyNth >= 1 else { throw VideoIOError.invalidArgument(name: "every-nth frame", reason: "\(everyNth) must be at least 1") }
        guard from >= 0 else { throw VideoIOError.invalidArgument(name: "from frame", reason: "\(from) must not be negative") }
        if let to, to <= from {
            throw VideoIOError.invalidArgument(name: "to frame", reason: "\(to) must be after the from frame \(from)")
        }
        if let width, let height, width <= 0 || height <= 0 || width > 16384 || height > 16384 {
            throw VideoIOError.invalidArgument(name: "frame size", reason: "\(width)×\(height) is not a video size")
        }
        decoder = try MediaDecoder(url: url)
        self.url = url
        self.targetWidth = width
        self.targetHeight = height
        self.everyNth = everyNth
        self.from = from
        self.to = to
        sourceWidth = Int(decoder.decoder.pointee.width)
        sourceHeight = Int(decoder.decoder.pointee.height)
        let rate = decoder.stream.pointee.avg_frame_rate.num > 0 ? decoder.stream.pointee.avg_frame_rate : decoder.stream.pointee.r_frame_rate
        frameRate = try? FrameRate(numerator: Int(rate.num), denominator: Int(rate.den))
    }

    /// The next kept frame, or nil when the video (or the range) ends.
    public func next() throws -> RGBImage? {
        while true {
            if let to, nextIndex > to { return nil }
            guard let frame = try decoder.nextFrame() else { return nil }
            let index = nextIndex
            nextIndex += 1
            guard index >= from, index % everyNth == 0 else { continue }
            do {
                return try converter.image(from: frame, width: targetWidth, height: targetHeight)
            } catch let error as FFmpegError {
                throw VideoIOError.corruptMedia(path: url.path, reason: "frame \(index): \(error.message)")
            }
        }
    }

    /// Every kept frame.
    public func readAll() throws -> [RGBImage] {
        var frames: [RGBImage] = []
        while let frame = try next() { frames.append(frame) }
        return frames
    }
}
