import Foundation

/// Text cleanup and word splitting of the CLIP tokenizer.
///
/// Matches transformers 5.x `CLIPTokenizer` (a `tokenizers` backend): NFC, every run of whitespace
/// replaced by one space, per-character Unicode lower-casing, then the split regex
/// `'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+`, whitespace dropped.
enum CLIPPreTokenizer {
    /// Lower-cased, NFC-normalised pieces of `text`, in order.
    static func pieces(_ text: String) -> [String] {
        var scalars: [Unicode.Scalar] = []
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.isWhitespace {
                scalars.append(" ")
            } else {
                scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        var pieces: [String] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace {
                index += 1
                continue
            }
            let end: Int
            if let contraction = contractionLength(scalars, index) {
                end = index + contraction
            } else if isLetter(scalar) {
                end = runEnd(scalars, from: index, where: isLetter)
            } else if isNumber(scalar) {
                end = index + 1
            } else {
                end = runEnd(scalars, from: index) { !$0.properties.isWhitespace && !isLetter($0) && !isNumber($0) }
            }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[index..<end])
            pieces.append(String(piece))
            index = end
        }
        return pieces
    }

    private static let contractions: [[Unicode.Scalar]] = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"].map { Array($0.unicodeScalars) }

    private static func contractionLength(_ scalars: [Unicode.Scalar], _ index: Int) -> Int? {
        guard scalars[index] == "'" else { return nil }
        for contraction in contractions where index + contraction.count <= scalars.count {
            if scalars[index..<index + contraction.count].elementsEqual(contraction) { return contraction.count }
        }
        return nil
    }

    private static func runEnd(_ scalars: [Unicode.Scalar], from start: Int, where belongs: (Unicode.Scalar) -> Bool) -> Int {
        var end = start
        while end < scalars.count, belongs(scalars[end]) { end += 1 }
        return end
    }

    /// `\p{L}`: the five letter categories.
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    /// `\p{N}`: decimal, letter and other numbers.
    static func isNumber(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }
}
