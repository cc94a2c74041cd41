/// Errors raised by the generation pipeline.
public enum PipelineError: Error, CustomStringConvertible, Equatable {
    /// A request field is out of range, naming the field and what is allowed.
    case invalidRequest(field: String, detail: String)
    /// The caller stopped the run (progress callback or task cancellation).
    case cancelled
    /// The model could not be loaded, naming what and why.
    case modelUnavailable(String)

    public var description: String {
        switch self {
        case .invalidRequest(let field, let detail): "\(field): \(detail)"
        case .cancelled: "cancelled"
        case .modelUnavailable(let detail): detail
        }
    }
}
