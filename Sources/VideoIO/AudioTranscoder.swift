import CFFmpeg
import Foundation

/// Decodes an audio file's audio stream, resamples it with libswresample to what an encoder takes
/// (its first sample format; the input rate when the encoder supports it, else 48 kHz; at most
/// stereo), and encodes it in encoder-sized frames, stopping after `sampleLimit` samples.
final class AudioTranscoder {
    let encoder: EncoderContext
    private let input: MediaDecoder
    private var resampler: OpaquePointer?
    private let fifo: OpaquePointer
    private let path: String
    /// Samples (at the output rate) after which the audio is cut.
    var sampleLimit: Int64 = .max
    private(set) var samplesEncoded: Int64 = 0
    private var inputEnded = false
    private(set) var finished = false

    var sampleRate: Int { Int(encoder.pointer.pointee.sample_rate) }

    init(audio url: URL, encoderName: String, globalHeader: Bool) throws {
        path = url.path
        input = try MediaDecoder(url: url, type: AVMEDIA_TYPE_AUDIO)
        guard let codec = avcodec_find_encoder_by_name(encoderName) else {
            throw VideoIOError.unknownCodec(name: encoderName, available: [])
        }
        encoder = try EncoderContext(codec: codec)
        let source = input.decoder
        let context = encoder.pointer
        var inputLayout = AVChannelLayout()
        defer { av_channel_layout_uninit(&inputLayout) }
        if source.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || source.pointee.ch_layout.nb_channels == 0 {
            av_channel_layout_default(&inputLayout, max(1, source.pointee.ch_layout.nb_channels))
        } else {
            try FFmpegError.check(av_channel_layout_copy(&inputLayout, &source.pointee.ch_layout))
        }
        av_channel_layout_default(&context.pointee.ch_layout, min(2, inputLayout.nb_channels))
        context.pointee.sample_fmt = codec.pointee.sample_fmts?.pointee ?? AV_SAMPLE_FMT_FLTP
        context.pointee.sample_rate = Self.outputRate(for: source.pointee.sample_rate, codec: codec)
        context.pointee.time_base = AVRational(num: 1, den: context.pointee.sample_rate)
        context.pointee.bit_rate = encoderName == "aac" ? 192_000 : 128_000
        if globalHeader { context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
        try encoder.open(codec: codec, options: [:], path: path)

        try FFmpegError.check(swr_alloc_set_opts2(
            &resampler, &context.pointee.ch_layout, context.pointee.sample_fmt, context.pointee.sample_rate,
            &inputLayout, source.pointee.sample_fmt, source.pointee.sample_rate, 0, nil))
        try FFmpegError.check(swr_init(resampler))
        guard let queue = av_audio_fifo_alloc(context.pointee.sample_fmt, context.pointee.ch_layout.nb_channels, 4096) else {
            swr_free(&resampler)
            throw FFmpegError(code: zt_averror(ENOMEM))
        }
        fifo = queue
    }

    deinit {
        swr_free(&resampler)
        av_audio_fifo_free(fifo)
    }

    /// The input rate if the encoder lists it (or lists none), else 48 kHz if listed, else its first.
    private static func outputRate(for inputRate: Int32, codec: UnsafePointer<AVCodec>) -> Int32 {
        guard let list = codec.pointee.supported_samplerates else { return inputRate }
        var rates: [Int32] = []
        var index = 0
        while list[index] != 0 { rates.append(list[index]); index += 1 }
        if rates.contains(inputRate) { return inputRate }
        if rates.contains(48000) { return 48000 }
        return rates.first ?? 48000
    }

    /// Encodes until `samples` samples (capped at `sampleLimit`) are encoded or the input ends,
    /// handing every packet to `consume`. After the limit or the input's end, flushes the encoder.
    func encode(upTo samples: Int64, consume: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        let target = min(samples, sampleLimit)
        while !finished && samplesEncoded < target {
            let frameSize = Int(encoder.pointer.pointee.frame_size > 0 ? encoder.pointer.pointee.frame_size : 1024)
            let queued = Int(av_audio_fifo_size(fifo))
            let remaining = Int(min(Int64(Int32.max), sampleLimit - samplesEncoded))
            if queued >= frameSize || (inputEnded && queued > 0) || (queued > 0 && queued >= remaining) {
                try encodeQueued(min(frameSize, queued, remaining), consume: consume)
            } else if inputEnded {
                break
            } else {
                try decodeMore()
            }
        }
        if !finished && (inputEnded && av_audio_fifo_size(fifo) == 0 || samplesEncoded >= sampleLimit) {
            try encoder.send(nil, path: path, consume: consume)
            finished = true
        }
    }

    private func encodeQueued(_ count: Int, consume: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        let context = encoder.pointer
        let frame = try FFmpegFrame()
        frame.pointer.pointee.nb_samples = Int32(count)
        frame.pointer.pointee.format = context.pointee.sample_fmt.rawValue
        frame.pointer.pointee.sample_rate = context.pointee.sample_rate
        try FFmpegError.check(av_channel_layout_copy(&frame.pointer.pointee.ch_layout, &context.pointee.ch_layout))
        try FFmpegError.check(av_frame_get_buffer(frame.pointer, 0))
        guard zt_fifo_read_frame(fifo, frame.pointer, Int32(count)) == Int32(count) else {
            throw FFmpegError(code: zt_averror(EIO))
        }
        frame.pointer.pointee.pts = samplesEncoded
        try encoder.send(frame.pointer, path: path, consume: consume)
        samplesEncoded += Int64(count)
    }

    /// Decodes the next audio frame into the queue, resampled; at the input's end drains the resampler.
    private func decodeMore() throws {
        let decoded = try input.nextFrame()
        if decoded == nil { inputEnded = true }
        let context = encoder.pointer
        let inputSamples = decoded.map { $0.pointee.nb_samples } ?? 0
        let capacity = swr_get_out_samples(resampler, inputSamples)
        guard capacity > 0 else { return }
        let converted = try FFmpegFrame()
        converted.pointer.pointee.nb_samples = capacity
        converted.pointer.pointee.format = context.pointee.sample_fmt.rawValue
        converted.pointer.pointee.sample_rate = context.pointee.sample_rate
        try FFmpegError.check(av_channel_layout_copy(&converted.pointer.pointee.ch_layout, &context.pointee.ch_layout))
        try FFmpegError.check(av_frame_get_buffer(converted.pointer, 0))
        let produced = zt_resample(resampler, converted.pointer, decoded)
        guard produced >= 0 else {
            throw VideoIOError.corruptMedia(path: path, reason: FFmpegError(code: produced).message)
        }
        converted.pointer.pointee.nb_samples = produced
        guard zt_fifo_write_frame(fifo, converted.pointer) == produced else { throw FFmpegError(code: zt_averror(ENOMEM)) }
    }
}
