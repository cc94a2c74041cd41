/// One `FRAME:(VALUE)` entry of a schedule, as written (keys are resolved per run, since they may
/// use `max_f` and `s`).
public struct ScheduleKeyframe: Equatable, Sendable {
    /// The frame key: a whole number, or an expression in `max_f` and `s` truncated toward zero.
    public enum Frame: Equatable, Sendable {
        case number(Int64)
        case expression(ScheduleExpression)
    }

    /// The value. Deforum decides by the text: a plain number (`(0.5)`, `"2"`) is interpolated
    /// linearly to the next keyframe; anything else (`( 1 )`, `(1e-3)`, `(sin(t))`) is an expression
    /// evaluated at every frame until the next keyframe. String schedules hold their text.
    public enum Value: Equatable, Sendable {
        case number(Double)
        case expression(ScheduleExpression)
        case text(String)
    }

    public let frame: Frame
    public let value: Value
    /// The 1-based character position of the key in the schedule text.
    public let position: Int

    public init(frame: Frame, value: Value, position: Int) {
        self.frame = frame
        self.value = value
        self.position = position
    }
}
