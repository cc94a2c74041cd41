import Foundation

/// Hand-made pickles and torch-style zip archives for the `.ckpt` tests: exactly the bytes a test
/// needs, including malformed ones.
enum Pickle {
    static let proto: [UInt8] = [0x80, 0x02]
    static let mark: [UInt8] = [0x28]
    static let tuple: [UInt8] = [0x74]
    static let emptyTuple: [UInt8] = [0x29]
    static let emptyDict: [UInt8] = [0x7D]
    static let setItems: [UInt8] = [0x75]
    static let reduce: [UInt8] = [0x52]
    static let build: [UInt8] = [0x62]
    static let persistentID: [UInt8] = [0x51]
    static let newFalse: [UInt8] = [0x89]
    static let stop: [UInt8] = [0x2E]

    static func global(_ module: String, _ name: String) -> [UInt8] { [0x63] + Array("\(module)\n\(name)\n".utf8) }

    static func string(_ text: String) -> [UInt8] { [0x58] + le32(UInt32(text.utf8.count)) + Array(text.utf8) }

    static func int(_ value: Int32) -> [UInt8] { [0x4A] + le32(UInt32(bitPattern: value)) }

    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    static func ints(_ values: [Int]) -> [UInt8] { mark + values.flatMap { int(Int32($0)) } + tuple }

    /// `_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())` as torch.save writes it.
    static func tensor(
        storageType: String = "FloatStorage", storageKey: String = "0", count: Int, offset: Int = 0, size: [Int], stride: [Int],
        offsetOpcode: [UInt8]? = nil
    ) -> [UInt8] {
        global("torch._utils", "_rebuild_tensor_v2") + mark
            + mark + string("storage") + global("torch", storageType) + string(storageKey) + string("cpu") + int(Int32(count)) + tuple
            + persistentID + (offsetOpcode ?? int(Int32(offset))) + ints(size) + ints(stride) + newFalse
            + global("collections", "OrderedDict") + emptyTuple + reduce
            + tuple + reduce
    }

    /// `{"state_dict": OrderedDict(items)}` with `_metadata` set through BUILD, as a model's state dict is saved.
    static func stateDict(_ items: [(String, [UInt8])]) -> [UInt8] {
        proto + emptyDict + mark + string("state_dict")
            + global("collections", "OrderedDict") + emptyTuple + reduce
            + mark + items.flatMap { string($0.0) + $0.1 } + setItems
            + emptyDict + mark + string("_metadata") + emptyDict + setItems + build
            + setItems + stop
    }
}

/// Writes uncompressed zip archives (local headers, central directory, end record), the layout
/// torch.save produces, so tests can put any bytes in `data.pkl` and the storages.
enum ZipTestFile {
    static func write(_ entries: [(name: String, bytes: [UInt8])], name: String = #function) throws -> String {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let offset = UInt32(out.count)
            let crc = crc32(entry.bytes)
            let nameBytes = Array(entry.name.utf8)
            let sizes = le32(crc) + le32(UInt32(entry.bytes.count)) + le32(UInt32(entry.bytes.count))
            out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + sizes
                + le16(UInt16(nameBytes.count)) + le16(0) + nameBytes + entry.bytes
            central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + sizes
                + le16(UInt16(nameBytes.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + nameBytes
        }
        let centralOffset = UInt32(out.count)
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
            + le32(UInt32(central.count)) + le32(centralOffset) + le16(0)
        return try SafetensorsTestFile.write(bytes: out, name: name)
    }

    /// A torch-style archive `archive/…` with `data.pkl` and the given storages.
    static func checkpoint(pickle: [UInt8], storages: [String: [UInt8]] = [:], byteorder: String = "little", name: String = #function) throws -> String {
        var entries: [(name: String, bytes: [UInt8])] = [("archive/data.pkl", pickle), ("archive/byteorder", Array(byteorder.utf8))]
        for key in storages.keys.sorted() { entries.append(("archive/data/\(key)", storages[key] ?? [])) }
        entries.append(("archive/version", Array("3\n".utf8)))
        return try write(entries, name: name)
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { Pickle.le32(value) }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

extension Array where Element == UInt8 {
    /// Little-endian Float32 bytes of `values`.
    static func float32(_ values: [Float]) -> [UInt8] { values.flatMap { Pickle.le32($0.bitPattern) } }
}
