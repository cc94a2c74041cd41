/// Errors raised while building layers from checkpoint weights.
public enum LayersError: Error, CustomStringConvertible, Equatable {
    /// A weight the layer needs is not in the checkpoint.
    case missingKey(String)
    /// A weight exists but has the wrong shape.
    case shapeMismatch(key: String, expected: [Int], actual: [Int])

    public var description: String {
        switch self {
        case .missingKey(let key): "missing weight '\(key)'"
        case .shapeMismatch(let key, let expected, let actual):
            "weight '\(key)' has shape \(actual), expected \(expected)"
        }
    }
}
