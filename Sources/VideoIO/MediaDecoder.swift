import CFFmpeg
import Foundation

/// Demuxes and decodes the best video (or audio) stream of any file FFmpeg reads — video, audio, or
/// a still image through FFmpeg's image demuxers — one decoded frame at a time. Owns its contexts.
final class MediaDecoder {
    let path: String
    private var format: UnsafeMutablePointer<AVFormatContext>?
    private var codec: UnsafeMutablePointer<AVCodecContext>?
    private let streamIndex: Int32
    private let packet: FFmpegPacket
    private let frame: FFmpegFrame
    private var sentEndOfStream = false

    /// The decoded stream (time base, frame rate, frame count as the container states them).
    var stream: UnsafeMutablePointer<AVStream> { format!.pointee.streams[Int(streamIndex)]! }
    /// The opened decoder (sample format, rate and channel layout for audio).
    var decoder: UnsafeMutablePointer<AVCodecContext> { codec! }

    init(url: URL, type: AVMediaType = AVMEDIA_TYPE_VIDEO) throws {
        FFmpegLog.silenced
        path = url.path
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw VideoIOError.unreadableFile(path: path, reason: "no such file or not readable")
        }
        packet = try FFmpegPacket()
        frame = try FFmpegFrame()
        var opened: UnsafeMutablePointer<AVFormatContext>?
        let openResult = avformat_open_input(&opened, path, nil, nil)
        guard openResult >= 0 else {
            throw VideoIOError.corruptMedia(path: path, reason: FFmpegError(code: openResult).message)
        }
        format = opened
        var found: Int32 = -1
        var decoderContext: UnsafeMutablePointer<AVCodecContext>?
        do {
            let infoResult = avformat_find_stream_info(opened, nil)
            guard infoResult >= 0 else {
                throw VideoIOError.corruptMedia(path: path, reason: FFmpegError(code: infoResult).message)
            }
            var decoder: UnsafePointer<AVCodec>?
            found = av_find_best_stream(opened, type, -1, -1, &decoder, 0)
            guard found >= 0, let decoder else {
                throw VideoIOError.missingStream(path: path, kind: type == AVMEDIA_TYPE_AUDIO ? "audio" : "video")
            }
            decoderContext = avcodec_alloc_context3(decoder)
            guard let decoderContext else { throw FFmpegError(code: zt_averror(ENOMEM)) }
            let parameters = opened!.pointee.streams[Int(found)]!.pointee.codecpar
            try FFmpegError.check(avcodec_parameters_to_context(decoderContext, parameters))
            let openCodec = avcodec_open2(decoderContext, decoder, nil)
            guard openCodec >= 0 else {
                throw VideoIOError.corruptMedia(path: path, reason: FFmpegError(code: openCodec).message)
            }
        } catch {
            avcodec_free_context(&decoderContext)
            avformat_close_input(&format)
            throw error
        }
        codec = decoderContext
        streamIndex = found
    }

    deinit {
        avcodec_free_context(&codec)
        avformat_close_input(&format)
    }

    /// The next decoded frame (valid until the next call), or nil after the last one.
    func nextFrame() throws -> UnsafeMutablePointer<AVFrame>? {
        while true {
            let received = avcodec_receive_frame(codec, frame.pointer)
            if received >= 0 { return frame.pointer }
            if received == zt_averror_eof() { return nil }
            guard received == zt_averror(EAGAIN) else {
                throw VideoIOError.corruptMedia(path: path, reason: FFmpegError(code: received).message)
            }
            try feedDecoder()
        }
    }

    /// Sends the next packet of our stream to the decoder, or the end-of-stream signal.
    private func feedDecoder() throws {
        if sentEndOfStream { return }
        while true {
            let read = av_read_frame(format, packet.pointer)
            if read < 0 {
                guard read == zt_averror_eof() else {
                    throw VideoIOError.corruptMedia(path: path, reason: FFmpegError(code: read).message)
                }
                sentEndOfStream = true
                try FFmpegError.check(avcodec_send_packet(codec, nil))
                return
            }
            defer { av_packet_unref(packet.pointer) }
            guard packet.pointer.pointee.stream_index == streamIndex else { continue }
            let sent = avcodec_send_packet(codec, packet.pointer)
            guard sent >= 0 else {
                throw VideoIOError.corruptMedia(path: path, reason: FFmpegError(code: sent).message)
            }
            return
        }
    }
}
