import CFFmpeg

/// Owns one `AVFrame` (freed in `deinit`), so frames cannot leak on an error path.
final class FFmpegFrame {
    let pointer: UnsafeMutablePointer<AVFrame>

    init() throws {
        guard let frame = av_frame_alloc() else { throw FFmpegError(code: zt_averror(ENOMEM)) }
        pointer = frame
    }

    /// A frame with its own buffers for a `width`×`height` picture in `format`.
    convenience init(width: Int, height: Int, format: AVPixelFormat) throws {
        try self.init()
        pointer.pointee.width = Int32(width)
        pointer.pointee.height = Int32(height)
        pointer.pointee.format = format.rawValue
        try FFmpegError.check(av_frame_get_buffer(pointer, 0))
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }
}

/// Owns one `AVPacket` (freed in `deinit`).
final class FFmpegPacket {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() throws {
        guard let packet = av_packet_alloc() else { throw FFmpegError(code: zt_averror(ENOMEM)) }
        pointer = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }
}
