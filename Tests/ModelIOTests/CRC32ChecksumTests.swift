import Testing

@testable import ModelIO

@Suite struct CRC32ChecksumTests {
    /// The CRC-32/ISO-HDLC check value, and agreement with the bitwise definition at every length
    /// and alignment around the 8-byte steps.
    @Test func matchesTheDefinition() {
        var check = CRC32Checksum()
        Array("123456789".utf8).withUnsafeBytes { check.update($0) }
        #expect(check.value == 0xCBF4_3926)
        let bytes: [UInt8] = (0..<67).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 7) }
        for start in 0..<9 {
            for end in start...bytes.count {
                let slice = Array(bytes[start..<end])
                var crc = CRC32Checksum()
                // Fed in two uneven parts: the state carries across calls.
                let split = slice.count / 3
                slice.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[0..<split])) }
                slice.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[split...])) }
                #expect(crc.value == ZipTestFile.crc32(slice), "bytes \(start)..<\(end)")
            }
        }
    }
}
