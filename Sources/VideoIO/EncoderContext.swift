import CFFmpeg

/// Owns an `AVCodecContext` for encoding and runs FFmpeg's send/receive loop, handing each packet
/// to the caller. EAGAIN and EOF are control flow, anything else is an error.
final class EncoderContext {
    let pointer: UnsafeMutablePointer<AVCodecContext>
    private let packet: FFmpegPacket

    init(codec: UnsafePointer<AVCodec>) throws {
        FFmpegLog.silenced
        guard let context = avcodec_alloc_context3(codec) else { throw FFmpegError(code: zt_averror(ENOMEM)) }
        pointer = context
        packet = try FFmpegPacket()
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = pointer
        avcodec_free_context(&context)
    }

    /// Opens the encoder with private options (e.g. `crf`, `preset`); unknown options are an error.
    func open(codec: UnsafePointer<AVCodec>, options: [String: String], path: String) throws {
        var dictionary: OpaquePointer?
        defer { av_dict_free(&dictionary) }
        for (key, value) in options.sorted(by: { $0.key < $1.key }) {
            av_dict_set(&dictionary, key, value, 0)
        }
        let result = avcodec_open2(pointer, codec, &dictionary)
        guard result >= 0 else {
            throw VideoIOError.ffmpeg(path: path, operation: "opening encoder \(String(cString: codec.pointee.name)) for", error: FFmpegError(code: result))
        }
        if let left = av_dict_get(dictionary, "", nil, AV_DICT_IGNORE_SUFFIX) {
            throw VideoIOError.invalidArgument(
                name: "encoder option '\(String(cString: left.pointee.key))'",
                reason: "\(String(cString: codec.pointee.name)) does not accept it")
        }
    }

    /// Sends `frame` (nil flushes the encoder) and passes every packet it produces to `consume`.
    func send(
        _ frame: UnsafeMutablePointer<AVFrame>?, path: String,
        consume: (UnsafeMutablePointer<AVPacket>) throws -> Void
    ) throws {
        let sent = avcodec_send_frame(pointer, frame)
        guard sent >= 0 else { throw VideoIOError.ffmpeg(path: path, operation: "encoding", error: FFmpegError(code: sent)) }
        while true {
            let received = avcodec_receive_packet(pointer, packet.pointer)
            if received == zt_averror(EAGAIN) || received == zt_averror_eof() { return }
            guard received >= 0 else {
                throw VideoIOError.ffmpeg(path: path, operation: "encoding", error: FFmpegError(code: received))
            }
            defer { av_packet_unref(packet.pointer) }
            try consume(packet.pointer)
        }
    }
}
