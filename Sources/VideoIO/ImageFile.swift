import CFFmpeg
import Foundation
import Imaging

/// Image files through FFmpeg's libraries: reads anything FFmpeg decodes (PNG, JPEG, WebP, …) as
/// RGB, writes PNG with the `png` encoder plus text chunks for generation parameters (A1111's
/// `parameters` key, read by other tools). Writes go to a temporary name renamed on success.
public enum ImageFile {
    /// Writes `image` as a PNG at `url`, with one `tEXt` (or `iTXt` for non-Latin-1 text) chunk per entry.
    public static func write(_ image: RGBImage, to url: URL, text: [String: String] = [:]) throws {
        let png = try PNGEncoder.encode(image, path: url.path)
        let bytes = try PNGTextChunks.insert(text, into: png, path: url.path)
        try OutputFile.writeAtomically(Data(bytes), to: url)
    }

    /// Decodes the first picture of the image at `url` into 8-bit RGB.
    public static func read(_ url: URL) throws -> RGBImage {
        let decoder = try MediaDecoder(url: url)
        guard let frame = try decoder.nextFrame() else {
            throw VideoIOError.corruptMedia(path: url.path, reason: "no picture could be decoded")
        }
        do {
            return try PixelConverter().image(from: frame)
        } catch let error as FFmpegError {
            throw VideoIOError.corruptMedia(path: url.path, reason: error.message)
        }
    }

    /// The uncompressed `tEXt`/`iTXt` entries of the PNG at `url` (empty if it has none).
    public static func readText(_ url: URL) throws -> [String: String] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw VideoIOError.unreadableFile(path: url.path, reason: "no such file or not readable")
        }
        return try PNGTextChunks.read([UInt8](data), path: url.path)
    }
}
