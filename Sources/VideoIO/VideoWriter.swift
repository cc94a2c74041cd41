import CFFmpeg
import Foundation
import Imaging

/// Writes `RGBImage` frames to a video file through libavformat/libavcodec (never the `ffmpeg`
/// program). Frames get timestamps 0, 1, 2… in a time base of one frame; `finish()` flushes the
/// encoder, writes the trailer and renames the temporary file to the final name. A writer that is
/// dropped unfinished removes its temporary file, so no half-written video appears.
///
/// Sizes that 4:2:0 codecs cannot take (odd width or height for H.264, H.265, VP9) are padded by one
/// pixel, repeating the last column or row; `paddedWidth`/`paddedHeight` say what was written.
public final class VideoWriter {
    public let url: URL
    public let codec: VideoCodec
    public let fps: FrameRate
    /// The size frames must have.
    public let width: Int
    public let height: Int
    /// The size written to the file (one more than `width`/`height` when padded for 4:2:0).
    public let paddedWidth: Int
    public let paddedHeight: Int
    public private(set) var frameCount = 0

    private let temporaryURL: URL
    private var format: UnsafeMutablePointer<AVFormatContext>?
    private let stream: UnsafeMutablePointer<AVStream>
    private let encoder: EncoderContext
    private let converter = PixelConverter()
    private let quantizer: GIFQuantizer?
    private var finished = false

    /// Opens `url` for writing `width`×`height` frames at `fps` with `codec` at quality `crf`
    /// (the codec's default when nil).
    public init(url: URL, codec: VideoCodec, width: Int, height: Int, fps: FrameRate, crf: Int? = nil) throws {
        guard width > 0, height > 0, width <= 16384, height <= 16384 else {
            throw VideoIOError.invalidArgument(name: "frame size", reason: "\(width)×\(height) is not a video size")
        }
        let quality = crf ?? codec.defaultCRF
        guard (0...63).contains(quality) else {
            throw VideoIOError.invalidArgument(name: "crf", reason: "\(quality) is outside 0…63")
        }
        guard codec.isAvailable, let encoderCodec = avcodec_find_encoder_by_name(codec.encoderName) else {
            throw VideoIOError.unknownCodec(name: codec.rawValue, available: VideoCodec.available.map(\.rawValue))
        }
        try OutputFile.checkWritable(url)
        self.url = url
        self.codec = codec
        self.fps = fps
        self.width = width
        self.height = height
        paddedWidth = codec.needsEvenSize ? width + width % 2 : width
        paddedHeight = codec.needsEvenSize ? height + height % 2 : height
        temporaryURL = OutputFile.temporaryURL(for: url)
        quantizer = codec == .gif ? GIFQuantizer() : nil
        encoder = try EncoderContext(codec: encoderCodec)

        var output: UnsafeMutablePointer<AVFormatContext>?
        try Self.check(avformat_alloc_output_context2(&output, nil, codec.containerName, temporaryURL.path), url, "creating")
        guard let output, let newStream = avformat_new_stream(output, nil) else {
            avformat_free_context(output)
            throw VideoIOError.ffmpeg(path: url.path, operation: "creating", error: FFmpegError(code: zt_averror(ENOMEM)))
        }
        format = output
        stream = newStream
        do {
            try configureAndOpen(encoderCodec, quality: quality)
        } catch {
            closeAndRemove()
            throw error
        }
    }

    deinit {
        if !finished { closeAndRemove() }
    }

