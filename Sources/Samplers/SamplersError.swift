/// Errors raised when a sampler or schedule is asked for something it cannot do.
public enum SamplersError: Error, CustomStringConvertible, Equatable {
    /// An unknown sampler name, with the valid names.
    case unknownSampler(name: String, valid: [String])

    public var description: String {
        switch self {
        case .unknownSampler(let name, let valid):
            "unknown sampler '\(name)'; valid samplers: \(valid.joined(separator: ", "))"
        }
    }
}
