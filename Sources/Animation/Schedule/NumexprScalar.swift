/// numexpr's scalar kinds in its promotion order: an operation on two kinds works in the higher one
/// (numexpr `expressions.py`, `kind_rank`). Complex numbers and strings are not supported.
public enum NumexprKind: Int, Comparable, Sendable {
    case bool, int, long, float, double

    public static func < (lhs: NumexprKind, rhs: NumexprKind) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether the kind is one of the two integer kinds (`int` is 32-bit, `long` 64-bit).
    var isInteger: Bool { self == .int || self == .long }
}

/// One value of a numexpr kind. Evaluation works on these so that integer expressions wrap and
/// divide as numexpr's interpreter does (`interp_body.cpp`).
public enum NumexprScalar: Equatable, Sendable {
    case bool(Bool)
    case int(Int32)
    case long(Int64)
    case float(Float)
    case double(Double)

    public var kind: NumexprKind {
        switch self {
        case .bool: .bool
        case .int: .int
        case .long: .long
        case .float: .float
        case .double: .double
        }
    }

    /// The value as Deforum stores it in its float64 series: booleans become 1 and 0.
    public var doubleValue: Double {
        switch self {
        case .bool(let value): value ? 1 : 0
        case .int(let value): Double(value)
        case .long(let value): Double(value)
        case .float(let value): Double(value)
        case .double(let value): value
        }
    }

    /// Python's truth value (non-zero, NaN included), used where numexpr asks Python.
    var isTruthy: Bool {
        switch self {
        case .bool(let value): value
        case .int(let value): value != 0
        case .long(let value): value != 0
        case .float(let value): value != 0
        case .double(let value): value != 0
        }
    }

    /// The value converted up to `kind` (numexpr's `cast` opcodes; never narrows).
    func cast(to kind: NumexprKind) -> NumexprScalar {
        switch (self, kind) {
        case (.bool(let v), .int): .int(v ? 1 : 0)
        case (.bool(let v), .long): .long(v ? 1 : 0)
        case (.bool(let v), .float): .float(v ? 1 : 0)
        case (.bool(let v), .double): .double(v ? 1 : 0)
        case (.int(let v), .long): .long(Int64(v))
        case (.int(let v), .float): .float(Float(v))
        case (.int(let v), .double): .double(Double(v))
        case (.long(let v), .float): .float(Float(v))
        case (.long(let v), .double): .double(Double(v))
        case (.float(let v), .double): .double(Double(v))
        default: self
        }
    }
}
