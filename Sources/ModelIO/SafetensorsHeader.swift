/// The validated header of a `.safetensors` file: where each tensor's bytes are, its dtype and
/// shape, and the free-form `__metadata__`.
///
/// Layout (huggingface/safetensors): an unsigned 64-bit little-endian header length N, N bytes of
/// JSON, then the data section. Validation is strict and complete before any tensor is read: every
/// entry has exactly `dtype`, `shape` and `data_offsets`; the dtype is known; the shape's element
/// count times the dtype size cannot overflow and equals the byte range; ranges lie inside the data
/// section and do not overlap. Nothing is allocated by a size read from the file. Pure (no file
/// access) so the fuzz target can drive it.
public struct SafetensorsHeader: Sendable {
    /// One tensor's entry.
    public struct Entry: Sendable, Equatable {
        public let dtype: TensorDType
        public let shape: [Int]
        /// Byte range within the data section.
        public let range: Range<Int>
    }

    /// Largest header accepted (the reference implementation's limit is 100 MB).
    public static let maximumHeaderLength = 100_000_000

    public let entries: [String: Entry]
    /// Tensor names in data-offset order.
    public let names: [String]
    public let metadata: [String: String]
    /// Byte offset of the data section in the file (8 + header length).
    public let dataOffset: Int

    /// Parses and validates the header of a file whose bytes are `file` (at least the first
    /// `8 + N` bytes; `fileSize` is the whole file's size). `fileName` is only used in errors.
    public init(file: UnsafeRawBufferPointer, fileSize: Int, fileName: String) throws(ModelIOError) {
        func fail(_ detail: String) -> ModelIOError { .malformed(file: fileName, detail: detail) }
        guard fileSize >= 8, file.count >= 8 else {
            throw fail("truncated: \(fileSize) bytes, shorter than the 8-byte header length")
        }
        var length: UInt64 = 0
        for index in (0..<8).reversed() { length = length << 8 | UInt64(file[index]) }
        guard length <= UInt64(fileSize - 8) else {
            throw fail("header length \(length) at offset 0 runs past the end of the file (\(fileSize) bytes)")
        }
        guard length <= UInt64(Self.maximumHeaderLength) else {
            throw fail("header length \(length) exceeds the \(Self.maximumHeaderLength)-byte limit")
        }
        let headerLength = Int(length)
        guard file.count >= 8 + headerLength else { throw fail("truncated inside the header") }
        let json: JSONValue
        do {
            json = try JSONValue.parse(UnsafeRawBufferPointer(rebasing: file[8..<(8 + headerLength)]))
        } catch {
            throw fail("header is not valid JSON: \(error.reason) at offset \(8 + error.position)")
        }
        guard case .object(let members) = json else { throw fail("header is not a JSON object") }

        let dataSize = fileSize - 8 - headerLength
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in members {
            if name == "__metadata__" {
                metadata = try Self.metadata(value, fail: fail)
            } else {
                entries[name] = try Self.entry(name, value, dataSize: dataSize, fail: fail)
            }
        }
        let ordered = entries.sorted { ($0.value.range.lowerBound, $0.value.range.upperBound, $0.key)
            < ($1.value.range.lowerBound, $1.value.range.upperBound, $1.key) }
        for (previous, next) in zip(ordered, ordered.dropFirst())
        where next.value.range.lowerBound < previous.value.range.upperBound {
            throw fail("tensor '\(next.key)' (bytes \(next.value.range)) overlaps tensor '\(previous.key)' (bytes \(previous.value.range))")
        }
        self.entries = entries
        self.names = ordered.map(\.key)
        self.metadata = metadata
        self.dataOffset = 8 + headerLength
    }

    private static func metadata(_ value: JSONValue, fail: (String) -> ModelIOError) throws(ModelIOError) -> [String: String] {
        guard case .object(let members) = value else { throw fail("'__metadata__' is not an object") }
        var metadata: [String: String] = [:]
        for (key, item) in members {
            guard let string = item.stringValue else { throw fail("'__metadata__' value '\(key)' is not a string") }
            metadata[key] = string
        }
        return metadata
    }

    private static func entry(
        _ name: String, _ value: JSONValue, dataSize: Int, fail: (String) -> ModelIOError
    ) throws(ModelIOError) -> Entry {
        func bad(_ detail: String) -> ModelIOError { fail("tensor '\(name)': \(detail)") }
        guard case .object(let fields) = value else { throw bad("entry is not an object") }
        for (key, _) in fields where !["dtype", "shape", "data_offsets"].contains(key) {
            throw bad("unexpected field '\(key)'")
        }
        guard let dtypeName = value["dtype"]?.stringValue else { throw bad("missing or non-string 'dtype'") }
        guard let dtype = TensorDType(rawValue: dtypeName) else { throw bad("unknown dtype '\(dtypeName)'") }
        guard case .array(let shapeValues) = value["shape"] else { throw bad("missing or non-array 'shape'") }
        var shape: [Int] = []
        var count = 1
        for extent in shapeValues {
            guard let extent = extent.integerValue, extent >= 0 else {
                throw bad("shape \(Self.render(shapeValues)) has an entry that is not a non-negative integer")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw bad("shape \(Self.render(shapeValues)) overflows") }
            count = product
            shape.append(extent)
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow else { throw bad("shape \(shape) × \(dtype.byteSize) bytes overflows") }
        guard case .array(let offsets) = value["data_offsets"], offsets.count == 2,
            let begin = offsets[0].integerValue, let end = offsets[1].integerValue
        else { throw bad("'data_offsets' is not a pair of integers") }
        guard begin >= 0, begin <= end else { throw bad("data_offsets [\(begin), \(end)] are not an ascending pair") }
        guard end <= dataSize else {
            throw bad("data_offsets [\(begin), \(end)] run past the end of the data section (\(dataSize) bytes)")
        }
        guard end - begin == byteCount else {
            throw bad("shape \(shape) of \(dtype.rawValue) needs \(byteCount) bytes but data_offsets [\(begin), \(end)] hold \(end - begin)")
        }
        return Entry(dtype: dtype, shape: shape, range: begin..<end)
    }

    private static func render(_ values: [JSONValue]) -> String {
        "[" + values.map { value in
            switch value {
            case .integer(let integer): String(integer)
            case .number(let number): String(number)
            default: "…"
            }
        }.joined(separator: ", ") + "]"
    }
}
