/// Errors raised by the tokenizers.
public enum TokenizersError: Error, CustomStringConvertible, Equatable {
    /// The bundled BPE vocabulary could not be read.
    case vocabularyUnreadable(String)
    /// A gzip stream is malformed: what was wrong and at which byte offset.
    case badGzip(String, offset: Int)
    /// A prompt's explicit weight `(text:WEIGHT)` is not a number: the text and its character offset.
    case badWeight(String, position: Int)

    public var description: String {
        switch self {
        case .vocabularyUnreadable(let detail): "CLIP vocabulary unreadable: \(detail)"
        case .badGzip(let detail, let offset): "gzip data invalid at byte \(offset): \(detail)"
        case .badWeight(let text, let position): "prompt weight '\(text)' at character \(position) is not a number"
        }
    }
}
