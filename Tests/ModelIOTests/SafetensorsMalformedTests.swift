import ModelIO
import Testing

/// Every malformed header is refused on open with a message naming the file and the key or offset.
@Suite struct SafetensorsMalformedTests {
    /// Opens a file made of `header` and `data`, expecting a refusal whose text contains `fragment`.
    func expectRefusal(
        _ header: String, data: [UInt8] = [], declaredLength: UInt64? = nil, _ fragment: String, name: String = #function
    ) throws {
        let path = try SafetensorsTestFile.write(header: header, data: data, declaredLength: declaredLength, name: name)
        let error = #expect(throws: ModelIOError.self) { try SafetensorsFile(path: path) }
        let message = error?.description ?? ""
        #expect(message.hasPrefix(path + ": "), "\(message)")
        #expect(message.contains(fragment), "\(message)")
    }

    let good = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#

    @Test func emptyFile() throws {
        let path = try SafetensorsTestFile.write(bytes: [])
        #expect(throws: ModelIOError.self) { try SafetensorsFile(path: path) }
    }

    @Test func truncatedBeforeTheLength() throws {
        let path = try SafetensorsTestFile.write(bytes: [5, 0, 0])
        let error = #expect(throws: ModelIOError.self) { try SafetensorsFile(path: path) }
        #expect(error?.description.contains("truncated: 3 bytes") == true)
    }

    @Test func truncatedData() throws {
        try expectRefusal(good, data: [0, 0, 0, 0], "tensor 'w': data_offsets [0, 8] run past the end of the data section (4 bytes)")
    }

    @Test func headerLengthPastTheEnd() throws {
        try expectRefusal(good, declaredLength: 9999, "header length 9999 at offset 0 runs past the end of the file")
    }

    @Test func hugeHeaderLength() throws {
        try expectRefusal(good, declaredLength: UInt64.max, "header length 18446744073709551615 at offset 0")
    }

    @Test func notJSON() throws {
        try expectRefusal(#"{"w": nope}"#, "header is not valid JSON: invalid literal at offset 15")
    }

    @Test func notAnObject() throws {
        try expectRefusal("[1, 2]", "header is not a JSON object")
    }

    @Test func deeplyNestedJSON() throws {
        try expectRefusal(String(repeating: "[", count: 10_000), "nesting deeper than 64")
    }

    @Test func unknownDType() throws {
        try expectRefusal(#"{"w":{"dtype":"F17","shape":[2],"data_offsets":[0,8]}}"#, data: .init(repeating: 0, count: 8), "tensor 'w': unknown dtype 'F17'")
    }

    @Test func offsetsOutsideTheData() throws {
        try expectRefusal(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#, data: .init(repeating: 0, count: 8), "tensor 'w': data_offsets [8, 16] run past the end")
    }

    @Test func descendingOffsets() throws {
        try expectRefusal(#"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#, data: .init(repeating: 0, count: 8), "tensor 'w': data_offsets [8, 0] are not an ascending pair")
    }

    @Test func negativeOffset() throws {
        try expectRefusal(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}"#, data: .init(repeating: 0, count: 8), "tensor 'w': data_offsets [-8, 0]")
    }

    @Test func overlappingTensors() throws {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[2],"data_offsets":[6,10]}}"#
        try expectRefusal(header, data: .init(repeating: 0, count: 12), "tensor 'b' (bytes 6..<10) overlaps tensor 'a' (bytes 0..<8)")
    }

    @Test func shapeTimesDTypeIsNotTheByteLength() throws {
        try expectRefusal(#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: .init(repeating: 0, count: 8), "tensor 'w': shape [3] of F32 needs 12 bytes but data_offsets [0, 8] hold 8")
    }

    @Test func shapeOverflows() throws {
        let header = #"{"w":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,8]}}"#
        try expectRefusal(header, data: .init(repeating: 0, count: 8), "tensor 'w': shape [4294967296, 4294967296, 4] overflows")
    }

    @Test func shapeTimesDTypeOverflows() throws {
        let header = #"{"w":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,8]}}"#
        try expectRefusal(header, data: .init(repeating: 0, count: 8), "tensor 'w': shape [2305843009213693952] × 8 bytes overflows")
    }

    @Test func hugeShapeEntry() throws {
        let header = #"{"w":{"dtype":"F32","shape":[99999999999999999999999],"data_offsets":[0,8]}}"#
        try expectRefusal(header, data: .init(repeating: 0, count: 8), "tensor 'w': shape [1e+23] has an entry that is not a non-negative integer")
    }

    @Test func fractionalOrNegativeShape() throws {
        try expectRefusal(#"{"w":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}"#, data: .init(repeating: 0, count: 8), "not a non-negative integer")
        try expectRefusal(#"{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: .init(repeating: 0, count: 8), "not a non-negative integer")
    }

    @Test func duplicateKey() throws {
        let header = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        try expectRefusal(header, data: .init(repeating: 0, count: 8), "duplicate key 'w' at offset 62")
    }

    @Test func unexpectedOrMissingField() throws {
        try expectRefusal(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}}"#, data: .init(repeating: 0, count: 8), "tensor 'w': unexpected field 'x'")
        try expectRefusal(#"{"w":{"dtype":"F32","data_offsets":[0,8]}}"#, data: .init(repeating: 0, count: 8), "tensor 'w': missing or non-array 'shape'")
        try expectRefusal(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#, data: .init(repeating: 0, count: 8), "tensor 'w': 'data_offsets' is not a pair of integers")
    }

    @Test func metadataMustBeStrings() throws {
        try expectRefusal(#"{"__metadata__":{"a":1}}"#, "'__metadata__' value 'a' is not a string")
    }

    @Test func unconvertibleDTypeIsRefusedOnRead() throws {
        let path = try SafetensorsTestFile.write(header: #"{"w":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}"#, data: [0, 0])
        let file = try SafetensorsFile(path: path)
        #expect(throws: ModelIOError.unsupportedDType(file: path, key: "w", dtype: "F8_E4M3")) { try file.tensor(named: "w") }
    }

    @Test func missingFile() {
        #expect(throws: ModelIOError.unreadable(file: "/nonexistent/x.safetensors", detail: "No such file or directory")) {
            try SafetensorsFile(path: "/nonexistent/x.safetensors")
        }
    }
}
