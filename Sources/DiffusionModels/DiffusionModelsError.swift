/// Errors raised while building the models from a checkpoint.
public enum DiffusionModelsError: Error, CustomStringConvertible, Equatable {
    /// The configuration describes something the models cannot build.
    case unsupportedConfiguration(String)

    public var description: String {
        switch self {
        case .unsupportedConfiguration(let detail): "unsupported model configuration: \(detail)"
        }
    }
}
