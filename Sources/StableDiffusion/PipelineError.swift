/// Errors raised by the generation pipeline.
public enum PipelineError: Error, CustomStringConvertible, Equatable {
    /// A request field is out of range, naming the field and what is allowed.
    case invalidRequest(field: String, detail: String)

    public var description: String {
        switch self {
        case .invalidRequest(let field, let detail): "\(field): \(detail)"
        }
    }
}
