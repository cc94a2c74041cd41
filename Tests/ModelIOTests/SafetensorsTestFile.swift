import Foundation

/// Writes hand-made `.safetensors` bytes (any header text, any data) to a temporary file, for the
/// malformed-input tests.
enum SafetensorsTestFile {
    /// A file of an 8-byte length (`declaredLength`, default the header's size), `header`, and `data`.
    static func write(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil, name: String = #function) throws -> String {
        var bytes: [UInt8] = []
        let headerBytes = Array(header.utf8)
        withUnsafeBytes(of: (declaredLength ?? UInt64(headerBytes.count)).littleEndian) { bytes.append(contentsOf: $0) }
        bytes += headerBytes + data
        return try write(bytes: bytes, name: name)
    }

    /// A file holding exactly `bytes`.
    static func write(bytes: [UInt8], name: String = #function) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-modelio-tests", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let safeName = name.filter { $0.isLetter || $0.isNumber }
        let url = directory.appendingPathComponent("\(safeName)-\(UUID().uuidString).safetensors")
        try Data(bytes).write(to: url)
        return url.path
    }
}
