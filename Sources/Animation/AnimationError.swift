/// Errors raised while reading animation specs and schedules or rendering them.
public enum AnimationError: Error, CustomStringConvertible, Equatable {
    /// A spec file is malformed, naming the file and the key.
    case invalidSpec(file: String, detail: String)

    public var description: String {
        switch self {
        case .invalidSpec(let file, let detail): "\(file): \(detail)"
        }
    }
}
