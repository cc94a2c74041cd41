/// Errors raised by the tokenizers.
public enum TokenizersError: Error, CustomStringConvertible, Equatable {
    /// The bundled BPE vocabulary could not be read.
    case vocabularyUnreadable(String)
    /// A gzip stream is malformed: what was wrong and at which byte offset.
    case badGzip(String, offset: Int)

    public var description: String {
        switch self {
        case .vocabularyUnreadable(let detail): "CLIP vocabulary unreadable: \(detail)"
        case .badGzip(let detail, let offset): "gzip data invalid at byte \(offset): \(detail)"
        }
    }
}
