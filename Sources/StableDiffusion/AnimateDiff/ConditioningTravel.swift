import Tensors

/// Prompt travel for AnimateDiff: one text conditioning per frame, interpolated between keyframe
/// prompts, so a single motion-module pass can move from one prompt to the next.
///
/// Between keys a < f < b the frame gets `interpolate(E_a, E_b, t)` with t = (f − a) / (b − a)
/// (Evolved's Prompt Scheduling: lerp by default, slerp optional; sd-webui-animatediff: slerp over
/// the whole tensor with a lerp fallback when |cos| > 0.9995). Frames before the first key hold
/// the first key, frames after the last hold the last. With `closedLoop`, frames after the last
/// key travel toward the first one and frames before the first key come from the last one, with
/// distances wrapping modulo the frame count (sd-webui-animatediff a88e8891
/// `scripts/animatediff_prompt.py` `single_cond`, used in its `R+P` and `A` loop modes when the
/// video is longer than the context window; that gating is the caller's).
public enum ConditioningTravel {
    /// How a frame between two keys mixes their conditionings.
    public enum Interpolation: String, Codable, Sendable, CaseIterable {
        /// `E_a + (E_b − E_a) · t`.
        case linear
        /// Spherical interpolation over the whole tensor (`NoiseInterpolation.slerp`).
        case slerp
    }

    /// Where one frame's conditioning comes from: keyframe `from` alone when `weight` is 0,
    /// otherwise keyframe `from` moved toward keyframe `to` by `weight` in (0, 1).
    public struct Blend: Sendable, Equatable {
        /// Index into the keyframes sorted by frame.
        public var from: Int
        /// Index into the keyframes sorted by frame.
        public var to: Int
        /// Interpolation weight t in [0, 1).
        public var weight: Double

        /// A blend from keyframe `from` toward keyframe `to` by `weight`.
        public init(from: Int, to: Int, weight: Double) {
            self.from = from
            self.to = to
            self.weight = weight
        }
    }

    /// The blend of every frame for keys at `keyFrames`.
    /// - Parameters:
    ///   - keyFrames: Frame index of each keyframe, strictly ascending, each in 0..<`frames`.
    ///   - frames: Number of frames in the video, at least 1.
    ///   - closedLoop: Travel from the last key back to the first across the end of the video.
    /// - Returns: One `Blend` per frame; its `from`/`to` index `keyFrames`.
    /// - Throws: `PipelineError.invalidRequest` for no keys, unordered or repeated keys, or keys
    ///   outside the video.
    public static func blends(keyFrames: [Int], frames: Int, closedLoop: Bool = false) throws -> [Blend] {
        guard frames >= 1 else {
            throw PipelineError.invalidRequest(field: "frames", detail: "prompt travel needs at least 1 frame, got \(frames)")
        }
        guard let firstKey = keyFrames.first, let lastKey = keyFrames.last else {
            throw PipelineError.invalidRequest(field: "prompt keyframes", detail: "prompt travel needs at least one keyframe")
        }
        for (index, frame) in keyFrames.enumerated() {
            guard frame >= 0 && frame < frames else {
                throw PipelineError.invalidRequest(
                    field: "prompt keyframes", detail: "keyframe at frame \(frame) is outside 0..<\(frames)")
            }
            guard index > 0 else { continue }
            let previous = keyFrames[index - 1]
            guard frame != previous else {
                throw PipelineError.invalidRequest(field: "prompt keyframes", detail: "two keyframes at frame \(frame)")
            }
            guard frame > previous else {
                throw PipelineError.invalidRequest(
                    field: "prompt keyframes", detail: "keyframe at frame \(frame) is listed after frame \(previous); keyframes must ascend")
            }
        }
        let last = keyFrames.count - 1
        return (0..<frames).map { frame in
            guard let next = keyFrames.firstIndex(where: { $0 > frame }) else {
                // At or after the last key: hold it, or travel on toward the first key.
                guard closedLoop && last > 0 else { return Blend(from: last, to: last, weight: 0) }
                let travelled = Double(frame - lastKey)
                return Blend(from: last, to: 0, weight: travelled / Double(firstKey + frames - lastKey))
            }
            guard next > 0 else {
                // Before the first key: hold it, or arrive from the last key across the end.
                guard closedLoop && last > 0 else { return Blend(from: 0, to: 0, weight: 0) }
                let travelled = Double(frame - lastKey + frames)
                return Blend(from: last, to: 0, weight: travelled / Double(firstKey - lastKey + frames))
            }
            let previous = next - 1
            let weight = Double(frame - keyFrames[previous]) / Double(keyFrames[next] - keyFrames[previous])
            return Blend(from: previous, to: next, weight: weight)
        }
    }

    /// One conditioning per frame.
    /// - Parameters:
    ///   - keyframes: Frame and text-encoder hidden states of each key, in any order; all hidden
    ///     states have the same shape (e.g. [1, T, D], padded to the same T by the caller).
    ///   - frames: Number of frames in the video.
    ///   - interpolation: How frames between keys mix them.
    ///   - closedLoop: Travel from the last key back to the first across the end of the video.
    /// - Returns: `frames` tensors of the keyframes' shape, in frame order; a frame on a key (or
    ///   holding one) shares that key's storage. Build a window's batch with `batch(_:window:)`.
    /// - Throws: `PipelineError.invalidRequest` for no keys, repeated keys, keys outside the video
    ///   or hidden states of different shapes.
    public static func perFrame(
        keyframes: [(frame: Int, hiddenStates: Tensor)], frames: Int, interpolation: Interpolation = .linear,
        closedLoop: Bool = false
    ) throws -> [Tensor] {
        let sorted = keyframes.sorted { $0.frame < $1.frame }
        if let mismatch = sorted.first(where: { $0.hiddenStates.shape != sorted[0].hiddenStates.shape }) {
            throw PipelineError.invalidRequest(
                field: "prompt keyframes",
                detail: "keyframe at frame \(mismatch.frame) has conditioning \(mismatch.hiddenStates.shape), "
                    + "keyframe at frame \(sorted[0].frame) has \(sorted[0].hiddenStates.shape)")
        }
        let plan = try blends(keyFrames: sorted.map(\.frame), frames: frames, closedLoop: closedLoop)
        return plan.map { blend in
            let from = sorted[blend.from].hiddenStates
            guard blend.weight > 0 else { return from }
            let to = sorted[blend.to].hiddenStates
            switch interpolation {
            case .linear: return Tensor.lerp(from, to, weight: Float(blend.weight))
            case .slerp: return NoiseInterpolation.slerp(from, to, weight: blend.weight)
            }
        }
    }

    /// The conditionings of one context window stacked on the first axis: `window.count` tensors
    /// [1, T, D] give [|W|, T, D], row i for frame `window[i]`.
    public static func batch(_ perFrame: [Tensor], window: [Int]) -> Tensor {
        precondition(!window.isEmpty && window.allSatisfy { $0 >= 0 && $0 < perFrame.count },
                     "window \(window) of \(perFrame.count) frames")
        return Tensor.concatenate(window.map { perFrame[$0] }, axis: 0)
    }
}
