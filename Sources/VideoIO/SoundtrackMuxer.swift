import CFFmpeg
import Foundation

/// Adds a soundtrack to a finished video, as Deforum's `add_soundtrack` does with
/// `ffmpeg -i video -i audio -map 0:v -map 1:a -c:v copy -shortest`: the video packets are copied
/// unchanged, the audio file's audio stream is transcoded (AAC for MP4/MOV, Opus for WebM) and cut
/// at the video's length. The result is written to a temporary name and renamed on success.
public enum SoundtrackMuxer {
    /// The audio encoder used for a container, or nil when the container cannot carry audio.
    static func audioEncoder(forContainer name: String) -> String? {
        switch name {
        case "mp4", "mov": "aac"
        case "webm": "libopus"
        default: nil
        }
    }

    /// Fails unless `codec`'s container can carry audio and `audio` has an audio stream FFmpeg
    /// decodes — checked before any frame is encoded.
    public static func checkAudio(_ audio: URL, for codec: VideoCodec) throws {
        _ = try audioEncoderName(for: codec)
        _ = try MediaDecoder(url: audio, type: AVMEDIA_TYPE_AUDIO)
    }

    /// The audio encoder for `codec`'s container, or an error for containers without audio.
    private static func audioEncoderName(for codec: VideoCodec) throws -> String {
        guard let name = audioEncoder(forContainer: codec.containerName) else {
            throw VideoIOError.invalidArgument(
                name: "soundtrack", reason: "\(codec.rawValue) (\(codec.containerName)) files cannot carry audio; use h264, hevc, vp9 or prores")
        }
        return name
    }

    /// Writes `output`: the video stream of `video` plus `audio`'s audio, cut to the video's length.
    /// `output` may not be `video` itself.
    public static func mux(video: URL, audio: URL, output: URL, codec: VideoCodec) throws {
        let encoderName = try audioEncoderName(for: codec)
        try OutputFile.checkWritable(output)
        let videoInput = try VideoPacketSource(url: video)
        let temporary = OutputFile.temporaryURL(for: output)
        var format: UnsafeMutablePointer<AVFormatContext>?
        do {
            try check(avformat_alloc_output_context2(&format, nil, codec.containerName, temporary.path), output, "creating")
            guard let format else { throw FFmpegError(code: zt_averror(ENOMEM)) }
            let globalHeader = format.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER != 0
            let transcoder = try AudioTranscoder(audio: audio, encoderName: encoderName, globalHeader: globalHeader)
            guard let videoStream = avformat_new_stream(format, nil), let audioStream = avformat_new_stream(format, nil) else {
                throw FFmpegError(code: zt_averror(ENOMEM))
            }
            try check(avcodec_parameters_copy(videoStream.pointee.codecpar, videoInput.stream.pointee.codecpar), output, "copying video of")
            videoStream.pointee.time_base = videoInput.stream.pointee.time_base
            videoStream.pointee.avg_frame_rate = videoInput.stream.pointee.avg_frame_rate
            videoStream.pointee.r_frame_rate = videoInput.stream.pointee.r_frame_rate
            try check(avcodec_parameters_from_context(audioStream.pointee.codecpar, transcoder.encoder.pointer), output, "configuring audio of")
            audioStream.pointee.time_base = transcoder.encoder.pointer.pointee.time_base
            try check(avio_open(&format.pointee.pb, temporary.path, AVIO_FLAG_WRITE), output, "opening")
            var options: OpaquePointer?
            defer { av_dict_free(&options) }
            for (key, value) in codec.muxerOptions { av_dict_set(&options, key, value, 0) }
            try check(avformat_write_header(format, &options), output, "writing the header of")

            let rate = Double(transcoder.sampleRate)
            transcoder.sampleLimit = Int64((videoInput.durationSeconds * rate).rounded(.down))
            let writeAudio: (UnsafeMutablePointer<AVPacket>) throws -> Void = { packet in
                av_packet_rescale_ts(packet, transcoder.encoder.pointer.pointee.time_base, audioStream.pointee.time_base)
                packet.pointee.stream_index = audioStream.pointee.index
                try check(av_interleaved_write_frame(format, packet), output, "writing audio to")
            }
            while let packet = try videoInput.nextPacket() {
                let time = packet.pointee.dts == zt_nopts_value() ? 0 : Double(packet.pointee.dts) * av_q2d(videoInput.stream.pointee.time_base)
                try transcoder.encode(upTo: Int64(time * rate), consume: writeAudio)
                av_packet_rescale_ts(packet, videoInput.stream.pointee.time_base, videoStream.pointee.time_base)
                packet.pointee.stream_index = videoStream.pointee.index
                packet.pointee.pos = -1
                try check(av_interleaved_write_frame(format, packet), output, "writing video to")
            }
            try transcoder.encode(upTo: .max, consume: writeAudio)
            try check(av_write_trailer(format), output, "finishing")
            avio_closep(&format.pointee.pb)
            avformat_free_context(format)
        } catch {
            if let format {
                if format.pointee.pb != nil { avio_closep(&format.pointee.pb) }
                avformat_free_context(format)
            }
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        try OutputFile.commit(temporary, to: output)
    }

    private static func check(_ result: Int32, _ url: URL, _ operation: String) throws {
        if result < 0 { throw VideoIOError.ffmpeg(path: url.path, operation: operation, error: FFmpegError(code: result)) }
    }
}

/// Reads the compressed packets of a file's video stream, for copying without re-encoding.
final class VideoPacketSource {
    private var format: UnsafeMutablePointer<AVFormatContext>?
    let stream: UnsafeMutablePointer<AVStream>
    private let packet: FFmpegPacket
    let path: String

    init(url: URL) throws {
        FFmpegLog.silenced
        path = url.path
        packet = try FFmpegPacket()
        var opened: UnsafeMutablePointer<AVFormatContext>?
        let result = avformat_open_input(&opened, path, nil, nil)
        guard result >= 0, let opened else {
            throw VideoIOError.corruptMedia(path: path, reason: FFmpegError(code: result).message)
        }
        format = opened
        let info = avformat_find_stream_info(opened, nil)
        let index = av_find_best_stream(opened, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
        guard info >= 0, index >= 0, let found = opened.pointee.streams[Int(index)] else {
            avformat_close_input(&format)
            throw VideoIOError.missingStream(path: path, kind: "video")
        }
        stream = found
    }

    deinit { avformat_close_input(&format) }

    /// The video's length: the stream's duration, else the container's.
    var durationSeconds: Double {
        if stream.pointee.duration != zt_nopts_value() && stream.pointee.duration > 0 {
            return Double(stream.pointee.duration) * av_q2d(stream.pointee.time_base)
        }
        let duration = format?.pointee.duration ?? 0
        return duration > 0 ? Double(duration) / Double(AV_TIME_BASE) : 0
    }

    /// The next packet of the video stream (valid until the next call), or nil at the end.
    func nextPacket() throws -> UnsafeMutablePointer<AVPacket>? {
        av_packet_unref(packet.pointer)
        while true {
            let result = av_read_frame(format, packet.pointer)
            if result == zt_averror_eof() { return nil }
            guard result >= 0 else { throw VideoIOError.corruptMedia(path: path, reason: FFmpegError(code: result).message) }
            if packet.pointer.pointee.stream_index == stream.pointee.index { return packet.pointer }
            av_packet_unref(packet.pointer)
        }
    }
}
