/// Errors raised while building layers from checkpoint weights.
public enum LayersError: Error, CustomStringConvertible, Equatable {
    /// A weight the layer needs is not in the checkpoint.
    case missingKey(String)
    /// A weight exists but has the wrong shape.
    case shapeMismatch(key: String, expected: [Int], actual: [Int])
    /// A weight exists but its data could not be read or converted.
    case unreadable(key: String, detail: String)
    /// Loading a whole component found problems: every missing, wrong-shape or unreadable weight,
    /// and the checkpoint's keys that no layer asked for (listed so a wrong file is obvious).
    case loadFailed(component: String, problems: [LayersError], unexpectedKeys: [String])

    public var description: String {
        switch self {
        case .missingKey(let key): "missing weight '\(key)'"
        case .shapeMismatch(let key, let expected, let actual):
            "weight '\(key)' has shape \(actual), expected \(expected)"
        case .unreadable(let key, let detail): "weight '\(key)' cannot be read: \(detail)"
        case .loadFailed(let component, let problems, let unexpected):
            Self.report(component: component, problems: problems, unexpected: unexpected)
        }
    }

    private static func report(component: String, problems: [LayersError], unexpected: [String]) -> String {
        var parts: [String] = []
        if !problems.isEmpty {
            let shown = problems.prefix(5).map(\.description).joined(separator: "; ")
            let more = problems.count > 5 ? " and \(problems.count - 5) more" : ""
            parts.append("\(problems.count) problem(s): \(shown)\(more)")
        }
        if !unexpected.isEmpty {
            let shown = unexpected.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            let more = unexpected.count > 5 ? " and \(unexpected.count - 5) more" : ""
            parts.append("\(unexpected.count) unexpected key(s): \(shown)\(more)")
        }
        return "cannot load the \(component): " + parts.joined(separator: "; ")
    }
}
