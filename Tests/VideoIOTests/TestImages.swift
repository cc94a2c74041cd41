import Foundation
import Imaging

/// Synthetic test pictures and scratch folders for the VideoIO tests.
enum TestImages {
    /// Smooth video-like content that changes with `frame`: a travelling sine wave in red, a
    /// vertical ramp in green and a moving soft blob in blue.
    static func gradient(width: Int, height: Int, frame: Int = 0) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        let centreX = Double((frame * 2) % width), centreY = Double(height) / 2
        for y in 0..<height {
            for x in 0..<width {
                let r = 128 + 100 * sin(2 * Double.pi * Double(x + 2 * frame) / Double(width))
                let g = Double(y * 255 / max(1, height - 1))
                let d2 = (Double(x) - centreX) * (Double(x) - centreX) + (Double(y) - centreY) * (Double(y) - centreY)
                let b = 60 + 150 * exp(-d2 / 128)
                image[x, y] = (UInt8(r.rounded()), UInt8(g), UInt8(b.rounded()))
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

/// A 16-bit PCM WAV file of a stereo tone, written byte by byte (no FFmpeg involved).
enum TestAudio {
    static func writeTone(to url: URL, seconds: Double, sampleRate: Int = 44100) throws {
        let samples = Int(seconds * Double(sampleRate))
        var data = Data()
        func append32(_ value: Int) { data.append(contentsOf: (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }) }
        func append16(_ value: Int) { data.append(contentsOf: (0..<2).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }) }
        data.append(contentsOf: Array("RIFF".utf8)); append32(36 + samples * 4)
        data.append(contentsOf: Array("WAVEfmt ".utf8)); append32(16)
        append16(1); append16(2); append32(sampleRate); append32(sampleRate * 4); append16(4); append16(16)
        data.append(contentsOf: Array("data".utf8)); append32(samples * 4)
        for i in 0..<samples {
            let t = Double(i) / Double(sampleRate)
            append16(Int(8000 * sin(2 * Double.pi * 440 * t)))
            append16(Int(8000 * sin(2 * Double.pi * 660 * t)))
        }
        try data.write(to: url)
    }
}
