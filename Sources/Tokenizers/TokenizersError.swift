/// Errors raised by the tokenizers.
public enum TokenizersError: Error, CustomStringConvertible, Equatable {
    /// The bundled BPE vocabulary could not be read.
    case vocabularyUnreadable(String)

    public var description: String {
        switch self {
        case .vocabularyUnreadable(let detail): "CLIP vocabulary unreadable: \(detail)"
        }
    }
}
