/// Parses one schedule expression (a keyframe value or an expression frame key) with Python's
/// expression grammar and precedence, which is what numexpr compiles, and builds the typed tree
/// through `NumexprBuilder`. Commas separate function arguments, so `where(t>5, 1, 0)` works.
struct ScheduleExpressionParser {
    /// A syntax or typing error at an index of the schedule text.
    struct Failure: Error {
        let index: Int
        let message: String
    }

    /// Limits that keep the parser's recursion and the tree's depth far from the stack's end
    /// (Python's own parser stops at 200 nested parentheses).
    static let maximumTokens = 1000
    static let maximumNesting = 100

    private var lexer: ScheduleLexer
    private var token: ScheduleToken = .end
    private var tokenIndex = 0
    private var tokenCount = 0
    private var nesting = 0
    private let variables: Set<ScheduleVariable>
    private let context: String

    /// Parses the text in `range`, which must hold exactly one expression.
    /// - Parameters:
    ///   - variables: the variables the expression may read (keys cannot read `t`).
    ///   - context: what is parsed, for messages ("frame key", "value").
    static func parse(_ text: [Unicode.Scalar], range: Range<Int>, variables: Set<ScheduleVariable>,
                      context: String) throws(Failure) -> ScheduleExpression {
        var parser = ScheduleExpressionParser(text: text, range: range, variables: variables, context: context)
        try parser.advance()
        let operand = try parser.comparison()
        if parser.token != .end {
            throw Failure(index: parser.tokenIndex, message: parser.expected("an operator or ','"))
        }
        return operand.node
    }

    private init(text: [Unicode.Scalar], range: Range<Int>, variables: Set<ScheduleVariable>, context: String) {
        self.lexer = ScheduleLexer(text: text, range: range)
        self.variables = variables
        self.context = context
    }

    private mutating func advance() throws(Failure) {
        tokenCount += 1
        if tokenCount > Self.maximumTokens {
            throw Failure(index: tokenIndex, message: "expression too long (more than \(Self.maximumTokens) tokens)")
        }
        do {
            (token, tokenIndex) = try lexer.next()
        } catch {
            throw Failure(index: error.index, message: error.message)
        }
    }

    private func unexpected() -> String {
        switch token {
        case .name("and"), .name("or"), .name("not"):
            "Python's 'and', 'or' and 'not' do not work in numexpr; use '&', '|' and '~' with parentheses"
        case .name("if"), .name("else"):
            "conditional expressions do not work in numexpr; use where(condition, a, b)"
        case .symbol(","):
            "unexpected ','"
        case .symbol(":"):
            "unexpected ':' (a keyframe has one value; separate keyframes with ',')"
        case .end:
            "expected an expression"
        default:
            "unexpected \(token.display)"
        }
    }

    private func isSymbol(_ symbol: String) -> Bool { token == .symbol(symbol) }

    private func build(_ index: Int, _ make: () throws(NumexprBuilder.Failure) -> NumexprOperand) throws(Failure) -> NumexprOperand {
        do {
            return try make()
        } catch {
            throw Failure(index: index, message: error.message)
        }
    }

    private static let comparisons: [String: (NumexprBinaryOperator, swapped: Bool)] = [
        ">": (.greater, false), ">=": (.greaterOrEqual, false), "<": (.greater, true), "<=": (.greaterOrEqual, true),
        "==": (.equal, false), "!=": (.notEqual, false),
    ]

    private mutating func comparison() throws(Failure) -> NumexprOperand {
        let lhs = try binaryLevel(0)
        guard case .symbol(let symbol) = token, let (op, swapped) = Self.comparisons[symbol] else { return lhs }
        let index = tokenIndex
        try advance()
        let rhs = try binaryLevel(0)
        if case .symbol(let next) = token, Self.comparisons[next] != nil {
            throw Failure(index: tokenIndex, message: "chained comparisons do not work in numexpr; write (a < b) & (b < c)")
        }
        return try build(index) { () throws(NumexprBuilder.Failure) in
            try NumexprBuilder.binary(op, swapped ? rhs : lhs, swapped ? lhs : rhs)
        }
    }

    /// Python's binary levels from loosest to tightest, each left-associative.
    private static let levels: [[String: NumexprBinaryOperator]] = [
        ["|": .or], ["^": .xor], ["&": .and], ["<<": .leftShift, ">>": .rightShift],
        ["+": .add, "-": .subtract], ["*": .multiply, "/": .divide, "//": .floorDivide, "%": .modulo],
    ]

    private mutating func binaryLevel(_ level: Int) throws(Failure) -> NumexprOperand {
        guard level < Self.levels.count else { return try unary() }
        var lhs = try binaryLevel(level + 1)
        while case .symbol(let symbol) = token, let op = Self.levels[level][symbol] {
            let index = tokenIndex
            try advance()
            let rhs = try binaryLevel(level + 1)
            let left = lhs
            lhs = try build(index) { () throws(NumexprBuilder.Failure) in try NumexprBuilder.binary(op, left, rhs) }
        }
        if case .symbol("@") = token { throw Failure(index: tokenIndex, message: "'@' is not supported") }
        return lhs
    }

