/// A schedule with its keys resolved for one run: the keyframes inside `0..<frameCount`, sorted,
/// one per frame. Asking for a frame's value does a binary search and evaluates at most two
/// expressions; it allocates nothing.
public struct ScheduleTimeline: Sendable {
    /// A keyframe placed on its frame.
    struct Anchor: Sendable {
        let frame: Int
        let value: ScheduleKeyframe.Value
    }

    public let name: String
    public let frameCount: Int
    public let seed: Int64
    let anchors: [Anchor]

    init(schedule: Schedule, frameCount: Int, seed: Int64) throws(ScheduleError) {
        precondition(frameCount >= 0, "negative frame count")
        name = schedule.name
        self.frameCount = frameCount
        self.seed = seed
        var byFrame: [Int: ScheduleKeyframe.Value] = [:]
        let variables = ScheduleVariables(frame: 0, lastFrame: Int64(frameCount) - 1, seed: seed)
        for keyframe in schedule.keyframes {
            let frame: Int64
            switch keyframe.frame {
            case .number(let number):
                frame = number
            case .expression(let expression):
                let value: Double
                do {
                    value = try expression.evaluate(variables).doubleValue
                } catch {
                    throw ScheduleError(name: schedule.name, location: .position(keyframe.position), message: "integer division by zero in the frame key")
                }
                guard value.isFinite else {
                    throw ScheduleError(name: schedule.name, location: .position(keyframe.position),
                                        message: "the frame key is \(value.isNaN ? "NaN" : "infinite")")
                }
                frame = Swift.abs(value) < 0x1p62 ? Int64(value.rounded(.towardZero)) : -1
            }
            if frame >= 0 && frame < frameCount { byFrame[Int(frame)] = keyframe.value }
        }
        anchors = byFrame.sorted { $0.key < $1.key }.map { Anchor(frame: $0.key, value: $0.value) }
        if anchors.isEmpty && frameCount > 0 {
            throw ScheduleError(name: schedule.name, location: .schedule,
                                message: "no keyframe within frames 0…\(frameCount - 1)")
        }
    }

    /// The frames that carry a keyframe, in order (the markers of a plot).
    public var keyframeFrames: [Int] { anchors.map(\.frame) }

    /// The index of the last anchor at or before `frame`, or nil before the first one.
    private func anchorIndex(atOrBefore frame: Int) -> Int? {
        var low = 0, high = anchors.count
        while low < high {
            let mid = (low + high) / 2
            if anchors[mid].frame <= frame { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }

    /// The value of a numeric schedule at `frame` (in `0..<frameCount`).
    /// - Throws: `ScheduleError` naming the frame whose evaluation gave NaN or ±infinity.
    public func value(at frame: Int) throws(ScheduleError) -> Double {
        precondition(frame >= 0 && frame < frameCount, "frame \(frame) outside 0..<\(frameCount)")
        guard let index = anchorIndex(atOrBefore: frame) else {
            return try value(of: anchors[0], at: anchors[0].frame)
        }
        let anchor = anchors[index]
        guard case .number(let y0) = anchor.value, frame != anchor.frame else {
            return try value(of: anchor, at: frame)
        }
        guard index + 1 < anchors.count else { return y0 }
        let next = anchors[index + 1]
        let y1 = try value(of: next, at: next.frame)
        // numpy.interp, which pandas' linear interpolation calls.
        let slope = (y1 - y0) / Double(next.frame - anchor.frame)
        let result = slope * Double(frame - anchor.frame) + y0
        try check(result, frame: frame)
        return result
    }

    private func value(of anchor: Anchor, at frame: Int) throws(ScheduleError) -> Double {
        switch anchor.value {
        case .number(let number):
            return number
        case .expression(let expression):
            let variables = ScheduleVariables(frame: Int64(frame), lastFrame: Int64(frameCount) - 1, seed: seed)
            let result: Double
            do {
                result = try expression.evaluate(variables).doubleValue
            } catch {
                throw ScheduleError(name: name, location: .frame(frame), message: "integer division by zero (0 to a negative integer power)")
            }
            try check(result, frame: frame)
            return result
        case .text(let text):
            throw ScheduleError(name: name, location: .frame(frame), message: "'\(text)' is text, not a number")
        }
    }

    private func check(_ value: Double, frame: Int) throws(ScheduleError) {
        if value.isNaN { throw ScheduleError(name: name, location: .frame(frame), message: "the value is NaN") }
        if value.isInfinite {
            throw ScheduleError(name: name, location: .frame(frame), message: "the value is \(value < 0 ? "-" : "+")infinity")
        }
    }

    /// The text of a text schedule at `frame`: the last keyframe's text at or before it (the first
    /// keyframe's before any). A numeric schedule's keyframes read as empty text.
    public func text(at frame: Int) -> String {
        precondition(frame >= 0 && frame < frameCount, "frame \(frame) outside 0..<\(frameCount)")
        if case .text(let text) = anchors[anchorIndex(atOrBefore: frame) ?? 0].value { return text }
        return ""
    }
}
