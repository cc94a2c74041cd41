/// Splits a schedule string into keyframes the way Deforum's `FrameInterpolater.parse_key_frames`
/// reads it (deforum-art/sd-webui-deforum `scripts/deforum_helpers/animation_key_frames.py`), but
/// with a real grammar: a keyframe's value ends at the first comma outside parentheses and quotes,
/// so function arguments may contain commas. Deforum's textual rules are kept: a key or value is a
/// plain number when, with every `'`, `"`, `(` and `)` removed, it matches
/// `^[+-]?[0-9]*(\.[0-9]+)?$` (`check_is_number`); other keys are expressions in `max_f` and `s`
/// (one pair of quotes around them is removed); other values are numexpr expressions.
///
/// Differences from Deforum, all on input Deforum mishandles: commas inside function calls work; a
/// second `:` in a keyframe (`0:(1):(2)`, Deforum silently drops `:(2)`) and unbalanced parentheses in
/// an expression are errors; a trailing comma or empty schedule is an error as in Deforum, but says so.
enum ScheduleParser {
    static func parse(_ source: String, name: String, kind: Schedule.Kind) throws(ScheduleError) -> [ScheduleKeyframe] {
        let text = Array(source.unicodeScalars)
        var keyframes: [ScheduleKeyframe] = []
        for (keyRange, valueRange) in try extents(text, name: name) {
            let frame = try key(text, keyRange, name: name)
            let value = try value(text, valueRange, name: name, kind: kind)
            keyframes.append(ScheduleKeyframe(frame: frame, value: value, position: firstNonSpace(text, keyRange) + 1))
        }
        return keyframes
    }

    /// Whether the schedule looks like a text schedule: some value is a quoted string, in optional
    /// parentheses, that is not a plain number (`0: ("Euler a")`).
    static func hasQuotedText(_ source: String) -> Bool {
        let text = Array(source.unicodeScalars)
        guard let ranges = try? extents(text, name: "") else { return false }
        return ranges.contains { _, valueRange in
            var range = trimmed(text, valueRange)
            while let first = range.first, let last = range.last, first < last, text[first] == "(", text[last] == ")" {
                range = trimmed(text, (first + 1)..<last)
            }
            guard let first = range.first, let last = range.last, first < last,
                  text[first] == "'" || text[first] == "\"", text[last] == text[first] else { return false }
            return plainNumber(sanitized(text, range)) == nil
        }
    }

    /// The key and value ranges of every keyframe.
    private static func extents(_ text: [Unicode.Scalar], name: String) throws(ScheduleError) -> [(Range<Int>, Range<Int>)] {
        var ranges: [(Range<Int>, Range<Int>)] = []
        var index = 0
        while true {
            let keyStart = index
            let colon = scan(text, from: index, stopAtColon: true)
            guard colon < text.count, text[colon] == ":" else {
                let blank = text[keyStart..<colon].allSatisfy(ScheduleLexer.isSpace)
                let message = blank ? (ranges.isEmpty ? "expected a keyframe such as 0:(1)" : "expected a keyframe after ','")
                    : "expected ':' after the frame key"
                throw ScheduleError(name: name, location: .position(colon + 1), message: message)
            }
            let valueEnd = scan(text, from: colon + 1, stopAtColon: false)
            ranges.append((keyStart..<colon, (colon + 1)..<valueEnd))
            if valueEnd == text.count { return ranges }
            index = valueEnd + 1
        }
    }

    /// The index of the first `,` (or `:` when `stopAtColon`) outside quotes and parentheses, or the end.
    private static func scan(_ text: [Unicode.Scalar], from start: Int, stopAtColon: Bool) -> Int {
        var depth = 0
        var quote: Unicode.Scalar?
        var i = start
        while i < text.count {
            let c = text[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth = max(depth - 1, 0)
            } else if depth == 0 && (c == "," || (stopAtColon && c == ":")) {
                return i
            }
            i += 1
        }
        return i
    }

