/// Errors raised when a sampler or schedule is asked for something it cannot do.
public enum SamplersError: Error, CustomStringConvertible, Equatable {
    /// An unknown sampler name, with the valid names.
    case unknownSampler(name: String, valid: [String])
    /// A step count the schedule cannot provide.
    case invalidSteps(Int, maximum: Int)
    /// An img2img strength outside [0, 1].
    case invalidStrength(Double)
    /// An unknown schedule name, with the valid names.
    case unknownSchedule(name: String, valid: [String])

    public var description: String {
        switch self {
        case .unknownSampler(let name, let valid):
            "unknown sampler '\(name)'; valid samplers: \(valid.joined(separator: ", "))"
        case .invalidSteps(let steps, let maximum):
            "invalid step count \(steps); expected 1 to \(maximum)"
        case .invalidStrength(let strength):
            "invalid img2img strength \(strength); expected a value from 0 to 1"
        case .unknownSchedule(let name, let valid):
            "unknown schedule '\(name)'; valid schedules: \(valid.joined(separator: ", "))"
        }
    }
}
