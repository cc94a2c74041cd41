import Foundation
import Imaging
import TestSupport

/// Reads `Tests/Fixtures/imaging/` (made by `scripts/fixtures/make_imaging.py`).
enum ImagingFixtures {
    static var manifest: [String: Any] {
        guard let data = try? Fixtures.data("imaging/manifest.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    static var width: Int { manifest["width"] as? Int ?? 0 }
    static var height: Int { manifest["height"] as? Int ?? 0 }

    /// The cases listed under `key`.
    static func cases(_ key: String) -> [[String: Any]] {
        manifest[key] as? [[String: Any]] ?? []
    }

    /// A raw RGB fixture of the given size (default: the manifest's size).
    static func image(_ file: String, width: Int? = nil, height: Int? = nil) throws -> RGBImage {
        let bytes = [UInt8](try Fixtures.data("imaging/" + file))
        return RGBImage(width: width ?? self.width, height: height ?? self.height, pixels: bytes)
    }

    /// A little-endian float32 fixture.
    static func floats(_ file: String) throws -> [Float] {
        let data = try Fixtures.data("imaging/" + file)
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    static func source() throws -> RGBImage {
        try image(manifest["source"] as? String ?? "source.rgb")
    }
}

/// The largest per-byte difference between two same-sized images, and how many bytes differ.
func byteDifference(_ a: RGBImage, _ b: RGBImage) -> (max: Int, count: Int) {
    precondition(a.pixels.count == b.pixels.count)
    var maximum = 0
    var count = 0
    for (x, y) in zip(a.pixels, b.pixels) where x != y {
        maximum = max(maximum, abs(Int(x) - Int(y)))
        count += 1
    }
    return (maximum, count)
}

extension Dictionary where Key == String, Value == Any {
    func double(_ key: String, _ fallback: Double = 0) -> Double {
        (self[key] as? NSNumber)?.doubleValue ?? fallback
    }
    func string(_ key: String) -> String { self[key] as? String ?? "" }
}
