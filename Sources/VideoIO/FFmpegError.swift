import CFFmpeg

/// A failed FFmpeg call: its negative return code and FFmpeg's own text for it.
public struct FFmpegError: Error, Equatable, CustomStringConvertible {
    public let code: Int32
    public let message: String

    public init(code: Int32) {
        self.code = code
        var buffer = [CChar](repeating: 0, count: 256)
        av_strerror(code, &buffer, buffer.count)
        self.message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String { "FFmpeg error \(code): \(message)" }

    /// Throws when an FFmpeg call returned a negative code; returns the value otherwise.
    @discardableResult
    public static func check(_ result: Int32) throws -> Int32 {
        if result < 0 { throw FFmpegError(code: result) }
        return result
    }
}
