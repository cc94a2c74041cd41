/// A spec field holding a keyframe schedule (`"0: (1.0), 30: (1.02)"`). In JSON it is a string, or
/// a number standing for that constant (`7` means `"0: (7)"`); it is always written back as a string.
/// The text is parsed by `Schedule` when the animation is planned, so errors name the field.
public struct ScheduleString: Codable, Sendable, Equatable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The schedule text.
    public var text: String

    public init(_ text: String) { self.text = text }

    public init(stringLiteral value: String) { self.text = value }

    /// The constant schedule `0: (value)`, written as Python prints the number.
    public init(constant value: Double) { self.text = "0: (\(ScheduleString.format(value)))" }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self.init(constant: number)
        } else if let text = try? container.decode(String.self) {
            self.init(text)
        } else {
            throw DecodingError.typeMismatch(ScheduleString.self, DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "expected a schedule string or a number"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public var description: String { text }

    /// A number as Python's `str` prints it in Deforum's generated schedules: whole numbers
    /// without a fraction (`7`), others with the shortest exact digits (`0.65`).
    static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
