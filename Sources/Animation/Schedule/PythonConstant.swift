import Foundation

/// A constant as Python holds it before numexpr sees it. numexpr builds its tree by running the
/// expression as Python code, so operations between literals (`-7%3`, `2**-1`, `1/3`) are folded by
/// Python with Python's rules (floor `%`, true `/`, exact integers) before numexpr's own, different,
/// integer rules apply to anything involving a variable.
enum PythonConstant: Equatable {
    case bool(Bool)
    case int(Int64)
    case float(Double)

    /// A failed Python operation (`ZeroDivisionError`, `OverflowError`, `TypeError`, …).
    struct Failure: Error {
        let message: String
    }

    /// The numexpr constant Python hands over: ints that fit 32 bits are numexpr `int`, others
    /// `long`, floats `double` (`expressions.bestConstantType`).
    var scalar: NumexprScalar {
        switch self {
        case .bool(let value): .bool(value)
        case .int(let value): Int32(exactly: value).map(NumexprScalar.int) ?? .long(value)
        case .float(let value): .double(value)
        }
    }

    private var integer: Int64? {
        switch self {
        case .bool(let value): value ? 1 : 0
        case .int(let value): value
        case .float: nil
        }
    }

    private var real: Double {
        switch self {
        case .bool(let value): value ? 1 : 0
        case .int(let value): Double(value)
        case .float(let value): value
        }
    }

    private static func tooLarge() -> Failure { Failure(message: "integer constant out of range") }

    /// Python's unary `-`, `+` (`plus: true`) or `~`.
    func unary(_ op: NumexprUnaryOperator?) throws(Failure) -> PythonConstant {
        switch (op, self) {
        case (nil, .float(let x)): return .float(x)
        case (nil, _): return .int(integer ?? 0)
        case (.negate, .float(let x)): return .float(-x)
        case (.negate, _):
            let (value, overflow) = Int64(0).subtractingReportingOverflow(integer ?? 0)
            if overflow { throw Self.tooLarge() }
            return .int(value)
        case (.invert, .float): throw Failure(message: "'~' needs an integer or a comparison")
        case (.invert, _): return .int(~(integer ?? 0))
        }
    }

    /// Python's binary operator `op` (with `<`/`<=` already turned into a swapped `>`/`>=`).
    func binary(_ op: NumexprBinaryOperator, _ other: PythonConstant) throws(Failure) -> PythonConstant {
        let a = self, b = other
        switch op {
        case .greater: return .bool(Self.compare(a, b) > 0)
        case .greaterOrEqual: return .bool(Self.compare(a, b) >= 0)
        case .equal: return .bool(Self.compare(a, b) == 0)
        case .notEqual: return .bool(Self.compare(a, b) != 0)
        case .and, .or, .xor:
            if case .bool(let x) = a, case .bool(let y) = b {
                return .bool(op == .and ? x && y : op == .or ? x || y : x != y)
            }
            guard let x = a.integer, let y = b.integer else {
                throw Failure(message: "'\(op.rawValue)' needs integers or comparisons")
            }
            return .int(op == .and ? x & y : op == .or ? x | y : x ^ y)
        case .leftShift, .rightShift:
            guard let x = a.integer, let y = b.integer else {
                throw Failure(message: "'\(op.rawValue)' needs integers")
            }
            if y < 0 { throw Failure(message: "negative shift count") }
            if op == .rightShift { return .int(y >= 64 ? (x < 0 ? -1 : 0) : x >> y) }
            if x == 0 { return .int(0) }
            guard y < 63, (x << y) >> y == x else { throw Self.tooLarge() }
            return .int(x << y)
        case .add, .subtract, .multiply:
            if let x = a.integer, let y = b.integer {
                let (value, overflow) = op == .add ? x.addingReportingOverflow(y)
                    : op == .subtract ? x.subtractingReportingOverflow(y) : x.multipliedReportingOverflow(by: y)
                if overflow { throw Self.tooLarge() }
                return .int(value)
            }
            let x = a.real, y = b.real
            return .float(op == .add ? x + y : op == .subtract ? x - y : x * y)
        case .divide:
            if b.real == 0 { throw Failure(message: "division by zero") }
            return .float(a.real / b.real)
        case .floorDivide, .modulo:
            if let x = a.integer, let y = b.integer {
                if y == 0 { throw Failure(message: "integer division or modulo by zero") }
                let (q, r) = Self.floorDivision(x, y)
                return .int(op == .floorDivide ? q : r)
            }
            if b.real == 0 { throw Failure(message: "float division or modulo by zero") }
            let (q, r) = Self.floorDivision(a.real, b.real)
            return .float(op == .floorDivide ? q : r)
        case .power:
            return try Self.power(a, b)
        }
    }

    private static func compare(_ a: PythonConstant, _ b: PythonConstant) -> Int {
        if let x = a.integer, let y = b.integer { return x < y ? -1 : x > y ? 1 : 0 }
        let x = a.real, y = b.real
        if x.isNaN || y.isNaN { return 2 }  // unordered: only `!=` holds
        return x < y ? -1 : x > y ? 1 : 0
    }

    private static func floorDivision(_ x: Int64, _ y: Int64) -> (Int64, Int64) {
        let (q, r) = (x.dividedReportingOverflow(by: y).partialValue, x.remainderReportingOverflow(dividingBy: y).partialValue)
        return r != 0 && (r < 0) != (y < 0) ? (q &- 1, r &+ y) : (q, r)
    }

    /// CPython's `float_divmod`.
    private static func floorDivision(_ vx: Double, _ wx: Double) -> (Double, Double) {
        var mod = Foundation.fmod(vx, wx)
        var div = (vx - mod) / wx
        if mod != 0 {
            if (wx < 0) != (mod < 0) {
                mod += wx
                div -= 1
            }
        } else {
            mod = Foundation.copysign(0, wx)
        }
        var floordiv: Double
        if div != 0 {
            floordiv = div.rounded(.down)
            if div - floordiv > 0.5 { floordiv += 1 }
        } else {
            floordiv = Foundation.copysign(0, vx / wx)
        }
        return (floordiv, mod)
    }

    /// Python's `**`: exact for a non-negative integer exponent, float otherwise.
    private static func power(_ a: PythonConstant, _ b: PythonConstant) throws(Failure) -> PythonConstant {
        if let base = a.integer, let exponent = b.integer, exponent >= 0 {
            var result: Int64 = 1, square = base, e = exponent
            while e > 0 {
                if e & 1 == 1 {
                    let (value, overflow) = result.multipliedReportingOverflow(by: square)
                    if overflow { throw tooLarge() }
                    result = value
                }
                e >>= 1
                if e > 0 {
                    let (value, overflow) = square.multipliedReportingOverflow(by: square)
                    if overflow { throw tooLarge() }
                    square = value
                }
            }
            return .int(result)
        }
        let x = a.real, y = b.real
        if x == 0 && y < 0 { throw Failure(message: "zero to a negative power") }
        if x < 0 && y.isFinite && y.rounded() != y { throw Failure(message: "a negative number to a fractional power is complex") }
        let result = Foundation.pow(x, y)
        if result.isInfinite && x.isFinite && y.isFinite { throw Failure(message: "numerical result out of range") }
        return .float(result)
    }
}
