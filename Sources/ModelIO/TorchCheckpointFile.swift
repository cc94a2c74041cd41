import Foundation
import Tensors
import ZIPFoundation

/// One PyTorch `.ckpt`/`.pt` file in the zip format `torch.save` has written since torch 1.6:
/// `<name>/data.pkl` (the pickled object, read by the restricted `TorchPickle`), `<name>/data/<key>`
/// (one entry per storage, raw little-endian elements) and `<name>/byteorder`. The archive is read
/// with ZIPFoundation; every tensor's storage entry and byte range is checked on open, and each
/// tensor is read and converted to Float32 when it is asked for.
///
/// Limitations: the pre-1.6 format (a bare pickle followed by raw storages) and big-endian archives
/// are refused with a message saying so; non-contiguous tensors are refused (`TorchPickle`).
/// `@unchecked Sendable`: the ZIPFoundation archive keeps a file position, so every read takes `lock`.
public final class TorchCheckpointFile: TensorSource, @unchecked Sendable {
    /// The path the file was opened from (named in every error).
    public let path: String
    /// State-dict keys in pickle order.
    public let tensorNames: [String]
    /// State-dict keys whose values are not tensors (such as `global_step`), skipped.
    public let nonTensorKeys: [String]

    private let records: [String: TorchPickle.TensorRecord]
    private let storages: [String: Entry]
    private let archive: Archive
    private let lock = NSLock()

    /// Largest `data.pkl` accepted (SD1.5's is about 100 kB).
    static let maximumPickleSize = 256 << 20
    /// Largest expansion a deflated entry can have (deflate's limit is 1032:1).
    static let maximumDeflateRatio: UInt64 = 1032
    static let readChunkSize = 1 << 20

