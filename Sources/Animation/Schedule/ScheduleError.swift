/// An error in a keyframe schedule: where it is and what was expected, named after the schedule.
///
/// Syntax errors carry the 1-based character position in the schedule text
/// (`zoom: at 12: expected ')'`); evaluation errors carry the frame
/// (`zoom: frame 3: the value is NaN`).
public struct ScheduleError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Where in the schedule the problem is.
    public enum Location: Equatable, Sendable {
        /// A 1-based character position in the schedule text.
        case position(Int)
        /// A frame index (0-based, as Deforum counts frames).
        case frame(Int)
        /// The schedule as a whole.
        case schedule
    }

    /// The schedule's name (`zoom`, `strength_schedule`, …).
    public let name: String
    public let location: Location
    /// What went wrong, e.g. `expected ')'` or `unknown variable 'pi'`.
    public let message: String

    public init(name: String, location: Location, message: String) {
        self.name = name
        self.location = location
        self.message = message
    }

    public var description: String {
        switch location {
        case .position(let position): "\(name): at \(position): \(message)"
        case .frame(let frame): "\(name): frame \(frame): \(message)"
        case .schedule: "\(name): \(message)"
        }
    }
}
