import Foundation
import Tensors

/// Writes Float32 tensors as a `.safetensors` file (what `--latents-out` and test fixtures need):
/// the header lists tensors in name order with contiguous offsets, padded with spaces to a multiple
/// of 8 bytes as the reference writer does, so the data section is aligned.
public enum SafetensorsWriter {
    /// The file's bytes.
    public static func data(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> Data {
        var header = "{"
        var members: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(quoted($0)):\(quoted(metadata[$0] ?? ""))" }
            members.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for name in tensors.keys.sorted() {
            guard let tensor = tensors[name] else { continue }
            let end = offset + tensor.count * 4
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            members.append("\(quoted(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        header += members.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var data = Data(capacity: 8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: headerBytes)
        for name in tensors.keys.sorted() {
            tensors[name]?.withUnsafeBufferPointer { data.append(contentsOf: UnsafeRawBufferPointer($0)) }
        }
        return data
    }

    /// Writes the file to `path`.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to path: String) throws {
        do { try data(tensors, metadata: metadata).write(to: URL(fileURLWithPath: path)) } catch {
            throw ModelIOError.unwritable(file: path, detail: error.localizedDescription)
        }
    }

    private static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
