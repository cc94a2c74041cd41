import Foundation
import ZIPFoundation

/// Decompresses a single-member gzip file (RFC 1952): parses the header, inflates the raw DEFLATE
/// body with ZIPFoundation's decoder, and checks the trailer's length and CRC-32.
enum Gunzip {
    static func decompress(_ data: Data) throws -> Data {
        let bytes = [UInt8](data)
        guard bytes.count >= 18 else { throw TokenizersError.badGzip("shorter than a gzip header and trailer", offset: 0) }
        guard bytes[0] == 0x1F, bytes[1] == 0x8B else { throw TokenizersError.badGzip("missing magic bytes 1f 8b", offset: 0) }
        guard bytes[2] == 8 else { throw TokenizersError.badGzip("compression method \(bytes[2]) is not DEFLATE", offset: 2) }
        let flags = bytes[3]
        var position = 10
        if flags & 0x04 != 0 {  // FEXTRA
            guard position + 2 <= bytes.count else { throw TokenizersError.badGzip("truncated extra field", offset: position) }
            position += 2 + Int(bytes[position]) | Int(bytes[position + 1]) << 8
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            while position < bytes.count, bytes[position] != 0 { position += 1 }
            position += 1
        }
        if flags & 0x02 != 0 { position += 2 }  // FHCRC
        let trailerStart = bytes.count - 8
        guard position <= trailerStart else { throw TokenizersError.badGzip("header runs past the data", offset: position) }

        let body = data.subdata(in: data.startIndex + position..<data.startIndex + trailerStart)
        var output = Data()
        let crc: CRC32
        do {
            crc = try Data.decompress(
                size: Int64(body.count), bufferSize: 1 << 16, skipCRC32: false,
                provider: { offset, size in
                    let start = min(Int(offset), body.count)
                    return body.subdata(in: body.startIndex + start..<body.startIndex + min(start + size, body.count))
                },
                consumer: { output.append($0) })
        } catch {
            throw TokenizersError.badGzip("DEFLATE stream invalid (\(error))", offset: position)
        }
        let expectedCRC = readUInt32(bytes, trailerStart)
        let expectedSize = readUInt32(bytes, trailerStart + 4)
        guard crc == expectedCRC else { throw TokenizersError.badGzip("CRC-32 mismatch", offset: trailerStart) }
        guard UInt32(truncatingIfNeeded: output.count) == expectedSize else {
            throw TokenizersError.badGzip("length mismatch", offset: trailerStart + 4)
        }
        return output
    }

    private static func readUInt32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
