/// A1111's prompt-weight syntax.
///
/// Matches `parse_prompt_attention` in AUTOMATIC1111's `modules/prompt_parser.py`: `(text)` multiplies
/// the weight by 1.1, `[text]` divides it by 1.1, `(text:1.3)` multiplies it by 1.3, `\(` `\)` `\[`
/// `\]` `\\` are literal characters, unbalanced brackets close at the end, `BREAK` (a whole word,
/// outside brackets) starts a new 75-token chunk, and neighbouring fragments of equal weight merge.
/// Weights are computed in Double, in A1111's order of multiplication, so they equal Python's.
public enum PromptAttention {
    /// The weight A1111 gives a `BREAK` marker (a `BREAK` inside brackets gets multiplied and
    /// becomes plain text, as in A1111).
    public static let breakWeight = -1.0

    /// The fragments of `text` with their weights; `("BREAK", -1)` marks a chunk break.
    /// Throws `TokenizersError.badWeight` for an explicit weight Python's `float` would reject (`(a:1.2.3)`).
    public static func parse(_ text: String) throws -> [(text: String, weight: Double)] {
        let scalars = Array(text.unicodeScalars)
        var result: [(text: String, weight: Double)] = []
        var roundBrackets: [Int] = []
        var squareBrackets: [Int] = []

        func multiply(from start: Int, by multiplier: Double) {
            for index in start..<result.count { result[index].weight *= multiplier }
        }
        func appendText(_ range: Range<Int>) {
            for (index, part) in splitAtBreaks(scalars, range).enumerated() {
                if index > 0 { result.append(("BREAK", breakWeight)) }
                result.append((string(scalars[part]), 1.0))
            }
        }

        var position = 0
        while position < scalars.count {
            let scalar = scalars[position]
            switch scalar {
            case "\\":
                let escaped = position + 1 < scalars.count && "()[]\\".unicodeScalars.contains(scalars[position + 1])
                result.append((escaped ? String(scalars[position + 1]) : "", 1.0))
                position += escaped ? 2 : 1
            case "(":
                roundBrackets.append(result.count)
                position += 1
            case "[":
                squareBrackets.append(result.count)
                position += 1
            case ":":
                if let weight = explicitWeight(scalars, at: position), let open = roundBrackets.last {
                    guard let value = parseFloat(scalars[weight.number]) else {
                        throw TokenizersError.badWeight(string(scalars[weight.number]), position: weight.number.lowerBound)
                    }
                    roundBrackets.removeLast()
                    multiply(from: open, by: value)
                    position = weight.end
                } else {
                    let end = explicitWeight(scalars, at: position)?.end ?? position + 1
                    appendText(position..<end)
                    position = end
                }
            case ")" where !roundBrackets.isEmpty:
                multiply(from: roundBrackets.removeLast(), by: 1.1)
                position += 1
            case "]" where !squareBrackets.isEmpty:
                multiply(from: squareBrackets.removeLast(), by: 1 / 1.1)
                position += 1
            case ")", "]":
                appendText(position..<position + 1)
                position += 1
            default:
                var end = position
                while end < scalars.count, !"\\()[]:".unicodeScalars.contains(scalars[end]) { end += 1 }
                appendText(position..<end)
                position = end
            }
        }
        for open in roundBrackets { multiply(from: open, by: 1.1) }
        for open in squareBrackets { multiply(from: open, by: 1 / 1.1) }
        if result.isEmpty { result = [("", 1.0)] }

        var index = 0
        while index + 1 < result.count {
            if result[index].weight == result[index + 1].weight {
                result[index].text += result[index + 1].text
                result.remove(at: index + 1)
            } else {
                index += 1
            }
        }
        return result
    }

    /// `:\s*([+-]?[.\d]+)\s*\)` at `position`: the number's range and the index after `)`.
    private static func explicitWeight(_ scalars: [Unicode.Scalar], at position: Int) -> (number: Range<Int>, end: Int)? {
        var index = position + 1
        while index < scalars.count, isPythonSpace(scalars[index]) { index += 1 }
        let start = index
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
        let digitsStart = index
        while index < scalars.count, scalars[index] == "." || scalars[index].properties.generalCategory == .decimalNumber { index += 1 }
        guard index > digitsStart else { return nil }
        let numberEnd = index
        while index < scalars.count, isPythonSpace(scalars[index]) { index += 1 }
        guard index < scalars.count, scalars[index] == ")" else { return nil }
        return (start..<numberEnd, index + 1)
    }

    /// Python's `float()` on `[+-]?[.\d]+` text (Unicode decimal digits count as their value).
    private static func parseFloat(_ scalars: ArraySlice<Unicode.Scalar>) -> Double? {
        var ascii = ""
        for scalar in scalars {
            if scalar == "." || scalar == "+" || scalar == "-" {
                ascii.unicodeScalars.append(scalar)
            } else if let value = scalar.properties.numericValue, value >= 0, value <= 9 {
                ascii += String(Int(value))
            } else {
                return nil
            }
        }
        let digits = ascii.filter { $0.isNumber }
        let dots = ascii.filter { $0 == "." }
        guard !digits.isEmpty, dots.count <= 1 else { return nil }
        return Double(ascii)
    }

    /// `re.split(r"\s*\bBREAK\b\s*", text)` over `range`: the ranges between the separators.
    private static func splitAtBreaks(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> [Range<Int>] {
        let word: [Unicode.Scalar] = ["B", "R", "E", "A", "K"]
        var parts: [Range<Int>] = []
        var partStart = range.lowerBound
        var index = range.lowerBound
        while index + word.count <= range.upperBound {
            let isBreak = scalars[index..<index + word.count].elementsEqual(word)
                && (index == range.lowerBound || !isPythonWord(scalars[index - 1]))
                && (index + word.count == range.upperBound || !isPythonWord(scalars[index + word.count]))
            guard isBreak else {
                index += 1
                continue
            }
            var matchStart = index
            while matchStart > partStart, isPythonSpace(scalars[matchStart - 1]) { matchStart -= 1 }
            var matchEnd = index + word.count
            while matchEnd < range.upperBound, isPythonSpace(scalars[matchEnd]) { matchEnd += 1 }
            parts.append(partStart..<matchStart)
            partStart = matchEnd
            index = matchEnd
        }
        parts.append(partStart..<range.upperBound)
        return parts
    }

    /// Python `str.isspace()`: Unicode White_Space plus the information separators U+001C…U+001F.
    private static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// Python `re`'s `\w` for `str`: letters, numbers and `_`.
    private static func isPythonWord(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || CLIPPreTokenizer.isLetter(scalar) || CLIPPreTokenizer.isNumber(scalar)
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
