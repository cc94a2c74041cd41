/// One keyframe prompt, parsed once: literal text and `` `expression` `` spans, evaluated per frame.
///
/// Deforum (`prompt.py: prepare_prompt`) finds every backtick span with the regex `` `.*?` `` (no
/// span crosses a newline), replaces each letter `t` in it by the frame number and `max_f` by
/// max_frames − 1 as *text*, evaluates the result with numexpr and substitutes `str()` of the value.
/// Zoetrope evaluates the span with the schedule language instead, binding `t`, `max_f` and `s`, so
/// `tan(t)` and `sqrt(t)` work (Deforum's textual replacement breaks them); the printed value is
/// Python's (`0.9`, `4`, `True`).
struct PromptText: Equatable, Sendable {
    enum Piece: Equatable, Sendable {
        case literal(String)
        case expression(ScheduleExpression)
    }

    let pieces: [Piece]

    /// Parses `text`; `name` names the prompt in errors (`prompts["30"]`).
    /// - Throws: `ScheduleError` naming the prompt and the 1-based character position.
    init(_ text: String, name: String) throws(ScheduleError) {
        let scalars = Array(text.unicodeScalars)
        var pieces: [Piece] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "`", let close = Self.closingBacktick(scalars, after: index) {
                if !literal.isEmpty { pieces.append(.literal(String(literal))); literal = String.UnicodeScalarView() }
                do {
                    let expression = try ScheduleExpressionParser.parse(
                        scalars, range: (index + 1)..<close, variables: [.frame, .lastFrame, .seed], context: "value")
                    pieces.append(.expression(expression))
                } catch {
                    throw ScheduleError(name: name, location: .position(error.index + 1), message: error.message)
                }
                index = close + 1
            } else {
                literal.append(scalars[index])
                index += 1
            }
        }
        if !literal.isEmpty { pieces.append(.literal(String(literal))) }
        self.pieces = pieces
    }

    /// The index of the backtick closing the span opened at `open`, or nil when a newline or the end
    /// comes first (the regex `` `.*?` `` then does not match at `open`).
    private static func closingBacktick(_ scalars: [Unicode.Scalar], after open: Int) -> Int? {
        var index = open + 1
        while index < scalars.count {
            if scalars[index] == "`" { return index }
            if scalars[index] == "\n" { return nil }
            index += 1
        }
        return nil
    }

    /// The text at one frame, every span replaced by its value.
    /// - Throws: `ScheduleError` naming the frame where numexpr would trap.
    func text(_ variables: ScheduleVariables, name: String) throws(ScheduleError) -> String {
        var result = ""
        for piece in pieces {
            switch piece {
            case .literal(let text):
                result += text
            case .expression(let expression):
                do {
                    result += Self.pythonString(try expression.evaluate(variables))
                } catch {
                    throw ScheduleError(name: name, location: .frame(Int(variables.frame)), message: "integer division by zero")
                }
            }
        }
        return result
    }

    /// Python's `str()` of a numexpr result.
    static func pythonString(_ value: NumexprScalar) -> String {
        switch value {
        case .bool(let flag): flag ? "True" : "False"
        case .int(let number): String(number)
        case .long(let number): String(number)
        case .float(let number): number.description
        case .double(let number): number.description
        }
    }
}
