import Foundation

/// The prompt of every frame, from a spec's prompts keyed by frame, as Deforum builds it
/// (deforum-art/sd-webui-deforum 32242685: `args.py: process_args`, `render.py`, `prompt.py`).
///
/// - Keys: a key of ASCII digits is that frame; any other key is an expression in `max_f`
///   (= frames − 1) and `s` (the seed), truncated toward zero (`"max_f/2"`). Deforum HEAD no longer
///   binds `max_f` for these keys in 2D/3D and binds `max_frames` in interpolation mode; Zoetrope
///   uses frames − 1 everywhere, the meaning Deforum documents. Negative keys are ignored; two keys
///   naming the same frame are an error (JSON objects have no order to pick a winner by).
/// - Merging: every prompt becomes `"{positive} {prompt} {--neg unless present} {negative}"`, with
///   `--neg` removed from the negative field, before anything else.
/// - Frame f takes the prompt of the greatest key ≤ f (frames before the first key take the first);
///   keys past the last frame only matter for the frames before them.
/// - Per frame, backtick spans are evaluated (`PromptText`), the text is split at `--neg`: the
///   positive part is stripped, all negative parts are joined and stripped.
/// - With blending (interpolation mode, or `smooth_prompts`), frame f with keys a ≤ f < b also
///   carries prompt b with weight (1/(b − a))·(f − a), computed as Deforum's `interpolate_prompts`.
public struct PromptSchedule: Sendable {
    /// A keyframe prompt placed on its frame.
    struct Keyframe: Sendable {
        let frame: Int
        let key: String
        let text: PromptText
    }

    let keyframes: [Keyframe]
    let frameCount: Int
    let seed: Int64
    let blends: Bool

    /// Resolves the keys and parses the prompts.
    /// - Parameters:
    ///   - prompts: the spec's prompts, keyed by frame number or expression.
    ///   - positive: joined before every prompt.
    ///   - negative: joined after every prompt's negative part.
    ///   - frameCount: the number of frames (`max_f` = frameCount − 1).
    ///   - seed: the run's seed, bound to `s`.
    ///   - blends: whether frames carry the next keyframe's prompt and a weight.
    /// - Throws: `ScheduleError` naming the prompt key and the position or problem.
    public init(prompts: [String: String], positive: String, negative: String, frameCount: Int, seed: Int64,
                blends: Bool) throws(ScheduleError) {
        let negativeField = negative.replacingAll("--neg", with: "")
        var byFrame: [Int: Keyframe] = [:]
        for (key, prompt) in prompts.sorted(by: { $0.key < $1.key }) {
            let name = "prompts[\"\(key)\"]"
            guard let frame = try Self.frame(of: key, name: name, frameCount: frameCount, seed: seed) else { continue }
            if let other = byFrame[frame] {
                throw ScheduleError(name: name, location: .schedule,
                                    message: "names frame \(frame), as prompts[\"\(other.key)\"] does")
            }
            let merged = "\(positive) \(prompt) \(prompt.contains("--neg") ? "" : "--neg") \(negativeField)"
            byFrame[frame] = Keyframe(frame: frame, key: key, text: try PromptText(merged, name: name))
        }
        guard !byFrame.isEmpty else {
            throw ScheduleError(name: "prompts", location: .schedule, message: "no prompt key names a frame at or after 0")
        }
        keyframes = byFrame.values.sorted { $0.frame < $1.frame }
        self.frameCount = frameCount
        self.seed = seed
        self.blends = blends
    }

    /// The frame a prompt key names, or nil for a negative key.
    private static func frame(of key: String, name: String, frameCount: Int, seed: Int64) throws(ScheduleError) -> Int? {
        let trimmed = key.trimmingWhitespace()
        if !trimmed.isEmpty, trimmed.unicodeScalars.allSatisfy({ $0 >= "0" && $0 <= "9" }) {
            guard let frame = Int(trimmed) else {
                throw ScheduleError(name: name, location: .schedule, message: "frame key is too large")
            }
            return frame
        }
        let scalars = Array(key.unicodeScalars)
        let value: Double
        do {
            let expression = try ScheduleExpressionParser.parse(scalars, range: 0..<scalars.count, variables: [.lastFrame, .seed], context: "frame key")
            value = try expression.evaluate(ScheduleVariables(frame: 0, lastFrame: Int64(frameCount) - 1, seed: seed)).doubleValue
        } catch let error as ScheduleExpressionParser.Failure {
            throw ScheduleError(name: name, location: .position(error.index + 1), message: error.message)
        } catch {
            throw ScheduleError(name: name, location: .schedule, message: "integer division by zero in the frame key")
        }
        guard value.isFinite, Swift.abs(value) < 1e15 else {
            throw ScheduleError(name: name, location: .schedule, message: "the frame key is not a finite number")
        }
        let frame = Int(value.rounded(.towardZero))
        return frame < 0 ? nil : frame
    }

    /// The frames that carry a prompt, in order.
    public var keyFrames: [Int] { keyframes.map(\.frame) }

    /// The prompt of `frame` (in `0..<frameCount`), evaluated and split.
    /// - Throws: `ScheduleError` when a backtick expression traps.
    public func prompt(at frame: Int) throws(ScheduleError) -> FramePrompt {
        let index = keyframes.lastIndex { $0.frame <= frame } ?? 0
        let current = keyframes[index]
        let (positive, negative) = try prepared(current, at: frame)
        var blend: PromptBlend?
        if blends, frame > current.frame, index + 1 < keyframes.count {
            let next = keyframes[index + 1]
            let weight = 1 / Double(next.frame - current.frame) * Double(frame - current.frame)
            let (nextPositive, nextNegative) = try prepared(next, at: frame)
            blend = PromptBlend(prompt: nextPositive, negativePrompt: nextNegative, weight: weight, keyframe: next.frame)
        }
        return FramePrompt(prompt: positive, negativePrompt: negative, keyframe: current.frame, blend: blend)
    }

    /// Deforum's `prepare_prompt` then `split_weighted_subprompts`: evaluate, split at `--neg`, strip.
    private func prepared(_ keyframe: Keyframe, at frame: Int) throws(ScheduleError) -> (String, String) {
        let variables = ScheduleVariables(frame: Int64(frame), lastFrame: Int64(frameCount) - 1, seed: seed)
        let text = try keyframe.text.text(variables, name: "prompts[\"\(keyframe.key)\"]").trimmingWhitespace()
        let parts = text.components(separatedBy: "--neg")
        let positive = parts[0].trimmingWhitespace()
        let negative = parts.dropFirst().joined().trimmingWhitespace()
        return (positive, negative)
    }
}

/// The prompt of one frame, ready for the generator.
public struct FramePrompt: Codable, Sendable, Equatable {
    /// The positive prompt.
    public var prompt: String
    /// The negative prompt ("" for none).
    public var negativePrompt: String
    /// The frame of the keyframe prompt this comes from.
    public var keyframe: Int
    /// The next keyframe's prompt and its weight, when prompts are blended.
    public var blend: PromptBlend?
}

/// A second prompt mixed into a frame's conditioning: the frame uses
/// `(1 − weight)·cond(prompt) + weight·cond(blend.prompt)`, negatives likewise.
public struct PromptBlend: Codable, Sendable, Equatable {
    public var prompt: String
    public var negativePrompt: String
    /// The weight of this prompt, in (0, 1).
    public var weight: Double
    /// The frame of the keyframe this prompt comes from.
    public var keyframe: Int
}

extension String {
    /// The text with every occurrence of `target` replaced (Python's `str.replace`).
    func replacingAll(_ target: String, with replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }
}
