/// A restricted unpickler for the `data.pkl` of a PyTorch `.ckpt` (`torch.save` zip format): it
/// understands what `torch.save` writes for a state dict and nothing else, and never imports or
/// executes anything. Pickle's "call this global" instructions are interpreted here, by name, for
/// exactly these globals:
///
/// - `collections.OrderedDict` called with no arguments: an empty dict;
/// - `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])`
///   and `torch._utils._rebuild_parameter(tensor, requires_grad, hooks)`: a tensor record;
/// - `torch.{Float,Half,BFloat16,Double,Long,Int,Short,Char,Byte,Bool}Storage`, only as the type
///   inside a persistent id `('storage', type, key, location, numel)`.
///
/// Every other global is refused by name (`ModelIOError.forbiddenGlobal`) before anything else
/// happens. Opcodes are those of protocol 2 that `torch.save` emits, plus the trivial protocol 4
/// framing ones; any other opcode is refused with its offset. Containers live in a flat table and
/// are referred to by index, so hostile nesting or self-reference cannot recurse or leak; no
/// allocation is sized by a number read from the input (lengths are checked against the bytes
/// that remain first). Mirrors the Python `pickle` module's semantics for these opcodes
/// (`Lib/pickle.py`, `_Unpickler.load_*`) and torch's `_rebuild_tensor_v2`.
///
/// Pure Swift with no imports, so the libFuzzer target (`scripts/fuzz/modelio.sh`) builds it alone.
struct TorchPickle {
    /// A storage named by a persistent id: the zip entry `data/<key>` holding `count` elements.
    struct Storage: Equatable, Sendable {
        let key: String
        let dtype: TensorDType
        let count: Int
    }

    /// A tensor as `_rebuild_tensor_v2` describes it: a contiguous run of its storage.
    struct TensorRecord: Equatable, Sendable {
        let storage: Storage
        /// Offset in elements into the storage.
        let offset: Int
        let shape: [Int]
        /// Number of elements (the product of `shape`, checked not to overflow).
        let count: Int
    }

    /// The state dict found in the pickle: tensors by key, and keys whose values were not tensors.
    struct StateDict: Sendable {
        var tensors: [String: TensorRecord] = [:]
        /// Keys in pickle order.
        var names: [String] = []
        var nonTensorKeys: [String] = []
    }

    /// Storage type names accepted, with the element type each holds.
    static let storageTypes: [String: TensorDType] = [
        "FloatStorage": .float32, "HalfStorage": .float16, "BFloat16Storage": .bfloat16,
        "DoubleStorage": .float64, "LongStorage": .int64, "IntStorage": .int32, "ShortStorage": .int16,
        "CharStorage": .int8, "ByteStorage": .uint8, "BoolStorage": .bool,
    ]

    /// Parses `bytes` (the whole `data.pkl`) and returns the state dict it holds: the top-level
    /// dict's `state_dict` entry when it has one, else the top-level dict itself.
    /// - Throws: `ModelIOError` naming `file` and the byte offset.
    static func stateDict<Bytes: Collection>(_ bytes: Bytes, file: String) throws(ModelIOError) -> StateDict
    where Bytes.Element == UInt8 {
        var machine = TorchPickle(bytes: Array(bytes), file: file)
        let root = try machine.run()
        return try machine.stateDict(from: root)
    }

    // MARK: - The machine

