import Foundation
import Imaging

/// Synthetic test pictures and scratch folders for the VideoIO tests.
enum TestImages {
    /// A smooth moving gradient with a square, different for each `frame` (video-like content).
    static func gradient(width: Int, height: Int, frame: Int = 0) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let r = UInt8((x * 255 / max(1, width - 1) + frame * 4) % 256)
                let g = UInt8((y * 255 / max(1, height - 1)) % 256)
                let inSquare = abs(x - (frame * 2) % width - 8) < 8 && abs(y - height / 2) < 8
                image[x, y] = (r, g, inSquare ? 230 : UInt8((x + y) % 64 + 64))
            }
        }
        return image
    }

    /// A fresh empty folder under the system temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-videoio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
