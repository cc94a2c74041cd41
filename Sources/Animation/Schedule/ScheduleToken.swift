/// One token of a schedule expression (Python's expression syntax, which numexpr uses).
enum ScheduleToken: Equatable {
    case number(PythonConstant)
    case name(String)
    case string(String)
    case symbol(String)
    case end

    /// How the token reads in an error message.
    var display: String {
        switch self {
        case .number: "a number"
        case .name(let name): "'\(name)'"
        case .string: "a string"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "the end of the value"
        }
    }
}

/// Splits a range of the schedule text into tokens. Positions are indices into the schedule's
/// Unicode scalars, so errors can point at the character.
struct ScheduleLexer {
    /// A lexical error at an index.
    struct Failure: Error {
        let index: Int
        let message: String
    }

    private let text: [Unicode.Scalar]
    private let end: Int
    private(set) var index: Int

    init(text: [Unicode.Scalar], range: Range<Int>) {
        self.text = text
        self.index = range.lowerBound
        self.end = range.upperBound
    }

    private static let symbols = ["**", "//", "<<", ">>", "<=", ">=", "==", "!=", "<>",
                                  "+", "-", "*", "/", "%", "&", "|", "^", "~", "<", ">", "(", ")", ",",
                                  ".", "[", "]", ":", ";", "=", "@", "!", "{", "}"]

    /// The next token and the index where it starts.
    mutating func next() throws(Failure) -> (token: ScheduleToken, index: Int) {
        while index < end, Self.isSpace(text[index]) { index += 1 }
        let start = index
        guard index < end else { return (.end, end) }
        let c = text[index]
        if Self.isDigit(c) || (c == "." && index + 1 < end && Self.isDigit(text[index + 1])) {
            return (.number(try number()), start)
        }
        if Self.isNameStart(c) {
            while index < end, Self.isNameStart(text[index]) || Self.isDigit(text[index]) { index += 1 }
            return (.name(String(String.UnicodeScalarView(text[start..<index]))), start)
        }
        if c == "'" || c == "\"" {
            return (.string(try string(quote: c)), start)
        }
        for symbol in Self.symbols where matches(symbol) {
            index += symbol.unicodeScalars.count
            return (.symbol(symbol), start)
        }
        throw Failure(index: start, message: "unexpected character '\(Character(c))'")
    }

    private func matches(_ symbol: String) -> Bool {
        var i = index
        for scalar in symbol.unicodeScalars {
            guard i < end, text[i] == scalar else { return false }
            i += 1
        }
        return true
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" }
    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    private static func isNameStart(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" }

    /// A Python string literal; only backslash-escaped quotes and backslashes are interpreted.
    private mutating func string(quote: Unicode.Scalar) throws(Failure) -> String {
        let start = index
        index += 1
        var scalars = String.UnicodeScalarView()
        while index < end, text[index] != quote {
            if text[index] == "\\", index + 1 < end { index += 1 }
            scalars.append(text[index])
            index += 1
        }
        guard index < end else { throw Failure(index: start, message: "unterminated string") }
        index += 1
        return String(scalars)
    }

    /// A Python number literal: decimal (underscores between digits, no leading zeros), float with
    /// fraction and/or exponent, or `0x`/`0o`/`0b` integer.
    private mutating func number() throws(Failure) -> PythonConstant {
        let start = index
        if text[index] == "0", index + 1 < end, let radix = Self.radix(text[index + 1]) {
            index += 2
            let digits = digitRun { Self.isDigit($0) || ($0 >= "a" && $0 <= "f") || ($0 >= "A" && $0 <= "F") }
            guard !digits.isEmpty, let value = Int64(digits, radix: radix) else {
                throw Failure(index: start, message: "invalid number literal")
            }
            try rejectSuffix(start)
            return .int(value)
        }
        let whole = digitRun(Self.isDigit)
        var isFloat = false
        var literal = whole
        if index < end, text[index] == "." {
            isFloat = true
            index += 1
            literal += "." + digitRun(Self.isDigit)
        }
        if index < end, text[index] == "e" || text[index] == "E" {
            let mark = index
            index += 1
            var exponent = ""
            if index < end, text[index] == "+" || text[index] == "-" {
                exponent.unicodeScalars.append(text[index])
                index += 1
            }
            let digits = digitRun(Self.isDigit)
            if digits.isEmpty { throw Failure(index: mark, message: "invalid number literal") }
            isFloat = true
            literal += "e" + exponent + digits
        }
        try rejectSuffix(start)
        if isFloat {
            guard let value = Double(literal) else { throw Failure(index: start, message: "invalid number literal") }
            return .float(value)
        }
        if whole.count > 1, whole.first == "0", whole.contains(where: { $0 != "0" }) {
            throw Failure(index: start, message: "leading zeros are not allowed in a number (Python syntax)")
        }
        guard let value = Int64(whole) else { throw Failure(index: start, message: "integer constant out of range") }
        return .int(value)
    }

    /// Digits matching `accept`, with single underscores allowed between them, underscores removed.
    private mutating func digitRun(_ accept: (Unicode.Scalar) -> Bool) -> String {
        var digits = String.UnicodeScalarView()
        while index < end {
            if accept(text[index]) {
                digits.append(text[index])
                index += 1
            } else if text[index] == "_", !digits.isEmpty, index + 1 < end, accept(text[index + 1]) {
                index += 1
            } else {
                break
            }
        }
        return String(digits)
    }

    private func rejectSuffix(_ start: Int) throws(Failure) {
        guard index < end else { return }
        if text[index] == "j" || text[index] == "J" {
            throw Failure(index: start, message: "complex numbers are not supported")
        }
        if Self.isNameStart(text[index]) || Self.isDigit(text[index]) {
            throw Failure(index: index, message: "invalid number literal")
        }
    }

    private static func radix(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "x", "X": 16
        case "o", "O": 8
        case "b", "B": 2
        default: nil
        }
    }
}
