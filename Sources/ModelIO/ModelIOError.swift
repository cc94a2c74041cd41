/// Errors raised while reading checkpoint files. Each names the file and the key or byte offset.
public enum ModelIOError: Error, CustomStringConvertible, Equatable {
    /// The file is not in a format this reader understands, with what was expected.
    case malformed(file: String, detail: String)

    public var description: String {
        switch self {
        case .malformed(let file, let detail): "\(file): \(detail)"
        }
    }
}
