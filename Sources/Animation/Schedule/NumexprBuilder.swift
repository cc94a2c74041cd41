/// What the parser holds while it builds an expression: a Python constant not yet seen by numexpr,
/// or a numexpr node (whose `.constant` leaves are numexpr `ConstantNode`s).
enum NumexprOperand: Equatable {
    case python(PythonConstant)
    case node(ScheduleExpression)

    /// The operand as a numexpr node (Python constants become `ConstantNode`s).
    var node: ScheduleExpression {
        switch self {
        case .python(let constant): .constant(constant.scalar)
        case .node(let node): node
        }
    }

    /// The constant value, if numexpr sees a constant here.
    var constant: NumexprScalar? {
        switch self {
        case .python(let constant): constant.scalar
        case .node(.constant(let value)): value
        case .node: nil
        }
    }
}

/// Builds the typed tree the way numexpr 2.14's `expressions.py` does when Python runs the expression
/// with its operator methods: Python folds literal arithmetic, numexpr folds operations between
/// constants, `**` with a constant exponent is expanded into products and square roots
/// (`optimization='aggressive'`, numexpr's default) and every operation picks the opcode of its
/// operands' common kind, casting them up (`necompiler.typeCompileAst`).
enum NumexprBuilder {
    /// A construct numexpr rejects, with the reason.
    struct Failure: Error {
        let message: String
    }

    static func unary(_ op: NumexprUnaryOperator?, _ operand: NumexprOperand) throws(Failure) -> NumexprOperand {
        if case .python(let constant) = operand {
            do {
                return .python(try constant.unary(op))
            } catch {
                throw Failure(message: error.message)
            }
        }
        let node = operand.node
        guard let op else { return operand }
        guard op.accepts(node.kind) else {
            throw Failure(message: op == .negate ? "cannot negate a comparison (1/0); use 1 - x or x * -1.0"
                : "'~' needs an integer or a comparison")
        }
        if case .constant(let value) = node { return .node(.constant(op.apply(value))) }
        return .node(.unary(op, node))
    }

    static func binary(_ op: NumexprBinaryOperator, _ lhs: NumexprOperand, _ rhs: NumexprOperand) throws(Failure) -> NumexprOperand {
        if case .python(let a) = lhs, case .python(let b) = rhs {
            do {
                return .python(try a.binary(op, b))
            } catch {
                throw Failure(message: error.message)
            }
        }
        if case .python = lhs, [.and, .or, .xor, .floorDivide].contains(op) {
            // numexpr nodes have no reflected `__rand__`, `__ror__`, `__rxor__`, `__rfloordiv__`.
            throw Failure(message: "a constant cannot be the left operand of '\(op.rawValue)' when the right one is not constant")
        }
        if op == .power, case .node = lhs, let exponent = rhs.constant {
            return .node(try power(lhs.node, exponent: exponent))
        }
        let node = try operation(op, lhs.node, rhs.node)
        if op != .divide && op != .power, lhs.constant != nil, rhs.constant != nil {
            return .node(.constant(try fold(node)))
        }
        return .node(node)
    }

    /// A plain numexpr operation on two nodes, operands cast to the opcode's kind.
    static func operation(_ op: NumexprBinaryOperator, _ lhs: ScheduleExpression, _ rhs: ScheduleExpression) throws(Failure) -> ScheduleExpression {
        let common = max(lhs.kind, rhs.kind)
        guard let kind = op.operandKind(common: common) else {
            throw Failure(message: "'\(op.rawValue)' is not defined for \(describe(common)) operands")
        }
        return .binary(op, cast(lhs, to: kind), cast(rhs, to: kind))
    }

