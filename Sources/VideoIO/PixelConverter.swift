import CFFmpeg
import Imaging

/// Converts between `RGBImage` and FFmpeg frames of any pixel format and size with libswscale,
/// bicubic. Decoding uses exactly the `ffmpeg` program's default scaler flags (`bicubic`), so frames
/// match what `ffmpeg -pix_fmt rgb24` gives; encoding adds accurate rounding. Keeps its
/// `SwsContext` while formats and sizes stay the same.
final class PixelConverter {
    private var context: OpaquePointer?

    deinit { sws_freeContext(context) }

    /// Scales/converts `source` into `destination` (both allocated, with width, height and format set).
    func convert(_ source: UnsafePointer<AVFrame>, into destination: UnsafeMutablePointer<AVFrame>, flags: Int32) throws {
        context = sws_getCachedContext(
            context, source.pointee.width, source.pointee.height, AVPixelFormat(source.pointee.format),
            destination.pointee.width, destination.pointee.height, AVPixelFormat(destination.pointee.format),
            flags, nil, nil, nil)
        guard context != nil else { throw FFmpegError(code: zt_averror(EINVAL)) }
        try FFmpegError.check(sws_scale_frame(context, destination, source))
    }

    /// `image` in a new frame of `format` and the given size (the image's own size by default).
    func frame(from image: RGBImage, format: AVPixelFormat, width: Int? = nil, height: Int? = nil) throws -> FFmpegFrame {
        let rgb = try FFmpegFrame(width: image.width, height: image.height, format: AV_PIX_FMT_RGB24)
        rgb.copyIn(image)
        let output = try FFmpegFrame(width: width ?? image.width, height: height ?? image.height, format: format)
        if format == AV_PIX_FMT_RGB24 && output.pointer.pointee.width == rgb.pointer.pointee.width
            && output.pointer.pointee.height == rgb.pointer.pointee.height {
            return rgb
        }
        try convert(rgb.pointer, into: output.pointer, flags: Int32(SWS_BICUBIC | SWS_ACCURATE_RND))
        return output
    }

    /// `frame` as an RGB image of `width`×`height` (the frame's own size by default).
    func image(from frame: UnsafePointer<AVFrame>, width: Int? = nil, height: Int? = nil) throws -> RGBImage {
        let outputWidth = width ?? Int(frame.pointee.width)
        let outputHeight = height ?? Int(frame.pointee.height)
        let rgb = try FFmpegFrame(width: outputWidth, height: outputHeight, format: AV_PIX_FMT_RGB24)
        try convert(frame, into: rgb.pointer, flags: Int32(SWS_BICUBIC))
        return rgb.copyOut()
    }
}

extension FFmpegFrame {
    /// Copies `image`'s rows into this RGB24 frame's first plane. The rows' alignment padding is
    /// zeroed too: swscale's SIMD code reads it, and it must not be uninitialised memory.
    func copyIn(_ image: RGBImage) {
        let stride = Int(pointer.pointee.linesize.0)
        guard let plane = pointer.pointee.data.0 else { return }
        let rowBytes = image.width * 3
        image.pixels.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            for y in 0..<image.height {
                (plane + y * stride).update(from: base + y * rowBytes, count: rowBytes)
                (plane + y * stride + rowBytes).update(repeating: 0, count: stride - rowBytes)
            }
        }
    }

    /// This RGB24 frame's first plane as a packed `RGBImage`.
    func copyOut() -> RGBImage {
        let width = Int(pointer.pointee.width)
        let height = Int(pointer.pointee.height)
        let stride = Int(pointer.pointee.linesize.0)
        let rowBytes = width * 3
        var pixels = [UInt8](repeating: 0, count: rowBytes * height)
        if let plane = pointer.pointee.data.0 {
            pixels.withUnsafeMutableBufferPointer { destination in
                guard let base = destination.baseAddress else { return }
                for y in 0..<height {
                    (base + y * rowBytes).update(from: plane + y * stride, count: rowBytes)
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }
}
