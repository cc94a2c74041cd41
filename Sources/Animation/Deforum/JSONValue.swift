/// A JSON value read without a schema, for Deforum settings files whose keys are checked one by one.
/// Numbers keep whether they were written as integers so `int()`-style reads can insist on them.
enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The value as Python's `str()` prints it in a Deforum message or a generated schedule.
    var pythonText: String {
        switch self {
        case .null: "None"
        case .bool(let value): value ? "True" : "False"
        case .number(let value): ScheduleString.format(value)
        case .string(let value): value
        case .array, .object: "…"
        }
    }

    /// The value as it appears in a JSON file, for warnings.
    var jsonText: String {
        switch self {
        case .string(let value): "\"\(value)\""
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        default: pythonText
        }
    }

    /// Python `==` between a settings value and a deprecation-table value: numbers and booleans
    /// compare by value (`0 == False`), strings by text.
    func pythonEquals(_ other: JSONValue) -> Bool {
        switch (self.numeric, other.numeric) {
        case (let a?, let b?): return a == b
        default: return self == other
        }
    }

    private var numeric: Double? {
        switch self {
        case .bool(let value): value ? 1 : 0
        case .number(let value): value
        default: nil
        }
    }
}
