import Foundation
import ModelIO
import TestSupport
import Testing

/// SHA-256 against FIPS 180-4 / NIST test vectors, and the A1111 "AutoV2" model hash of a file.
@Suite struct ModelHashTests {
    @Test func sha256MatchesTheStandardVectors() {
        #expect(ModelHash.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ModelHash.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            ModelHash.sha256Hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            ModelHash.sha256Hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func autoV2IsTheFirstTenHexDigitsOfTheFileHashAndFoldersHaveNone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-hash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        setenv("XDG_CACHE_HOME", folder.appendingPathComponent("cache").path, 1)
        let file = folder.appendingPathComponent("model.safetensors")
        let bytes = (0..<200_003).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        try Data(bytes).write(to: file)
        let expected = String(ModelHash.sha256Hex(bytes).prefix(10))
        #expect(ModelHash.autoV2(path: file.path) == expected)
        #expect(ModelHash.autoV2(path: file.path) == expected)
        #expect(ModelHash.autoV2(path: folder.path) == nil)
        #expect(ModelHash.autoV2(path: folder.appendingPathComponent("missing").path) == nil)
    }
}
