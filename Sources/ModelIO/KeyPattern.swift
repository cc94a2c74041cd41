/// A key prefix with integer placeholders, such as `input_blocks.{k}.1.`: literal text must match
/// exactly and each `{name}` matches one run of decimal digits (at most 9, so the value fits).
/// The same type fills a template (`down_blocks.{level}.attentions.{j}.`) from named integers.
struct KeyPattern: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case literal(String)
        case number(String)
    }

    let parts: [Part]

    /// Parses `text`; the rule tables are constants, so a malformed pattern is a programmer error.
    init(_ text: String) {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { preconditionFailure("unclosed '{' in \(text)") }
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
            parts.append(.number(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    /// When `key` starts with this pattern: the placeholder values and the rest of the key.
    func match(_ key: String) -> (values: [String: Int], rest: Substring)? {
        var values: [String: Int] = [:]
        var rest = Substring(key)
        for part in parts {
            switch part {
            case .literal(let text):
                guard rest.hasPrefix(text) else { return nil }
                rest = rest.dropFirst(text.count)
            case .number(let name):
                let digits = rest.prefix { $0.isASCII && $0.isNumber }
                guard !digits.isEmpty, digits.count <= 9, let value = Int(digits) else { return nil }
                values[name] = value
                rest = rest.dropFirst(digits.count)
            }
        }
        return (values, rest)
    }

    /// The text with each placeholder replaced by its value, or nil when one has no value.
    func filled(_ values: [String: Int]) -> String? {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let literal): text += literal
            case .number(let name):
                guard let value = values[name] else { return nil }
                text += String(value)
            }
        }
        return text
    }
}
