import Foundation

/// A binary operator as numexpr's virtual machine runs it, on two operands already cast to the
/// operation's kind. `a < b` and `a <= b` are stored as `b > a` and `b >= a`, as numexpr does.
public enum NumexprBinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%"
    case power = "**", and = "&", or = "|", xor = "^", leftShift = "<<", rightShift = ">>"
    case greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

    /// Whether the result is a boolean whatever the operand kind.
    var isComparison: Bool {
        switch self {
        case .greater, .greaterOrEqual, .equal, .notEqual: true
        default: false
        }
    }

    /// The kind the operands are cast to for operands of common kind `common`, or nil when numexpr
    /// has no opcode for it (`couldn't find matching opcode`).
    func operandKind(common: NumexprKind) -> NumexprKind? {
        switch self {
        case .add, .multiply, .equal, .notEqual:
            return common
        case .subtract, .floorDivide, .modulo, .power:
            return common == .bool ? nil : common
        case .divide:
            return common == .float ? .float : .double
        case .and, .or, .xor:
            return common <= .long ? common : nil
        case .leftShift, .rightShift:
            return common == .int || common == .long ? common : nil
        case .greater, .greaterOrEqual:
            return common == .bool ? .int : common
        }
    }

    /// Applies the operator to two operands of the same kind (the one `operandKind` chose).
    /// - Throws: `NumexprFault.integerDivisionByZero` where numexpr's C code would trap.
    func apply(_ a: NumexprScalar, _ b: NumexprScalar) throws(NumexprFault) -> NumexprScalar {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return try Self.booleans(self, x, y)
        case (.int(let x), .int(let y)): return try Self.integers(self, x, y, wrap: NumexprScalar.int)
        case (.long(let x), .long(let y)): return try Self.integers(self, x, y, wrap: NumexprScalar.long)
        case (.float(let x), .float(let y)): return Self.reals(self, x, y, wrap: NumexprScalar.float)
        case (.double(let x), .double(let y)): return Self.reals(self, x, y, wrap: NumexprScalar.double)
        default: preconditionFailure("operands of \(self.rawValue) not cast to one kind")
        }
    }

    private static func booleans(_ op: Self, _ x: Bool, _ y: Bool) throws(NumexprFault) -> NumexprScalar {
        switch op {
        case .add, .or: return .bool(x || y)
        case .multiply, .and: return .bool(x && y)
        case .xor: return .bool(x != y)
        case .equal: return .bool(x == y)
        case .notEqual: return .bool(x != y)
        default: preconditionFailure("\(op.rawValue) has no boolean opcode")
        }
    }

    /// `interp_body.cpp`'s integer opcodes: wrapping arithmetic, Python-style `%` and `//`
    /// (0 for a zero divisor), `**` by truncation (rounding for 64-bit), `1/x` for negative powers.
    private static func integers<I: FixedWidthInteger & SignedInteger>(
        _ op: Self, _ x: I, _ y: I, wrap: (I) -> NumexprScalar
    ) throws(NumexprFault) -> NumexprScalar {
        switch op {
        case .add: return wrap(x &+ y)
        case .subtract: return wrap(x &- y)
        case .multiply: return wrap(x &* y)
        case .floorDivide:
            if y == 0 { return wrap(0) }
            let quotient = x.dividedReportingOverflow(by: y).partialValue
            let remainder = x.remainderReportingOverflow(dividingBy: y).partialValue
            return wrap(quotient &- ((remainder != 0 && (x < 0) != (y < 0)) ? 1 : 0))
        case .modulo:
            if y == 0 { return wrap(0) }
            let remainder = x.remainderReportingOverflow(dividingBy: y).partialValue
            return wrap((remainder &+ y).remainderReportingOverflow(dividingBy: y).partialValue)
        case .power:
            if y < 0 {
                if x == 0 { throw .integerDivisionByZero }
                return wrap(1 / x)
            }
            let real = Foundation.pow(Double(x), Double(y))
            return wrap(Self.integer(I.bitWidth == 32 ? real.rounded(.towardZero) : real.rounded(.toNearestOrAwayFromZero)))
        case .and: return wrap(x & y)
        case .or: return wrap(x | y)
        case .xor: return wrap(x ^ y)
        case .leftShift: return wrap(y >= 0 && y < I.bitWidth ? x << y : 0)
        case .rightShift: return wrap(x >> (y >= 0 && y < I.bitWidth ? y : I(I.bitWidth - 1)))
        case .greater: return .bool(x > y)
        case .greaterOrEqual: return .bool(x >= y)
        case .equal: return .bool(x == y)
        case .notEqual: return .bool(x != y)
        case .divide: preconditionFailure("true division is never integer")
        }
    }

    /// A C cast of an integral double to an integer type: out of range (or NaN) gives the minimum,
    /// as x86's conversion instructions do.
    private static func integer<I: FixedWidthInteger>(_ value: Double) -> I {
        I(exactly: value) ?? I.min
    }

    /// The float and double opcodes: IEEE arithmetic, `%` as `a - floor(a/b)*b`, `//` as `floor(a/b)`.
    private static func reals<R: BinaryFloatingPoint>(_ op: Self, _ x: R, _ y: R, wrap: (R) -> NumexprScalar) -> NumexprScalar {
        switch op {
        case .add: return wrap(x + y)
        case .subtract: return wrap(x - y)
        case .multiply: return wrap(x * y)
        case .divide: return wrap(x / y)
        case .floorDivide: return wrap((x / y).rounded(.down))
        case .modulo: return wrap(x - (x / y).rounded(.down) * y)
        case .power: return wrap(NumexprMath.power(x, y))
        case .greater: return .bool(x > y)
        case .greaterOrEqual: return .bool(x >= y)
        case .equal: return .bool(x == y)
        case .notEqual: return .bool(x != y)
        case .and, .or, .xor, .leftShift, .rightShift: preconditionFailure("\(op.rawValue) has no real opcode")
        }
    }
}

/// A unary operator of numexpr's virtual machine.
public enum NumexprUnaryOperator: String, Sendable {
    case negate = "-", invert = "~"

    /// Whether numexpr has an opcode for the operand kind (`neg_bb` and `invert_dd` do not exist).
    func accepts(_ kind: NumexprKind) -> Bool {
        switch self {
        case .negate: kind != .bool
        case .invert: kind <= .long
        }
    }

    func apply(_ a: NumexprScalar) -> NumexprScalar {
        switch (self, a) {
        case (.negate, .int(let v)): .int(0 &- v)
        case (.negate, .long(let v)): .long(0 &- v)
        case (.negate, .float(let v)): .float(-v)
        case (.negate, .double(let v)): .double(-v)
        case (.invert, .bool(let v)): .bool(!v)
        case (.invert, .int(let v)): .int(~v)
        case (.invert, .long(let v)): .long(~v)
        default: preconditionFailure("\(rawValue) has no opcode for \(a.kind)")
        }
    }
}

/// Where numexpr's C code would trap (SIGFPE) instead of returning a value.
public enum NumexprFault: Error, Sendable {
    case integerDivisionByZero
}
