import CFFmpeg

/// A frame rate as a rational (`30000/1001` for NTSC's 29.97), so time bases and timestamps are exact.
public struct FrameRate: Sendable, Equatable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    /// `numerator/denominator` frames per second; both must be positive.
    public init(numerator: Int, denominator: Int = 1) throws {
        guard numerator > 0, denominator > 0, numerator <= Int(Int32.max), denominator <= Int(Int32.max) else {
            throw VideoIOError.invalidArgument(name: "fps", reason: "\(numerator)/\(denominator) is not a positive frame rate")
        }
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The nearest rational with a denominator up to 1001·100 (`29.97` → `2997/100`, `24` → `24/1`).
    public init(_ fps: Double) throws {
        guard fps.isFinite, fps > 0, fps <= 1000 else {
            throw VideoIOError.invalidArgument(name: "fps", reason: "\(fps) is not a frame rate between 0 and 1000")
        }
        let rational = av_d2q(fps, 100_100)
        try self.init(numerator: Int(rational.num), denominator: Int(rational.den))
    }

    /// Parses `24`, `29.97` or `30000/1001`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let numerator = Int(parts[0]), let denominator = Int(parts[1]) {
            try self.init(numerator: numerator, denominator: denominator)
        } else if let value = Double(text) {
            try self.init(value)
        } else {
            throw VideoIOError.invalidArgument(name: "fps", reason: "'\(text)' is not a number or a fraction like 30000/1001")
        }
    }

    public var framesPerSecond: Double { Double(numerator) / Double(denominator) }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    var rational: AVRational { AVRational(num: Int32(numerator), den: Int32(denominator)) }
    /// One frame's duration: the encoder's time base.
    var frameDuration: AVRational { AVRational(num: Int32(denominator), den: Int32(numerator)) }
}
