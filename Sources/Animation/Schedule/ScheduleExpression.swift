/// The variables a schedule expression can read: Deforum binds `t` (the frame), `max_f`
/// (`max_frames - 1`) and `s` (the seed) as Python ints, which numexpr reads as 64-bit integers.
public enum ScheduleVariable: String, CaseIterable, Sendable {
    case frame = "t", lastFrame = "max_f", seed = "s"
}

/// The values of the schedule variables for one evaluation.
public struct ScheduleVariables: Sendable {
    public var frame: Int64
    public var lastFrame: Int64
    public var seed: Int64

    public init(frame: Int64, lastFrame: Int64, seed: Int64) {
        self.frame = frame
        self.lastFrame = lastFrame
        self.seed = seed
    }

    subscript(variable: ScheduleVariable) -> Int64 {
        switch variable {
        case .frame: frame
        case .lastFrame: lastFrame
        case .seed: seed
        }
    }
}

/// A parsed, typed schedule expression: the tree numexpr would compile for the same text (constants
/// folded as Python folds them, operands cast to each operation's kind). Evaluating it walks the tree
/// once, allocates nothing and never looks at text.
public indirect enum ScheduleExpression: Equatable, Sendable {
    case constant(NumexprScalar)
    case variable(ScheduleVariable)
    /// A value converted up to a wider kind.
    case cast(ScheduleExpression, to: NumexprKind)
    case unary(NumexprUnaryOperator, ScheduleExpression)
    /// Both operands have the operation's operand kind.
    case binary(NumexprBinaryOperator, ScheduleExpression, ScheduleExpression)
    /// The arguments have the function's operand kind.
    case function(NumexprFunction, [ScheduleExpression])
    /// numexpr's `where(condition, a, b)`; `a` and `b` have one kind.
    case select(ScheduleExpression, ScheduleExpression, ScheduleExpression)

    /// The kind of the expression's value.
    public var kind: NumexprKind {
        switch self {
        case .constant(let value): value.kind
        case .variable: .long
        case .cast(_, let kind): kind
        case .unary(_, let operand): operand.kind
        case .binary(let op, let lhs, _): op.isComparison ? .bool : lhs.kind
        case .function(let function, let arguments): function.resultKind(operand: arguments[0].kind)
        case .select(_, let a, _): a.kind
        }
    }

    /// Whether the expression reads `variable`.
    public func uses(_ variable: ScheduleVariable) -> Bool {
        switch self {
        case .constant: false
        case .variable(let v): v == variable
        case .cast(let operand, _), .unary(_, let operand): operand.uses(variable)
        case .binary(_, let lhs, let rhs): lhs.uses(variable) || rhs.uses(variable)
        case .function(_, let arguments): arguments.contains { $0.uses(variable) }
        case .select(let c, let a, let b): c.uses(variable) || a.uses(variable) || b.uses(variable)
        }
    }

    /// The value for the given variables.
    /// - Throws: `NumexprFault` where numexpr's interpreter would trap (an integer `0 ** -n`).
    public func evaluate(_ variables: ScheduleVariables) throws(NumexprFault) -> NumexprScalar {
        switch self {
        case .constant(let value):
            return value
        case .variable(let variable):
            return .long(variables[variable])
        case .cast(let operand, let kind):
            return try operand.evaluate(variables).cast(to: kind)
        case .unary(let op, let operand):
            return op.apply(try operand.evaluate(variables))
        case .binary(let op, let lhs, let rhs):
            return try op.apply(try lhs.evaluate(variables), try rhs.evaluate(variables))
        case .function(let function, let arguments):
            let first = try arguments[0].evaluate(variables)
            let second = arguments.count > 1 ? try arguments[1].evaluate(variables) : nil
            return function.apply(first, second)
        case .select(let condition, let a, let b):
            if case .bool(true) = try condition.evaluate(variables) { return try a.evaluate(variables) }
            return try b.evaluate(variables)
        }
    }
}
