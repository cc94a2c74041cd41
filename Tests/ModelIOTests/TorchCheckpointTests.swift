import Foundation
import ModelIO
import Tensors
import TestSupport
import Testing

/// `.ckpt` reading: the restricted unpickler and the zip archive, on hand-made files.
@Suite struct TorchCheckpointTests {
    /// Opens a `.ckpt` made of `pickle` and `storages`, expecting a refusal containing `fragment`.
    func expectRefusal(_ pickle: [UInt8], storages: [String: [UInt8]] = [:], _ fragment: String, name: String = #function) throws {
        let path = try ZipTestFile.checkpoint(pickle: pickle, storages: storages, name: name)
        let error = #expect(throws: ModelIOError.self) { try TorchCheckpointFile(path: path) }
        let message = error?.description ?? ""
        #expect(message.hasPrefix(path + ": "), "\(message)")
        #expect(message.contains(fragment), "\(message)")
    }

    @Test func readsAStateDictWithSharedStorageAndMetadata() throws {
        let pickle = Pickle.stateDict([
            ("a", Pickle.tensor(count: 6, size: [2, 2], stride: [2, 1])),
            ("b", Pickle.tensor(count: 6, offset: 4, size: [2, 1], stride: [1, 5])),
            ("h", Pickle.tensor(storageType: "HalfStorage", storageKey: "1", count: 2, size: [2], stride: [1])),
            ("step", Pickle.int(7)),
        ])
        let storages = ["0": [UInt8].float32([1, 2, 3, 4, 5, 6]), "1": [0x00, 0x3C, 0x00, 0xC0]]
        let file = try TorchCheckpointFile(path: try ZipTestFile.checkpoint(pickle: pickle, storages: storages))
        #expect(file.tensorNames == ["a", "b", "h"])
        #expect(file.nonTensorKeys == ["step"])
        #expect(try file.tensor(named: "a").scalars == [1, 2, 3, 4])
        #expect(try file.tensor(named: "a").shape == [2, 2])
        #expect(try file.tensor(named: "b").scalars == [5, 6])
        #expect(try file.tensor(named: "h").scalars == [1, -2])
        #expect(file.dtype(of: "h") == .float16)
        #expect(throws: ModelIOError.missingTensor(file: file.path, key: "step")) { try file.tensor(named: "step") }
    }

    @Test func bareStateDictWithoutWrapper() throws {
        let pickle = Pickle.proto + Pickle.emptyDict + Pickle.mark + Pickle.string("w")
            + Pickle.tensor(count: 1, size: [], stride: []) + Pickle.setItems + Pickle.stop
        let file = try TorchCheckpointFile(path: try ZipTestFile.checkpoint(pickle: pickle, storages: ["0": .float32([2.5])]))
        #expect(try file.tensor(named: "w").scalars == [2.5])
        #expect(try file.tensor(named: "w").shape == [])
    }

    /// LONG1 integers (found by the fuzzer: the sign byte was read at the wrong index).
    @Test func long1Integers() throws {
        func pickle(_ digits: [UInt8]) -> [UInt8] {
            let long1: [UInt8] = [0x8A, UInt8(digits.count)] + digits
            return Pickle.stateDict([("t", Pickle.tensor(count: 4, size: [1], stride: [1], offsetOpcode: long1))])
        }
        let storages = ["0": [UInt8].float32([0, 1, 2, 3])]
        let three = try TorchCheckpointFile(path: try ZipTestFile.checkpoint(pickle: pickle([0x03]), storages: storages))
        #expect(try three.tensor(named: "t").scalars == [3])
        let zero = try TorchCheckpointFile(path: try ZipTestFile.checkpoint(pickle: pickle([]), storages: storages))
        #expect(try zero.tensor(named: "t").scalars == [0])
        try expectRefusal(pickle([0xFF]), storages: storages, "at storage offset -1 runs past")
        try expectRefusal(pickle([0x00, 0x80]), storages: storages, "at storage offset -32768 runs past")
        try expectRefusal(pickle([0, 0, 0, 0, 0, 0, 0, 0, 1]), storages: storages, "integer of 9 bytes is too large")
    }

