/// Errors raised while building or running the models.
public enum DiffusionModelsError: Error, CustomStringConvertible, Equatable {
    /// The configuration describes something the models cannot build.
    case unsupportedConfiguration(String)
    /// A `config.json` could not be read as the configuration it should be.
    case malformedConfiguration(component: String, detail: String)
    /// An input tensor has the wrong shape or values.
    case invalidInput(String)

    public var description: String {
        switch self {
        case .unsupportedConfiguration(let detail): "unsupported model configuration: \(detail)"
        case .malformedConfiguration(let component, let detail): "the \(component) config.json is malformed: \(detail)"
        case .invalidInput(let detail): "invalid model input: \(detail)"
        }
    }
}