    private static func firstNonSpace(_ text: [Unicode.Scalar], _ range: Range<Int>) -> Int {
        range.first { !ScheduleLexer.isSpace(text[$0]) } ?? range.lowerBound
    }

    /// The range without surrounding whitespace (Python's `str.strip()`).
    private static func trimmed(_ text: [Unicode.Scalar], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, ScheduleLexer.isSpace(text[lower]) { lower += 1 }
        while upper > lower, ScheduleLexer.isSpace(text[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// Deforum's `sanitize_value`: the text without `'`, `"`, `(` and `)`.
    private static func sanitized(_ text: [Unicode.Scalar], _ range: Range<Int>) -> String {
        var scalars = String.UnicodeScalarView()
        for c in text[range] where c != "'" && c != "\"" && c != "(" && c != ")" { scalars.append(c) }
        return String(scalars)
    }

    /// Deforum's `check_is_number`: `^(?=.)([+-]?([0-9]*)(\.([0-9]+))?)$` with Python's `$`, which
    /// also matches before one final newline. Returns the number text without that newline, or nil.
    /// A lone sign matches the pattern but is no number (Python's `float('+')` fails), so it is nil.
    static func plainNumber(_ text: String) -> String? {
        var scalars = Array(text.unicodeScalars)
        if scalars.last == "\n" { scalars.removeLast() }
        var i = 0
        if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" { i += 1 }
        var digits = 0
        while i < scalars.count, scalars[i] >= "0" && scalars[i] <= "9" { i += 1; digits += 1 }
        if i < scalars.count, scalars[i] == "." {
            i += 1
            var fraction = 0
            while i < scalars.count, scalars[i] >= "0" && scalars[i] <= "9" { i += 1; fraction += 1 }
            if fraction == 0 { return nil }
            digits += fraction
        }
        guard i == scalars.count, digits > 0 else { return nil }
        return String(String.UnicodeScalarView(scalars))
    }

    private static func key(_ text: [Unicode.Scalar], _ range: Range<Int>, name: String) throws(ScheduleError) -> ScheduleKeyframe.Frame {
        let range = trimmed(text, range)
        if let number = plainNumber(sanitized(text, range)) {
            guard !number.contains("."), let frame = Int64(number.hasPrefix("+") ? String(number.dropFirst()) : number) else {
                throw ScheduleError(name: name, location: .position(range.lowerBound + 1),
                                    message: "frame key \(number) is not a whole number")
            }
            return .number(frame)
        }
        var inner = range
        if let first = inner.first, text[first] == "'" || text[first] == "\"" { inner = (first + 1)..<inner.upperBound }
        if let last = inner.last, text[last] == "'" || text[last] == "\"" { inner = inner.lowerBound..<last }
        if trimmed(text, inner).isEmpty {
            throw ScheduleError(name: name, location: .position(range.lowerBound + 1), message: "expected a frame key before ':'")
        }
        do {
            return .expression(try ScheduleExpressionParser.parse(text, range: inner, variables: [.lastFrame, .seed], context: "frame key"))
        } catch {
            throw ScheduleError(name: name, location: .position(error.index + 1), message: error.message)
        }
    }

    private static func value(_ text: [Unicode.Scalar], _ range: Range<Int>, name: String, kind: Schedule.Kind) throws(ScheduleError) -> ScheduleKeyframe.Value {
        let range = trimmed(text, range)
        if kind == .text { return .text(sanitized(text, range)) }
        if range.isEmpty {
            throw ScheduleError(name: name, location: .position(range.lowerBound + 1), message: "expected a value after ':'")
        }
        if let number = plainNumber(sanitized(text, range)), let value = Double(number) {
            return .number(value)
        }
        do {
            return .expression(try ScheduleExpressionParser.parse(text, range: range, variables: [.frame, .lastFrame, .seed], context: "value"))
        } catch {
            throw ScheduleError(name: name, location: .position(error.index + 1), message: error.message)
        }
    }
}