    /// Opens and validates `path`.
    /// - Throws: `ModelIOError` naming the file and the entry, key or pickle offset.
    public init(path: String) throws(ModelIOError) {
        self.path = path
        let fileSize = try Self.checkZipSignature(path)
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw .malformed(file: path, detail: "not a readable zip archive (truncated or damaged): \(error)")
        }
        var entries: [String: Entry] = [:]
        for entry in archive where entries[entry.path] == nil {
            let limit = entry.isCompressed ? entry.compressedSize.multipliedReportingOverflow(by: Self.maximumDeflateRatio).partialValue : UInt64(fileSize)
            guard entry.uncompressedSize <= limit, entry.compressedSize <= UInt64(fileSize) else {
                throw .malformed(file: path, detail: "zip entry '\(entry.path)' claims \(entry.uncompressedSize) bytes, more than the archive can hold")
            }
            entries[entry.path] = entry
        }
        let pickles = entries.keys.filter { $0.hasSuffix("/data.pkl") && $0.split(separator: "/").count == 2 }.sorted()
        guard let pickleName = pickles.first else {
            throw .malformed(file: path, detail: "zip archive has no '<name>/data.pkl': not a torch.save checkpoint")
        }
        let prefix = String(pickleName.dropLast("data.pkl".count))
        if let byteorder = entries[prefix + "byteorder"] {
            let order = try Self.extract(archive, byteorder, limit: 16, file: path)
            guard order == Array("little".utf8) else {
                throw .malformed(file: path, detail: "byte order '\(String(decoding: order, as: UTF8.self))' is not supported (only little)")
            }
        }
        guard let pickleEntry = entries[pickleName] else { throw .malformed(file: path, detail: "no '\(pickleName)'") }
        let pickle = try Self.extract(archive, pickleEntry, limit: Self.maximumPickleSize, file: path)
        let state = try TorchPickle.stateDict(pickle, file: path)
        var storages: [String: Entry] = [:]
        for name in state.names {
            guard let record = state.tensors[name] else { continue }
            let entryName = prefix + "data/" + record.storage.key
            guard let entry = entries[entryName] else {
                throw .malformed(file: path, detail: "tensor '\(name)': storage entry '\(entryName)' is missing")
            }
            let needed = UInt64(record.storage.count) * UInt64(record.storage.dtype.byteSize)
            guard entry.uncompressedSize >= needed else {
                throw .malformed(
                    file: path,
                    detail: "tensor '\(name)': storage entry '\(entryName)' holds \(entry.uncompressedSize) bytes, its \(record.storage.count) \(record.storage.dtype.rawValue) elements need \(needed)")
            }
            storages[record.storage.key] = entry
        }
        self.records = state.tensors
        self.storages = storages
        self.tensorNames = state.names
        self.nonTensorKeys = state.nonTensorKeys
    }

    public func shape(of name: String) -> [Int]? { records[name]?.shape }

    /// The stored element type of `name`.
    public func dtype(of name: String) -> TensorDType? { records[name]?.storage.dtype }

    public func tensor(named name: String) throws -> Tensor {
        guard let record = records[name], let entry = storages[record.storage.key] else {
            throw ModelIOError.missingTensor(file: path, key: name)
        }
        let size = record.storage.dtype.byteSize
        let start = record.offset * size
        let end = start + record.count * size
        let bytes = try lock.withLock { () throws(ModelIOError) in
            try Self.extract(archive, entry, limit: end, file: path, stopAt: end)
        }
        guard bytes.count >= end else {
            throw ModelIOError.malformed(file: path, detail: "tensor '\(name)': storage entry '\(entry.path)' ends after \(bytes.count) bytes, \(end) needed")
        }
        return try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws(ModelIOError) in
            try TensorDecoding.tensor(
                bytes: UnsafeRawBufferPointer(rebasing: raw[start..<end]), dtype: record.storage.dtype,
                shape: record.shape, file: path, key: name)
        }
    }

    /// The first bytes of `path` must be a zip local header; a pre-1.6 torch file starts with a pickle.
    /// - Returns: the file's size.
    private static func checkZipSignature(_ path: String) throws(ModelIOError) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(file: path, detail: "cannot open") }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
        let size = Int((try? handle.seekToEnd()) ?? 0)
        if head == [0x50, 0x4B, 0x03, 0x04] { return size }
        if head.first == 0x80 {
            throw .malformed(file: path, detail: "legacy (pre-torch-1.6) checkpoint format is not supported; re-save it with a current torch.save")
        }
        throw .malformed(file: path, detail: "not a zip archive (bytes 0-3 are not 'PK\\3\\4'): not a torch.save checkpoint")
    }

    /// The entry's bytes, at most `limit` (more is an error) or, with `stopAt`, the first `stopAt`
    /// (reading stops there). The CRC-32 is checked whenever the whole entry is read.
    private static func extract(
        _ archive: Archive, _ entry: Entry, limit: Int, file: String, stopAt: Int? = nil
    ) throws(ModelIOError) -> [UInt8] {
        struct Enough: Error {}
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(limit, Int(clamping: entry.uncompressedSize)))
        if stopAt == 0 { return bytes }
        var checksum = CRC32Checksum()
        do {
            _ = try archive.extract(entry, bufferSize: readChunkSize, skipCRC32: true) { chunk in
                chunk.withUnsafeBytes { checksum.update($0) }
                let room = limit - bytes.count
                if chunk.count > room {
                    guard stopAt != nil else { throw ModelIOError.malformed(file: file, detail: "zip entry '\(entry.path)' is larger than \(limit) bytes") }
                    bytes.append(contentsOf: chunk.prefix(room))
                    throw Enough()
                }
                bytes.append(contentsOf: chunk)
                if let stopAt, bytes.count >= stopAt, UInt64(stopAt) < entry.uncompressedSize { throw Enough() }
            }
        } catch is Enough {
            return bytes
        } catch let error as ModelIOError {
            throw error
        } catch {
            throw .malformed(file: file, detail: "zip entry '\(entry.path)' cannot be read (truncated or damaged): \(error)")
        }
        guard checksum.value == entry.checksum else {
            throw .malformed(file: file, detail: "zip entry '\(entry.path)' cannot be read (truncated or damaged): CRC-32 mismatch")
        }
        return bytes
    }
}
