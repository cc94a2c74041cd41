import Foundation

/// What went wrong reading or writing images and video, with the file, codec or frame it concerns.
/// Every case is a user error (bad input, unwritable output, missing encoder); the CLI shows
/// `description` and exits 1.
public enum VideoIOError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be opened.
    case unreadableFile(path: String, reason: String)
    /// The output cannot be created or written.
    case unwritableOutput(path: String, reason: String)
    /// FFmpeg could not decode the image or video in `path`.
    case corruptMedia(path: String, reason: String)
    /// The file has no stream of the kind asked for (e.g. no audio stream in a soundtrack file).
    case missingStream(path: String, kind: String)
    /// A codec name this project or this FFmpeg build does not know; `available` lists what works.
    case unknownCodec(name: String, available: [String])
    /// A folder that should hold frames holds none.
    case emptyFrameFolder(path: String)
    /// A frame whose size differs from the first frame's.
    case frameSizeMismatch(path: String, expected: String, found: String)
    /// An argument out of range (fps, CRF, size), named with what was expected.
    case invalidArgument(name: String, reason: String)
    /// An FFmpeg call failed while doing `operation` on `path`.
    case ffmpeg(path: String, operation: String, error: FFmpegError)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason): "cannot read '\(path)': \(reason)"
        case .unwritableOutput(let path, let reason): "cannot write '\(path)': \(reason)"
        case .corruptMedia(let path, let reason): "'\(path)' is not a readable image or video: \(reason)"
        case .missingStream(let path, let kind): "'\(path)' has no \(kind) stream"
        case .unknownCodec(let name, let available):
            "unknown codec '\(name)'; this FFmpeg build supports: \(available.joined(separator: ", "))"
        case .emptyFrameFolder(let path): "no frames (.png, .jpg, .jpeg, .webp) in '\(path)'"
        case .frameSizeMismatch(let path, let expected, let found):
            "'\(path)' is \(found) but earlier frames are \(expected)"
        case .invalidArgument(let name, let reason): "invalid \(name): \(reason)"
        case .ffmpeg(let path, let operation, let error): "\(operation) '\(path)' failed: \(error.message)"
        }
    }
}
