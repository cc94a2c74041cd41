/// Reads and inserts PNG text chunks (PNG spec §11.3.4): `tEXt` for Latin-1 text, `iTXt`
/// (uncompressed, UTF-8) otherwise — the choice Pillow makes, so A1111's `parameters` key reads
/// the same in every tool. Compressed `zTXt`/compressed `iTXt` chunks are skipped when reading.
enum PNGTextChunks {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// `png` with one text chunk per entry inserted just before `IEND`, keys in sorted order.
    static func insert(_ text: [String: String], into png: [UInt8], path: String) throws -> [UInt8] {
        guard !text.isEmpty else { return png }
        guard let iend = try chunks(of: png, path: path).last(where: { $0.type == "IEND" }) else {
            throw VideoIOError.corruptMedia(path: path, reason: "PNG has no IEND chunk")
        }
        var output = Array(png[..<iend.start])
        for (key, value) in text.sorted(by: { $0.key < $1.key }) {
            let keyword = Array(key.unicodeScalars)
            guard (1...79).contains(keyword.count), keyword.allSatisfy({ $0.value >= 32 && $0.value <= 255 }) else {
                throw VideoIOError.invalidArgument(
                    name: "PNG text key '\(key)'", reason: "must be 1–79 printable Latin-1 characters")
            }
            let keyBytes = keyword.map { UInt8($0.value) }
            if value.unicodeScalars.allSatisfy({ $0.value <= 255 }) {
                let data = keyBytes + [0] + value.unicodeScalars.map { UInt8($0.value) }
                appendChunk(type: "tEXt", data: data, to: &output)
            } else {
                // keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty translated keyword, NUL
                let data = keyBytes + [0, 0, 0, 0, 0] + Array(value.utf8)
                appendChunk(type: "iTXt", data: data, to: &output)
            }
        }
        output.append(contentsOf: png[iend.start...])
        return output
    }

    /// The uncompressed text entries of `png` (a later chunk with the same key wins).
    static func read(_ png: [UInt8], path: String) throws -> [String: String] {
        var text: [String: String] = [:]
        for chunk in try chunks(of: png, path: path) {
            let data = png[chunk.dataRange]
            guard let nul = data.firstIndex(of: 0) else { continue }
            let key = latin1(data[data.startIndex..<nul])
            switch chunk.type {
            case "tEXt":
                text[key] = latin1(data[(nul + 1)...])
            case "iTXt":
                let rest = data[(nul + 1)...]
                guard rest.count >= 2, rest[rest.startIndex] == 0 else { continue }
                let afterFlags = rest.startIndex + 2
                guard let languageEnd = rest[afterFlags...].firstIndex(of: 0),
                      let translatedEnd = rest[(languageEnd + 1)...].firstIndex(of: 0)
                else { continue }
                text[key] = String(decoding: rest[(translatedEnd + 1)...], as: UTF8.self)
            default:
                continue
            }
        }
        return text
    }

    struct Chunk {
        let type: String
        /// Offset of the chunk's length field.
        let start: Int
        let dataRange: Range<Int>
    }

    /// The chunks of `png`, checking the signature, lengths and CRCs.
    static func chunks(of png: [UInt8], path: String) throws -> [Chunk] {
        guard png.count >= 8, Array(png[0..<8]) == signature else {
            throw VideoIOError.corruptMedia(path: path, reason: "not a PNG file (bad signature)")
        }
        var result: [Chunk] = []
        var offset = 8
        while offset < png.count {
            guard offset + 12 <= png.count else {
                throw VideoIOError.corruptMedia(path: path, reason: "PNG truncated at byte \(offset)")
            }
            let length = png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let dataStart = offset + 8
            guard length <= png.count - dataStart - 4 else {
                throw VideoIOError.corruptMedia(path: path, reason: "PNG chunk at byte \(offset) runs past the end")
            }
            let type = String(decoding: png[offset + 4..<offset + 8], as: UTF8.self)
            let stored = png[dataStart + length..<dataStart + length + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard stored == CRC32.checksum(png[offset + 4..<dataStart + length]) else {
                throw VideoIOError.corruptMedia(path: path, reason: "PNG chunk \(type) at byte \(offset) has a bad CRC")
            }
            result.append(Chunk(type: type, start: offset, dataRange: dataStart..<dataStart + length))
            offset = dataStart + length + 4
            if type == "IEND" { break }
        }
        return result
    }

    private static func appendChunk(type: String, data: [UInt8], to output: inout [UInt8]) {
        let length = UInt32(data.count)
        output.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: length >> $0) })
        let typeAndData = Array(type.utf8) + data
        output.append(contentsOf: typeAndData)
        let crc = CRC32.checksum(typeAndData[...])
        output.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: crc >> $0) })
    }

    private static func latin1(_ bytes: ArraySlice<UInt8>) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}

/// The CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42, polynomial 0xEDB88320, PNG spec annex D).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