    @Test func forbiddenGlobalIsRefusedByName() throws {
        let pickle = Pickle.proto + Pickle.global("os", "system") + Pickle.string("echo hi") + [0x85] + Pickle.reduce + Pickle.stop
        let path = try ZipTestFile.checkpoint(pickle: pickle)
        #expect(throws: ModelIOError.forbiddenGlobal(file: path, global: "os.system", offset: 2)) { try TorchCheckpointFile(path: path) }
    }

    @Test func everyOtherGlobalIsRefused() throws {
        for (module, name) in [("builtins", "eval"), ("torch", "load"), ("numpy.core.multiarray", "_reconstruct"),
                               ("torch._utils", "_rebuild_device_tensor_from_numpy"), ("collections", "defaultdict"),
                               ("pytorch_lightning.callbacks.model_checkpoint", "ModelCheckpoint")] {
            let pickle = Pickle.proto + Pickle.emptyDict + Pickle.mark + Pickle.string("x") + Pickle.global(module, name) + Pickle.setItems + Pickle.stop
            try expectRefusal(pickle, "pickle refers to '\(module).\(name)' at offset 10")
        }
    }

    @Test func stackGlobalIsCheckedToo() throws {
        let pickle = Pickle.proto + Pickle.string("subprocess") + Pickle.string("Popen") + [0x93] + Pickle.stop
        try expectRefusal(pickle, "'subprocess.Popen' at offset 27")
    }

    @Test func unsupportedStorageType() throws {
        let pickle = Pickle.stateDict([("q", Pickle.tensor(storageType: "QInt8Storage", count: 1, size: [1], stride: [1]))])
        try expectRefusal(pickle, storages: ["0": [0]], "storage type 'torch.QInt8Storage' is not supported")
    }

    @Test func nonContiguousTensor() throws {
        let pickle = Pickle.stateDict([("t", Pickle.tensor(count: 6, size: [2, 3], stride: [1, 2]))])
        try expectRefusal(pickle, storages: ["0": .float32([0, 0, 0, 0, 0, 0])], "non-contiguous stride [1, 2]")
    }

    @Test func tensorPastItsStorage() throws {
        let pickle = Pickle.stateDict([("t", Pickle.tensor(count: 4, offset: 2, size: [3], stride: [1]))])
        try expectRefusal(pickle, storages: ["0": .float32([0, 0, 0, 0])], "runs past its storage of 4 elements")
    }

    @Test func storageEntryTooSmall() throws {
        let pickle = Pickle.stateDict([("t", Pickle.tensor(count: 4, size: [4], stride: [1]))])
        try expectRefusal(pickle, storages: ["0": .float32([0, 0])], "tensor 't': storage entry 'archive/data/0' holds 8 bytes")
    }

    @Test func storageEntryMissing() throws {
        let pickle = Pickle.stateDict([("t", Pickle.tensor(storageKey: "9", count: 1, size: [1], stride: [1]))])
        try expectRefusal(pickle, "tensor 't': storage entry 'archive/data/9' is missing")
    }

    @Test func overflowingSize() throws {
        let pickle = Pickle.stateDict([("t", Pickle.tensor(count: 1, size: [2_000_000_000, 2_000_000_000, 2_000_000_000], stride: [1, 1, 1]))])
        try expectRefusal(pickle, "overflows")
    }

    @Test func hugeStorageCountIsNotAllocated() throws {
        let pickle = Pickle.stateDict([("t", Pickle.tensor(count: Int(Int32.max), size: [1], stride: [1]))])
        try expectRefusal(pickle, storages: ["0": .float32([1])], "holds 4 bytes, its 2147483647 F32 elements need 8589934588")
    }