    /// A value on the stack or in the memo. Containers are indices into `lists`/`dicts`.
    enum Value: Equatable {
        case none
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)
        case tuple(Int)
        case list(Int)
        case dict(Int)
        case global(String)
        case storage(Storage)
        case tensor(TensorRecord)
    }

    /// Hashable dict keys: what a state dict and its metadata use.
    enum Key: Hashable {
        case none
        case bool(Bool)
        case int(Int)
        case string(String)
    }

    struct Dict {
        var values: [Key: Value] = [:]
        var order: [Key] = []
    }

    private let bytes: [UInt8]
    private let file: String
    private var position = 0
    private var stack: [Value] = []
    /// Stack heights at each open MARK (Python's metastack, kept as heights).
    private var marks: [Int] = []
    private var memo: [Int: Value] = [:]
    /// Tuples and lists (tuples are never changed after they are made).
    private var lists: [[Value]] = []
    private var dicts: [Dict] = []

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private func fail(_ detail: String, at offset: Int) -> ModelIOError {
        .malformed(file: file, detail: "pickle: \(detail) at offset \(offset)")
    }

    private mutating func run() throws(ModelIOError) -> Value {
        while position < bytes.count {
            let offset = position
            let opcode = bytes[position]
            position += 1
            if try step(opcode, at: offset) {
                guard let result = stack.popLast() else { throw fail("STOP with an empty stack", at: offset) }
                return result
            }
        }
        throw fail("truncated: no STOP opcode", at: position)
    }

    /// Executes one opcode; true at STOP.
    private mutating func step(_ opcode: UInt8, at offset: Int) throws(ModelIOError) -> Bool {
        switch opcode {
        case 0x80:  // PROTO
            let version = try readInt(1, at: offset)
            guard (2...5).contains(version) else { throw fail("unsupported protocol \(version)", at: offset) }
        case 0x95:  // FRAME (protocol 4): a length hint only
            _ = try read(8, at: offset)
        case 0x2E:  // STOP
            return true
        case 0x28: marks.append(stack.count)  // MARK
        case 0x7D:  // EMPTY_DICT
            dicts.append(Dict())
            stack.append(.dict(dicts.count - 1))
        case 0x5D:  // EMPTY_LIST
            lists.append([])
            stack.append(.list(lists.count - 1))
        case 0x29: stack.append(try makeTuple([]))  // EMPTY_TUPLE
        case 0x74: stack.append(try makeTuple(try popToMark(at: offset)))  // TUPLE
        case 0x85, 0x86, 0x87:  // TUPLE1, TUPLE2, TUPLE3
            let count = Int(opcode - 0x84)
            stack.append(try makeTuple(try pop(count, at: offset)))
        case 0x71: memo[try readInt(1, at: offset)] = try top(at: offset)  // BINPUT
        case 0x72: memo[try readInt(4, at: offset)] = try top(at: offset)  // LONG_BINPUT
        case 0x94: memo[memo.count] = try top(at: offset)  // MEMOIZE
        case 0x68, 0x6A:  // BINGET, LONG_BINGET
            let index = try readInt(opcode == 0x68 ? 1 : 4, at: offset)
            guard let value = memo[index] else { throw fail("memo entry \(index) was never stored", at: offset) }
            stack.append(value)
        case 0x58, 0x8C:  // BINUNICODE, SHORT_BINUNICODE
            let length = try readInt(opcode == 0x58 ? 4 : 1, at: offset)
            let raw = try read(length, at: offset)
            guard let text = String(validating: raw, as: UTF8.self) else { throw fail("string is not UTF-8", at: offset) }
            stack.append(.string(text))
        case 0x4B: stack.append(.int(try readInt(1, at: offset)))  // BININT1
        case 0x4D: stack.append(.int(try readInt(2, at: offset)))  // BININT2
        case 0x4A: stack.append(.int(Int(Int32(truncatingIfNeeded: try readInt(4, at: offset)))))  // BININT
        case 0x8A:  // LONG1: little-endian two's complement of n bytes
            let length = try readInt(1, at: offset)
            guard length <= 8 else { throw fail("integer of \(length) bytes is too large", at: offset) }
            let raw = try read(length, at: offset)
            var value: UInt64 = 0
            for (index, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
            if length < 8, let high = raw.last, high & 0x80 != 0 { value |= ~0 << (8 * UInt64(length)) }
            stack.append(.int(Int(Int64(bitPattern: value))))
        case 0x4E: stack.append(.none)  // NONE
        case 0x88: stack.append(.bool(true))  // NEWTRUE
        case 0x89: stack.append(.bool(false))  // NEWFALSE
        case 0x47:  // BINFLOAT: big-endian IEEE double
            var bits: UInt64 = 0
            for byte in try read(8, at: offset) { bits = bits << 8 | UInt64(byte) }
            stack.append(.float(Double(bitPattern: bits)))
        case 0x63:  // GLOBAL "module\nname\n"
            let module = try readLine(at: offset)
            let name = try readLine(at: offset)
            stack.append(try global(module, name, at: offset))
        case 0x93:  // STACK_GLOBAL
            let parts = try pop(2, at: offset)
            guard case .string(let module) = parts[0], case .string(let name) = parts[1] else {
                throw fail("STACK_GLOBAL needs two strings", at: offset)
            }
            stack.append(try global(module, name, at: offset))
        case 0x52:  // REDUCE
            let arguments = try pop(1, at: offset)[0]
            let callable = try pop(1, at: offset)[0]
            stack.append(try call(callable, arguments, at: offset))
        case 0x62:  // BUILD: object state (an OrderedDict's `_metadata`); ignored, nothing is set
            let state = try pop(1, at: offset)[0]
            let object = try top(at: offset)
            switch object {
            case .dict, .tensor: break
            default: throw fail("BUILD on \(describe(object)) (with \(describe(state)))", at: offset)
            }
        case 0x73:  // SETITEM
            let pair = try pop(2, at: offset)
            try setItems(pair, at: offset)
        case 0x75:  // SETITEMS
            let items = try popToMark(at: offset)
            try setItems(items, at: offset)
        case 0x61:  // APPEND
            let item = try pop(1, at: offset)
            try append(item, at: offset)
        case 0x65:  // APPENDS
            let items = try popToMark(at: offset)
            try append(items, at: offset)
        case 0x51:  // BINPERSID
            let id = try pop(1, at: offset)[0]
            stack.append(try persistentLoad(id, at: offset))
        case 0x30: _ = try pop(1, at: offset)  // POP
        case 0x31: _ = try popToMark(at: offset)  // POP_MARK
        default:
            throw fail("unsupported opcode 0x\(String(opcode, radix: 16))", at: offset)
        }
        return false
    }

    // MARK: Reading the input

    private mutating func read(_ count: Int, at offset: Int) throws(ModelIOError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - position else {
            throw fail("truncated: needs \(count) more bytes, \(bytes.count - position) left", at: offset)
        }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    /// An unsigned little-endian integer of `width` bytes (1, 2 or 4).
    private mutating func readInt(_ width: Int, at offset: Int) throws(ModelIOError) -> Int {
        var value = 0
        for (index, byte) in try read(width, at: offset).enumerated() { value |= Int(byte) << (8 * index) }
        return value
    }

    /// A GLOBAL operand: text up to a newline, at most 256 bytes.
    private mutating func readLine(at offset: Int) throws(ModelIOError) -> String {
        let end = min(bytes.count, position + 257)
        guard let newline = bytes[position..<end].firstIndex(of: 0x0A) else {
            throw fail("GLOBAL name not terminated within 256 bytes", at: offset)
        }
        defer { position = newline + 1 }
        return String(decoding: bytes[position..<newline], as: UTF8.self)
    }

    // MARK: The stack

    /// Values above the innermost MARK cannot be reached from here.
    private var floor: Int { marks.last ?? 0 }

    private func top(at offset: Int) throws(ModelIOError) -> Value {
        guard stack.count > floor, let value = stack.last else { throw fail("empty stack", at: offset) }
        return value
    }

    private mutating func pop(_ count: Int, at offset: Int) throws(ModelIOError) -> [Value] {
        guard stack.count - floor >= count else { throw fail("stack underflow", at: offset) }
        let values = Array(stack.suffix(count))
        stack.removeLast(count)
        return values
    }

    private mutating func popToMark(at offset: Int) throws(ModelIOError) -> [Value] {
        guard let mark = marks.popLast() else { throw fail("no MARK", at: offset) }
        let values = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return values
    }

    private mutating func makeTuple(_ values: [Value]) throws(ModelIOError) -> Value {
        lists.append(values)
        return .tuple(lists.count - 1)
    }

    private mutating func setItems(_ items: [Value], at offset: Int) throws(ModelIOError) {
        guard items.count % 2 == 0 else { throw fail("SETITEMS with an odd number of values", at: offset) }
        guard case .dict(let index) = try top(at: offset) else {
            throw fail("SETITEMS on \(describe(try top(at: offset)))", at: offset)
        }
        var pairs = items.makeIterator()
        while let key = pairs.next(), let value = pairs.next() {
            let hashable: Key
            switch key {
            case .none: hashable = .none
            case .bool(let flag): hashable = .bool(flag)
            case .int(let number): hashable = .int(number)
            case .string(let text): hashable = .string(text)
            default: throw fail("dict key of type \(describe(key))", at: offset)
            }
            if dicts[index].values.updateValue(value, forKey: hashable) == nil { dicts[index].order.append(hashable) }
        }
    }

    private mutating func append(_ items: [Value], at offset: Int) throws(ModelIOError) {
        guard case .list(let index) = try top(at: offset) else {
            throw fail("APPEND on \(describe(try top(at: offset)))", at: offset)
        }
        lists[index].append(contentsOf: items)
    }

    private func describe(_ value: Value) -> String {
        switch value {
        case .none: "None"
        case .bool: "a bool"
        case .int: "an int"
        case .float: "a float"
        case .string: "a string"
        case .tuple: "a tuple"
        case .list: "a list"
        case .dict: "a dict"
        case .global(let name): name
        case .storage: "a storage"
        case .tensor: "a tensor"
        }
    }

    // MARK: Globals, calls and storages

    private func global(_ module: String, _ name: String, at offset: Int) throws(ModelIOError) -> Value {
        let qualified = module + "." + name
        switch qualified {
        case "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter":
            return .global(qualified)
        default:
            if module == "torch", Self.storageTypes[name] != nil { return .global(qualified) }
            if module == "torch", name.hasSuffix("Storage") {
                throw fail("storage type '\(qualified)' is not supported (only Float, Half, BFloat16, Double, Long, Int, Short, Char, Byte, Bool)", at: offset)
            }
            throw .forbiddenGlobal(file: file, global: qualified, offset: offset)
        }
    }

    private mutating func call(_ callable: Value, _ arguments: Value, at offset: Int) throws(ModelIOError) -> Value {
        guard case .global(let name) = callable else { throw fail("REDUCE calls \(describe(callable))", at: offset) }
        guard case .tuple(let index) = arguments else { throw fail("REDUCE arguments are \(describe(arguments))", at: offset) }
        let args = lists[index]
        switch name {
        case "collections.OrderedDict":
            guard args.isEmpty else { throw fail("OrderedDict called with arguments", at: offset) }
            dicts.append(Dict())
            return .dict(dicts.count - 1)
        case "torch._utils._rebuild_tensor_v2":
            return .tensor(try rebuildTensor(args, at: offset))
        case "torch._utils._rebuild_parameter":
            guard (3...4).contains(args.count), case .tensor(let tensor) = args[0] else {
                throw fail("_rebuild_parameter needs (tensor, requires_grad, hooks)", at: offset)
            }
            return .tensor(tensor)
        default:
            throw fail("\(name) cannot be called", at: offset)
        }
    }

    /// `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])`.
    private func rebuildTensor(_ args: [Value], at offset: Int) throws(ModelIOError) -> TensorRecord {
        guard (6...7).contains(args.count), case .storage(let storage) = args[0], case .int(let start) = args[1],
            case .tuple(let sizeIndex) = args[2], case .tuple(let strideIndex) = args[3]
        else { throw fail("_rebuild_tensor_v2 needs (storage, offset, size, stride, requires_grad, hooks)", at: offset) }
        var shape: [Int] = []
        for value in lists[sizeIndex] {
            guard case .int(let extent) = value, extent >= 0 else { throw fail("tensor size is not non-negative integers", at: offset) }
            shape.append(extent)
        }
        var stride: [Int] = []
        for value in lists[strideIndex] {
            guard case .int(let step) = value else { throw fail("tensor stride is not integers", at: offset) }
            stride.append(step)
        }
        guard stride.count == shape.count else {
            throw fail("tensor size \(shape) and stride \(stride) differ in length", at: offset)
        }
        var count = 1
        for extent in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw fail("tensor size \(shape) overflows", at: offset) }
            count = product
        }
        // Contiguous as torch's `is_contiguous`: dimensions of extent 1 may have any stride.
        var expected = 1
        for (extent, step) in zip(shape, stride).reversed() where count > 0 && extent != 1 {
            guard step == expected else {
                throw fail("tensor of size \(shape) has non-contiguous stride \(stride); re-save it with .contiguous()", at: offset)
            }
            expected *= extent
        }
        guard start >= 0, start <= storage.count, count <= storage.count - start else {
            throw fail("tensor of size \(shape) at storage offset \(start) runs past its storage of \(storage.count) elements", at: offset)
        }
        return TensorRecord(storage: storage, offset: start, shape: shape, count: count)
    }

    /// `('storage', storage_type, key, location, numel)`, as torch's `persistent_id` writes it.
    private func persistentLoad(_ id: Value, at offset: Int) throws(ModelIOError) -> Value {
        guard case .tuple(let index) = id else { throw fail("persistent id is \(describe(id))", at: offset) }
        let fields = lists[index]
        guard fields.count == 5, fields[0] == .string("storage"), case .global(let type) = fields[1],
            case .string(let key) = fields[2], case .string = fields[3], case .int(let count) = fields[4]
        else { throw fail("persistent id is not ('storage', type, key, location, numel)", at: offset) }
        guard type.hasPrefix("torch."), let dtype = Self.storageTypes[String(type.dropFirst(6))] else {
            throw fail("'\(type)' is not a storage type", at: offset)
        }
        guard count >= 0, count.multipliedReportingOverflow(by: dtype.byteSize).overflow == false else {
            throw fail("storage '\(key)' has \(count) elements", at: offset)
        }
        guard !key.isEmpty, key.utf8.count <= 64, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw fail("storage key '\(key.prefix(64))' is not a plain name", at: offset)
        }
        return .storage(Storage(key: key, dtype: dtype, count: count))
    }

    // MARK: The result

    private func stateDict(from root: Value) throws(ModelIOError) -> StateDict {
        guard case .dict(var index) = root else { throw fail("the pickled object is \(describe(root)), not a dict", at: 0) }
        var result = StateDict()
        if case .dict(let inner)? = dicts[index].values[.string("state_dict")] {
            // A training checkpoint: the other top-level entries (`global_step`, `epoch`) are not weights.
            for case .string(let name) in dicts[index].order where name != "state_dict" { result.nonTensorKeys.append(name) }
            index = inner
        }
        for key in dicts[index].order {
            guard case .string(let name) = key else { continue }
            let found = collectTensors(dicts[index].values[key], name: name, depth: 0, into: &result)
            if !found { result.nonTensorKeys.append(name) }
        }
        return result
    }

    /// Adds `value` as the tensor `name`, or — for a nested dict such as an A1111 embedding's
    /// `string_to_param` — its tensors as `name.key`, at most four levels deep (a pickle's memo
    /// can make a dict contain itself). Returns whether any tensor was found.
    private func collectTensors(_ value: Value?, name: String, depth: Int, into result: inout StateDict) -> Bool {
        switch value {
        case .tensor(let record)?:
            guard result.tensors[name] == nil else { return true }
            result.tensors[name] = record
            result.names.append(name)
            return true
        case .dict(let inner)? where depth < 4:
            var found = false
            for case .string(let key) in dicts[inner].order {
                found = collectTensors(dicts[inner].values[.string(key)], name: name + "." + key, depth: depth + 1, into: &result) || found
            }
            return found
        default:
            return false
        }
    }
}