    /// numexpr's `pow_op` for a constant exponent.
    private static func power(_ base: ScheduleExpression, exponent: NumexprScalar) throws(Failure) -> ScheduleExpression {
        let x = exponent.doubleValue
        if base.kind.isInteger && exponent.kind.isInteger && x < 0 {
            throw Failure(message: "integers to negative integer powers are not allowed (write 1.0*t or t**-1.0)")
        }
        guard x.isFinite else { return try operation(.power, base, .constant(exponent)) }
        let twice = 2 * x
        guard twice.rounded(.towardZero) == twice, Swift.abs(x) <= 50 else {
            return try operation(.power, base, .constant(exponent))
        }
        let n = Int(Swift.abs(x))
        var result: ScheduleExpression?
        var square = base
        var mask = 1
        while true {
            if n & mask != 0 {
                result = try result.map { r throws(Failure) in try operation(.multiply, r, square) } ?? square
            }
            mask <<= 1
            if mask > n { break }
            square = try operation(.multiply, square, square)
        }
        if Int(Swift.abs(twice)) % 2 == 1 {
            let kind: NumexprKind = base.kind.isInteger ? .double : base.kind
            guard kind >= .float else { throw Failure(message: "'**' is not defined for comparison (1/0) operands") }
            let root = ScheduleExpression.function(.sqrt, [cast(base, to: kind)])
            result = try result.map { r throws(Failure) in try operation(.multiply, r, root) } ?? root
        }
        guard let product = result else {
            return .constant(base.kind == .bool ? .bool(true) : NumexprScalar.int(1).cast(to: max(base.kind, .int)))
        }
        return x < 0 ? try operation(.divide, .constant(.int(1)), product) : product
    }

    static func function(_ function: NumexprFunction, _ arguments: [NumexprOperand]) throws(Failure) -> NumexprOperand {
        guard arguments.count == function.arity else {
            throw Failure(message: "\(function.rawValue) takes \(function.arity) argument\(function.arity == 1 ? "" : "s"), not \(arguments.count)")
        }
        let nodes = arguments.map(\.node)
        let common = nodes.map(\.kind).max() ?? .double
        let kind = function.operandKind(common: common)
        let call = ScheduleExpression.function(function, nodes.map { cast($0, to: kind) })
        guard arguments.allSatisfy({ $0.constant != nil }) else { return .node(call) }
        // All constant: numexpr calls NumPy once, which keeps integer results integral.
        let value = try fold(call)
        if let integral = function.constantResultKind(arguments: nodes.map(\.kind)), value.doubleValue.isFinite,
           let integer = Int64(exactly: value.doubleValue) {
            return .node(.constant(NumexprScalar.long(integer).cast(to: integral)))
        }
        return .node(.constant(value))
    }

    /// numexpr's `where_func`: a constant condition picks a branch at build time.
    static func select(_ condition: NumexprOperand, _ a: NumexprOperand, _ b: NumexprOperand) throws(Failure) -> NumexprOperand {
        if let value = condition.constant { return value.isTruthy ? a : b }
        let c = condition.node
        guard c.kind == .bool else {
            throw Failure(message: "the condition of where must be a comparison, e.g. where(t>5, 1, 0)")
        }
        let kind = max(a.node.kind, b.node.kind)
        return .node(.select(c, cast(a.node, to: kind), cast(b.node, to: kind)))
    }

    static func cast(_ node: ScheduleExpression, to kind: NumexprKind) -> ScheduleExpression {
        if node.kind == kind { return node }
        if case .constant(let value) = node { return .constant(value.cast(to: kind)) }
        return .cast(node, to: kind)
    }

    private static func fold(_ node: ScheduleExpression) throws(Failure) -> NumexprScalar {
        do {
            return try node.evaluate(ScheduleVariables(frame: 0, lastFrame: 0, seed: 0))
        } catch {
            throw Failure(message: "integer division by zero")
        }
    }

    private static func describe(_ kind: NumexprKind) -> String {
        switch kind {
        case .bool: "comparison (1/0)"
        case .int, .long: "integer"
        case .float, .double: "real"
        }
    }
}
