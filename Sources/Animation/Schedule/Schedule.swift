/// A keyframe schedule such as `0: (1.0025+0.002*sin(1.25*3.14*t/30)), 60: (1.0)`, parsed once.
///
/// Reads every schedule exactly as Deforum does (deforum-art/sd-webui-deforum 32242685,
/// `animation_key_frames.py`, run with numexpr 2.14 and pandas 2.x; see
/// `../shared/deforum/SEMANTICS.md` §A and `ScheduleParser` for the text rules): plain-number
/// keyframes are joined linearly (pandas `interpolate('linear')`), an expression keyframe is
/// evaluated at every frame up to the next keyframe, the value after the last keyframe is held,
/// keys outside `0..<frameCount` are ignored, a repeated key keeps its last value and key order in
/// the text does not matter. Where Deforum fails on input that is meaningful, Zoetrope gives the
/// value the code intends:
/// - without a keyframe at frame 0 (Deforum: `UnboundLocalError`) the first keyframe's value is held
///   back to frame 0, as Deforum's `series[0] = first valid value` means to;
/// - commas inside function arguments work.
/// And where Deforum quietly produces nonsense, Zoetrope reports an error: a NaN or infinite value
/// (Deforum interpolates over NaN) names the frame whose evaluation produced it.
public struct Schedule: Equatable, Sendable {
    /// Numbers (motion, strength, …) or text held per frame (sampler, checkpoint and mask schedules,
    /// Deforum's `is_single_string`).
    public enum Kind: Equatable, Sendable {
        case numeric, text
    }

    public let name: String
    public let kind: Kind
    /// The keyframes in the order they are written.
    public let keyframes: [ScheduleKeyframe]

    /// Parses a schedule.
    /// - Parameters:
    ///   - text: the schedule string.
    ///   - name: the schedule's name, used in error messages (`zoom: at 12: expected ')'`).
    ///   - kind: numeric or text.
    /// - Throws: `ScheduleError` with the character position and what was expected.
    public init(_ text: String, name: String, kind: Kind = .numeric) throws(ScheduleError) {
        self.name = name
        self.kind = kind
        self.keyframes = try ScheduleParser.parse(text, name: name, kind: kind)
    }

    /// The kind a schedule's text looks like: text when some keyframe value is a quoted string (in
    /// optional parentheses) that is not a plain number, as in `0: ("Euler a")`; otherwise numeric.
    public static func kind(of text: String) -> Kind {
        ScheduleParser.hasQuotedText(text) ? .text : .numeric
    }

    /// Whether any key or value reads the seed `s`.
    public var usesSeed: Bool {
        keyframes.contains { keyframe in
            if case .expression(let e) = keyframe.frame, e.uses(.seed) { return true }
            if case .expression(let e) = keyframe.value, e.uses(.seed) { return true }
            return false
        }
    }

    /// Resolves the keys for a run of `frameCount` frames with `seed` bound to `s`.
    /// - Throws: `ScheduleError` when a key is not finite or no key lies in `0..<frameCount`.
    public func timeline(frameCount: Int, seed: Int64) throws(ScheduleError) -> ScheduleTimeline {
        try ScheduleTimeline(schedule: self, frameCount: frameCount, seed: seed)
    }

    /// The value at every frame `0..<frameCount` of a numeric schedule.
    /// - Throws: `ScheduleError` naming the frame of a NaN or infinite value.
    public func values(frameCount: Int, seed: Int64) throws(ScheduleError) -> [Double] {
        let timeline = try timeline(frameCount: frameCount, seed: seed)
        var values: [Double] = []
        values.reserveCapacity(frameCount)
        for frame in 0..<frameCount { values.append(try timeline.value(at: frame)) }
        return values
    }

    /// The text at every frame `0..<frameCount` of a text schedule.
    /// - Throws: `ScheduleError` for a numeric schedule or keys that cannot be resolved.
    public func strings(frameCount: Int, seed: Int64) throws(ScheduleError) -> [String] {
        guard kind == .text else {
            throw ScheduleError(name: name, location: .schedule, message: "is a numeric schedule, not text")
        }
        let timeline = try timeline(frameCount: frameCount, seed: seed)
        return (0..<frameCount).map { timeline.text(at: $0) }
    }
}