    @Test func badOpcode() throws {
        try expectRefusal(Pickle.proto + [0xFF], "pickle: unsupported opcode 0xff at offset 2")
    }

    @Test func truncatedPickle() throws {
        try expectRefusal(Pickle.proto + Pickle.emptyDict, "pickle: truncated: no STOP opcode at offset 3")
        try expectRefusal(Pickle.proto + [0x58, 0xFF, 0xFF, 0xFF, 0x7F, 0x41], "needs 2147483647 more bytes, 1 left")
    }

    @Test func stackUnderflowAndMissingMemo() throws {
        try expectRefusal(Pickle.proto + Pickle.reduce, "stack underflow at offset 2")
        try expectRefusal(Pickle.proto + [0x68, 0x05], "memo entry 5 was never stored at offset 2")
        try expectRefusal(Pickle.proto + Pickle.setItems, "no MARK at offset 2")
    }

    @Test func notADict() throws {
        try expectRefusal(Pickle.proto + Pickle.int(3) + Pickle.stop, "the pickled object is an int, not a dict")
    }

    @Test func bigEndianArchive() throws {
        let pickle = Pickle.stateDict([])
        let path = try ZipTestFile.checkpoint(pickle: pickle, byteorder: "big")
        let error = #expect(throws: ModelIOError.self) { try TorchCheckpointFile(path: path) }
        #expect(error?.description.contains("byte order 'big' is not supported") == true)
    }

    @Test func noDataPickle() throws {
        let path = try ZipTestFile.write([("archive/other", [1, 2, 3])])
        let error = #expect(throws: ModelIOError.self) { try TorchCheckpointFile(path: path) }
        #expect(error?.description == "\(path): zip archive has no '<name>/data.pkl': not a torch.save checkpoint")
    }

    @Test func truncatedZip() throws {
        let bytes = [UInt8](try Fixtures.data("tiny-sd/compvis-vae-clip.ckpt"))
        let path = try SafetensorsTestFile.write(bytes: Array(bytes.prefix(bytes.count / 2)))
        let error = #expect(throws: ModelIOError.self) { try TorchCheckpointFile(path: path) }
        #expect(error?.description.hasPrefix("\(path): not a readable zip archive (truncated or damaged)") == true)
        #expect(throws: ModelIOError.self) { try StableDiffusionCheckpoint.open(path) }
    }

    @Test func damagedStorageFailsItsChecksum() throws {
        let pickle = Pickle.stateDict([("t", Pickle.tensor(count: 2, size: [2], stride: [1]))])
        let path = try ZipTestFile.checkpoint(pickle: pickle, storages: ["0": .float32([1, 2])])
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let data = [UInt8].float32([1, 2])
        let start = try #require((0..<(bytes.count - 8)).first { Array(bytes[$0..<($0 + 8)]) == data })
        bytes[start] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let file = try TorchCheckpointFile(path: path)
        let error = #expect(throws: ModelIOError.self) { try file.tensor(named: "t") }
        #expect(error?.description.contains("zip entry 'archive/data/0' cannot be read") == true)
    }

    @Test func legacyFormatAndNonZip() throws {
        let legacy = try SafetensorsTestFile.write(bytes: [0x80, 0x02, 0x8A, 0x0A])
        let error = #expect(throws: ModelIOError.self) { try TorchCheckpointFile(path: legacy) }
        #expect(error?.description.contains("legacy (pre-torch-1.6) checkpoint format is not supported") == true)
        #expect(throws: ModelIOError.self) { try StableDiffusionCheckpoint.open(legacy) }
        let text = try SafetensorsTestFile.write(bytes: Array("hello".utf8))
        let notZip = #expect(throws: ModelIOError.self) { try TorchCheckpointFile(path: text) }
        #expect(notZip?.description.contains("not a zip archive") == true)
    }
}
