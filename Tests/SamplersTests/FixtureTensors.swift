import Foundation
import TestSupport

/// The float32 tensors of a safetensors fixture (the format is an 8-byte little-endian header
/// length, a JSON header of `name: {dtype, shape, data_offsets}`, then the raw data).
struct FixtureTensors {
    struct Entry {
        let shape: [Int]
        let values: [Float]
    }

    let entries: [String: Entry]

    init(_ relativePath: String) throws {
        let data = try Fixtures.data(relativePath)
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + headerLength))) as? [String: Any]
        var entries: [String: Entry] = [:]
        for (name, value) in header ?? [:] {
            guard let info = value as? [String: Any], info["dtype"] as? String == "F32",
                let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int]
            else { continue }
            let bytes = data.subdata(in: (8 + headerLength + offsets[0])..<(8 + headerLength + offsets[1]))
            let values = bytes.withUnsafeBytes { raw in
                (0..<(bytes.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
            entries[name] = Entry(shape: shape, values: values)
        }
        self.entries = entries
    }

    subscript(name: String) -> Entry? { entries[name] }
}