    /// Every cycle of the recursion passes here, so this is where nesting is counted.
    private mutating func unary() throws(Failure) -> NumexprOperand {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maximumNesting {
            throw Failure(index: tokenIndex, message: "expression nested too deeply (more than \(Self.maximumNesting) levels)")
        }
        let op: NumexprUnaryOperator?
        switch token {
        case .symbol("-"): op = .negate
        case .symbol("~"): op = .invert
        case .symbol("+"): op = nil
        case .name("not"): throw Failure(index: tokenIndex, message: unexpected())
        default: return try power()
        }
        let index = tokenIndex
        try advance()
        let operand = try unary()
        return try build(index) { () throws(NumexprBuilder.Failure) in try NumexprBuilder.unary(op, operand) }
    }

    private mutating func power() throws(Failure) -> NumexprOperand {
        let base = try primary()
        guard isSymbol("**") else { return base }
        let index = tokenIndex
        try advance()
        let exponent = try unary()
        return try build(index) { () throws(NumexprBuilder.Failure) in try NumexprBuilder.binary(.power, base, exponent) }
    }

    private mutating func primary() throws(Failure) -> NumexprOperand {
        let index = tokenIndex
        switch token {
        case .number(let constant):
            try advance()
            try rejectTrailer()
            return .python(constant)
        case .string:
            throw Failure(index: index, message: "a string is not a number")
        case .symbol("("):
            try advance()
            let inner = try comparison()
            if isSymbol(",") { throw Failure(index: tokenIndex, message: "expected ')' (tuples are not numbers)") }
            guard isSymbol(")") else { throw Failure(index: tokenIndex, message: expected("')'")) }
            try advance()
            try rejectTrailer()
            return inner
        case .name(let name):
            try advance()
            if isSymbol("(") { return try call(name, at: index) }
            try rejectTrailer()
            return try variable(name, at: index)
        case .symbol(":"):
            throw Failure(index: index, message: unexpected())
        default:
            throw Failure(index: index, message: expected("an expression"))
        }
    }

    /// `expected WHAT`, naming what was found instead (Python keywords get their own advice).
    private func expected(_ what: String) -> String {
        switch token {
        case .end: "expected \(what)"
        case .name("and"), .name("or"), .name("not"), .name("if"), .name("else"), .symbol(":"): unexpected()
        default: "expected \(what), found \(token.display)"
        }
    }

    /// Attribute access and subscripts, which numexpr forbids.
    private func rejectTrailer() throws(Failure) {
        if isSymbol(".") || isSymbol("[") {
            throw Failure(index: tokenIndex, message: "unexpected \(token.display)")
        }
    }

    private func variable(_ name: String, at index: Int) throws(Failure) -> NumexprOperand {
        switch name {
        case "True": return .python(.bool(true))
        case "False": return .python(.bool(false))
        case "and", "or", "not", "if", "else": throw Failure(index: index, message: unexpected())
        default: break
        }
        if let variable = ScheduleVariable(rawValue: name) {
            guard variables.contains(variable) else {
                throw Failure(index: index, message: "'\(name)' cannot be used in a \(context)")
            }
            return .node(.variable(variable))
        }
        if NumexprFunction(rawValue: name) != nil || name == "where" {
            throw Failure(index: index, message: "'\(name)' is a function; expected '(' after it")
        }
        let hint = ["pi": " (numexpr has no constants; write 3.141592653589793)",
                    "e": " (numexpr has no constants; write 2.718281828459045)"][name] ?? ""
        throw Failure(index: index, message: "unknown variable '\(name)'\(hint); the variables are t, max_f and s")
    }

    private mutating func call(_ name: String, at index: Int) throws(Failure) -> NumexprOperand {
        let function = NumexprFunction(rawValue: name)
        guard function != nil || name == "where" else {
            let hint = ["pow": " (write a ** b)", "max": " (use maximum(a, b))", "min": " (use minimum(a, b))"][name] ?? ""
            throw Failure(index: index, message: "unknown function '\(name)'\(hint)")
        }
        try advance()
        var arguments: [NumexprOperand] = []
        while !isSymbol(")") {
            arguments.append(try comparison())
            if isSymbol(",") {
                try advance()
            } else if !isSymbol(")") {
                throw Failure(index: tokenIndex, message: expected("',' or ')'"))
            }
        }
        try advance()
        try rejectTrailer()
        let args = arguments
        if let function {
            return try build(index) { () throws(NumexprBuilder.Failure) in try NumexprBuilder.function(function, args) }
        }
        guard args.count == 3 else {
            throw Failure(index: index, message: "where takes 3 arguments, not \(args.count)")
        }
        return try build(index) { () throws(NumexprBuilder.Failure) in try NumexprBuilder.select(args[0], args[1], args[2]) }
    }
}