    private func configureAndOpen(_ encoderCodec: UnsafePointer<AVCodec>, quality: Int) throws {
        let context = encoder.pointer
        context.pointee.width = Int32(paddedWidth)
        context.pointee.height = Int32(paddedHeight)
        context.pointee.pix_fmt = codec.pixelFormat
        context.pointee.time_base = fps.frameDuration
        context.pointee.framerate = fps.rational
        context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        if codec.pixelFormat != AV_PIX_FMT_PAL8 {
            context.pointee.color_range = AVCOL_RANGE_MPEG
            context.pointee.colorspace = AVCOL_SPC_SMPTE170M
            context.pointee.color_primaries = AVCOL_PRI_SMPTE170M
            context.pointee.color_trc = AVCOL_TRC_SMPTE170M
        }
        if format!.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER != 0 {
            context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
        }
        try encoder.open(codec: encoderCodec, options: codec.encoderOptions(crf: quality), path: url.path)
        try Self.check(avcodec_parameters_from_context(stream.pointee.codecpar, context), url, "configuring")
        stream.pointee.time_base = fps.frameDuration
        stream.pointee.avg_frame_rate = fps.rational
        stream.pointee.r_frame_rate = fps.rational
        if codec == .hevc {
            stream.pointee.codecpar.pointee.codec_tag = Self.tag("hvc1")
        }
        try Self.check(avio_open(&format!.pointee.pb, temporaryURL.path, AVIO_FLAG_WRITE), url, "opening")
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        for (key, value) in codec.muxerOptions { av_dict_set(&options, key, value, 0) }
        try Self.check(avformat_write_header(format, &options), url, "writing the header of")
    }

    /// Encodes the next frame; it must be `width`×`height`.
    public func append(_ image: RGBImage) throws {
        guard !finished else {
            throw VideoIOError.invalidArgument(name: "frame", reason: "the video '\(url.path)' is already finished")
        }
        guard image.width == width, image.height == height else {
            throw VideoIOError.frameSizeMismatch(
                path: "frame \(frameCount) of \(url.path)", expected: "\(width)×\(height)", found: "\(image.width)×\(image.height)")
        }
        let padded = image.paddedToSize(width: paddedWidth, height: paddedHeight)
        let frame: FFmpegFrame
        if let quantizer {
            frame = try quantizer.paletteFrame(from: padded)
        } else {
            frame = try converter.frame(from: padded, format: codec.pixelFormat)
        }
        frame.pointer.pointee.pts = Int64(frameCount)
        try encoder.send(frame.pointer, path: url.path, consume: writePacket)
        frameCount += 1
    }

    /// Flushes the encoder, writes the trailer and moves the file to its final name.
    public func finish() throws {
        guard !finished else { return }
        guard frameCount > 0 else {
            throw VideoIOError.invalidArgument(name: "video", reason: "no frames were written to '\(url.path)'")
        }
        try encoder.send(nil, path: url.path, consume: writePacket)
        try Self.check(av_write_trailer(format), url, "finishing")
        avio_closep(&format!.pointee.pb)
        avformat_free_context(format)
        format = nil
        finished = true
        try OutputFile.commit(temporaryURL, to: url)
    }

    private func writePacket(_ packet: UnsafeMutablePointer<AVPacket>) throws {
        av_packet_rescale_ts(packet, encoder.pointer.pointee.time_base, stream.pointee.time_base)
        packet.pointee.stream_index = stream.pointee.index
        try Self.check(av_interleaved_write_frame(format, packet), url, "writing")
    }

    private func closeAndRemove() {
        if let format {
            if format.pointee.pb != nil { avio_closep(&format.pointee.pb) }
            avformat_free_context(format)
        }
        format = nil
        try? FileManager.default.removeItem(at: temporaryURL)
    }

    private static func check(_ result: Int32, _ url: URL, _ operation: String) throws {
        if result < 0 { throw VideoIOError.ffmpeg(path: url.path, operation: operation, error: FFmpegError(code: result)) }
    }

    private static func tag(_ fourCC: String) -> UInt32 {
        fourCC.utf8.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
}

extension RGBImage {
    /// This image grown to `width`×`height` by repeating its last column and row (no-op at its own size).
    func paddedToSize(width newWidth: Int, height newHeight: Int) -> RGBImage {
        if newWidth == width && newHeight == height { return self }
        var output = RGBImage(width: newWidth, height: newHeight)
        for y in 0..<newHeight {
            let sourceRow = min(y, height - 1) * width * 3
            let row = y * newWidth * 3
            for x in 0..<newWidth {
                let source = sourceRow + min(x, width - 1) * 3
                output.pixels[row + x * 3] = pixels[source]
                output.pixels[row + x * 3 + 1] = pixels[source + 1]
                output.pixels[row + x * 3 + 2] = pixels[source + 2]
            }
        }
        return output
    }
}
