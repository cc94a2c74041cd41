/// Errors raised while reading animation specs and schedules or rendering them. Each names the
/// file, key or frame involved.
public enum AnimationError: Error, CustomStringConvertible, Equatable {
    /// A spec file is malformed, naming the file and the key.
    case invalidSpec(file: String, detail: String)
    /// A spec asks for something Zoetrope cannot do yet (depth models, …).
    case unsupported(file: String, detail: String)
    /// The output folder cannot be used, or a resume does not match it.
    case output(path: String, detail: String)
    /// Generating a frame failed.
    case generation(frame: Int, detail: String)

    public var description: String {
        switch self {
        case .invalidSpec(let file, let detail): "\(file): \(detail)"
        case .unsupported(let file, let detail): "\(file): \(detail)"
        case .output(let path, let detail): "\(path): \(detail)"
        case .generation(let frame, let detail): "frame \(frame): \(detail)"
        }
    }
}
