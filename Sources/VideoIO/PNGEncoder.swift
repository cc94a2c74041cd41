import CFFmpeg
import Foundation
import Imaging

/// Encodes one `RGBImage` to PNG bytes with libavcodec's `png` encoder (RGB24, lossless).
enum PNGEncoder {
    static func encode(_ image: RGBImage, path: String) throws -> [UInt8] {
        guard image.width > 0, image.height > 0 else {
            throw VideoIOError.invalidArgument(name: "image size", reason: "\(image.width)×\(image.height) is empty")
        }
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_PNG) else {
            throw VideoIOError.unknownCodec(name: "png", available: VideoCodec.available.map(\.rawValue))
        }
        let encoder = try EncoderContext(codec: codec)
        let context = encoder.pointer
        context.pointee.width = Int32(image.width)
        context.pointee.height = Int32(image.height)
        context.pointee.pix_fmt = AV_PIX_FMT_RGB24
        context.pointee.time_base = AVRational(num: 1, den: 1)
        try encoder.open(codec: codec, options: [:], path: path)
        let frame = try FFmpegFrame(width: image.width, height: image.height, format: AV_PIX_FMT_RGB24)
        frame.copyIn(image)
        frame.pointer.pointee.pts = 0
        var bytes: [UInt8] = []
        try encoder.send(frame.pointer, path: path) { packet in
            bytes.append(contentsOf: UnsafeBufferPointer(start: packet.pointee.data, count: Int(packet.pointee.size)))
        }
        try encoder.send(nil, path: path) { packet in
            bytes.append(contentsOf: UnsafeBufferPointer(start: packet.pointee.data, count: Int(packet.pointee.size)))
        }
        return bytes
    }
}
