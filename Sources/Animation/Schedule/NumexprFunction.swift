import Foundation

/// The functions numexpr 2.14 offers that make sense in a schedule (its `expressions.functions`
/// without the complex, string and reduction ones), with numexpr's typing rules: integer arguments
/// are computed in double except for `round` and `sign`, booleans are raised to float32 for the
/// trigonometric family and to double for the rest.
public enum NumexprFunction: String, CaseIterable, Sendable {
    case sin, cos, tan, arcsin, arccos, arctan, sinh, cosh, tanh, arcsinh, arccosh, arctanh
    case sqrt, exp, expm1, log, log10, log1p, log2, abs, ceil, floor, round, trunc, sign
    case isnan, isfinite, isinf, signbit
    case arctan2, fmod, hypot, nextafter, copysign, maximum, minimum

    /// How many arguments the function takes.
    var arity: Int {
        switch self {
        case .arctan2, .fmod, .hypot, .nextafter, .copysign, .maximum, .minimum: 2
        default: 1
        }
    }

    /// numexpr's `minkind` for the function (`func(numpy.sin, 'float')` …).
    private var minimumKind: NumexprKind {
        switch self {
        case .round, .trunc, .sign, .isnan, .isfinite, .isinf, .signbit, .hypot, .nextafter, .copysign,
             .maximum, .minimum:
            .double
        default:
            .float
        }
    }

    /// The kind the arguments are computed in, for arguments of common kind `common`.
    func operandKind(common: NumexprKind) -> NumexprKind {
        if common.isInteger { return self == .round || self == .sign ? common : .double }
        return max(common, minimumKind)
    }

    /// The kind of the result for arguments computed in `operand`.
    func resultKind(operand: NumexprKind) -> NumexprKind {
        switch self {
        case .isnan, .isfinite, .isinf, .signbit: .bool
        default: operand
        }
    }

    /// The kind NumPy gives when every argument is a constant (numexpr then calls NumPy once):
    /// NumPy keeps integers integral for these functions.
    func constantResultKind(arguments: [NumexprKind]) -> NumexprKind? {
        guard arguments.allSatisfy(\.isInteger) else { return nil }
        switch self {
        case .abs, .ceil, .floor, .round, .trunc, .sign, .fmod, .maximum, .minimum: return .long
        default: return nil
        }
    }

    /// Applies the function to arguments already cast to `operandKind`.
    func apply(_ a: NumexprScalar, _ b: NumexprScalar?) -> NumexprScalar {
        switch a {
        case .int(let x):
            return .int(self == .sign ? (x > 0 ? 1 : 0) - (x < 0 ? 1 : 0) : x)
        case .long(let x):
            return .long(self == .sign ? (x > 0 ? 1 : 0) - (x < 0 ? 1 : 0) : x)
        case .float(let x):
            // float32 functions: libm's double result rounded to float (glibc's float functions are
            // correctly rounded, so this matches them but for double-rounding ties).
            let y = b.map { Double($0.floatValue) }
            return wrapFloat(real(Double(x), y))
        case .double(let x):
            return real(x, b?.doubleValue)
        case .bool:
            preconditionFailure("\(rawValue) of a boolean is computed in float")
        }
    }

    private func wrapFloat(_ value: NumexprScalar) -> NumexprScalar {
        if case .double(let d) = value { return .float(Float(d)) }
        return value
    }

    /// The double-precision function (numexpr's `functions.hpp` entries, which call libm).
    private func real(_ x: Double, _ y: Double?) -> NumexprScalar {
        let y = y ?? 0
        switch self {
        case .sin: return .double(Foundation.sin(x))
        case .cos: return .double(Foundation.cos(x))
        case .tan: return .double(Foundation.tan(x))
        case .arcsin: return .double(Foundation.asin(x))
        case .arccos: return .double(Foundation.acos(x))
        case .arctan: return .double(Foundation.atan(x))
        case .sinh: return .double(Foundation.sinh(x))
        case .cosh: return .double(Foundation.cosh(x))
        case .tanh: return .double(Foundation.tanh(x))
        case .arcsinh: return .double(Foundation.asinh(x))
        case .arccosh: return .double(Foundation.acosh(x))
        case .arctanh: return .double(Foundation.atanh(x))
        case .sqrt: return .double(x.squareRoot())
        case .exp: return .double(Foundation.exp(x))
        case .expm1: return .double(Foundation.expm1(x))
        case .log: return .double(Foundation.log(x))
        case .log10: return .double(Foundation.log10(x))
        case .log1p: return .double(Foundation.log1p(x))
        case .log2: return .double(Foundation.log2(x))
        case .abs: return .double(Swift.abs(x))
        case .ceil: return .double(x.rounded(.up))
        case .floor: return .double(x.rounded(.down))
        case .round: return .double(x.rounded(.toNearestOrEven))
        case .trunc: return .double(x.rounded(.towardZero))
        case .sign: return .double(x.isNaN ? .nan : x > 0 ? 1 : x < 0 ? -1 : 0)
        case .isnan: return .bool(x.isNaN)
        case .isfinite: return .bool(x.isFinite)
        case .isinf: return .bool(x.isInfinite)
        case .signbit: return .bool(x.sign == .minus)
        case .arctan2: return .double(Foundation.atan2(x, y))
        case .fmod: return .double(Foundation.fmod(x, y))
        case .hypot: return .double(Foundation.hypot(x, y))
        case .nextafter: return .double(Foundation.nextafter(x, y))
        case .copysign: return .double(Foundation.copysign(x, y))
        case .maximum: return .double(x.isNaN || y.isNaN ? .nan : Swift.max(x, y))
        case .minimum: return .double(x.isNaN || y.isNaN ? .nan : Swift.min(x, y))
        }
    }
}

extension NumexprScalar {
    /// The value of a float-kind scalar (after a cast to float).
    var floatValue: Float {
        if case .float(let value) = self { return value }
        return Float(doubleValue)
    }
}

/// libm's power for both real kinds (float32 through double, see `NumexprFunction.apply`).
enum NumexprMath {
    static func power<R: BinaryFloatingPoint>(_ x: R, _ y: R) -> R {
        R(Foundation.pow(Double(x), Double(y)))
    }
}
