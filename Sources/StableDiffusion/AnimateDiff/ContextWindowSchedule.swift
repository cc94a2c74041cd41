import Foundation

/// Which frames each UNet call sees when an animation is longer than the motion module's window.
///
/// AnimateDiff's motion modules were trained on 16-frame clips and their positional encoding stops
/// at 24 or 32 frames, so a video of n frames is denoised as overlapping windows of `length`
/// frames; at every sampler step each window gets its own noise prediction and the predictions
/// are fused per frame (`ContextFusion`, `ContextAccumulator`).
///
/// Matches ComfyUI-AnimateDiff-Evolved d8d163cd `animatediff/context.py` (`create_windows_*`,
/// `ordered_halving`) as its sampler calls it: when `frames <= length` there is one window of all
/// frames (Evolved's `use_on_equal_length` off). One deviation: `standardUniform` drops the
/// dilation levels whose windows would span more than the whole video (`(length - 1) · 2^k >=
/// frames`), where Evolved shifts such windows to indices past the end and fails.
/// `scripts/fixtures/make_context_windows.py` re-states Evolved's functions and the tests compare
/// thousands of cases against it.
public struct ContextWindowSchedule: Sendable, Equatable, Codable {
    /// How window start positions are chosen.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Evolved's `standard_uniform`: the looped uniform windows, with every window that would
        /// wrap past the last frame moved back to end on it, a window added where that would leave
        /// the wrapped-to frames out, and duplicates removed. Seams move every step and the end of
        /// the video is never tied to its start. Zoetrope's default.
        case standardUniform = "standard_uniform"
        /// Evolved's `looped_uniform` (sd-webui-animatediff's and animatediff-cli's `uniform`):
        /// windows start every `length·2^k − overlap` frames from an offset that rotates each step
        /// (ordered halving of the step index), and indices wrap modulo the frame count, so most
        /// steps have a window joining the last frames to the first ones even without `closedLoop`.
        /// With stride levels k where `(length − 1) · 2^k >= frames`, a window can list a frame twice.
        case loopedUniform = "looped_uniform"
        /// Evolved's `standard_static`: windows every `length − overlap` frames, the last one pulled
        /// back to end on the last frame; the same at every step.
        case standardStatic = "standard_static"
        /// Evolved's `batched`: disjoint chunks of `length` frames (the last may be shorter); no
        /// overlap, so seams show.
        case batched
    }

    /// Frames per window (Evolved `context_length`, sd-webui "context batch size"). Default 16.
    public var length: Int
    /// Number of dilation levels for the uniform kinds: level k adds windows of every 2^k-th
    /// frame (Evolved `context_stride`). Default 1 (no dilation).
    public var stride: Int
    /// Frames shared by neighbouring windows (Evolved `context_overlap`). Default 4.
    public var overlap: Int
    /// For `loopedUniform` only: also start windows in the last `overlap` positions, adding windows
    /// that bridge the end to the start (Evolved `closed_loop`). Default false.
    public var closedLoop: Bool
    /// How window start positions are chosen. Default `.standardUniform`.
    public var kind: Kind

    /// A schedule; call `validate()` before using values that came from a user.
    public init(length: Int = 16, stride: Int = 1, overlap: Int = 4, closedLoop: Bool = false, kind: Kind = .standardUniform) {
        self.length = length
        self.stride = stride
        self.overlap = overlap
        self.closedLoop = closedLoop
        self.kind = kind
    }

    /// Checks the parameters the window arithmetic relies on.
    /// - Throws: `PipelineError.invalidRequest` naming the field and the allowed range.
    public func validate() throws {
        guard length >= 1 else {
            throw PipelineError.invalidRequest(field: "context.length", detail: "must be at least 1, got \(length)")
        }
        guard stride >= 1 else {
            throw PipelineError.invalidRequest(field: "context.stride", detail: "must be at least 1, got \(stride)")
        }
        guard overlap >= 0 else {
            throw PipelineError.invalidRequest(field: "context.overlap", detail: "must be at least 0, got \(overlap)")
        }
        guard overlap < length else {
            throw PipelineError.invalidRequest(
                field: "context.overlap", detail: "must be less than the context length \(length), got \(overlap)")
        }
    }

    /// The windows for sampler step `step` (counted from 0) of a video of `frames` frames.
    ///
    /// Each window lists frame indices in the order the motion module sees them (positional
    /// encoding restarts at 0 in every window). Together the windows cover every frame. A window
    /// has `length` frames, fewer only for a shorter video and for `batched`'s last chunk.
    /// - Parameters:
    ///   - step: Sampler step index, at least 0; the uniform kinds rotate with it.
    ///   - frames: Number of frames in the video, at least 1.
    /// - Returns: The windows, in Evolved's order. A schedule that fails `validate()` traps.
    public func windows(step: Int, frames: Int) -> [[Int]] {
        precondition(step >= 0 && frames >= 1, "context windows for step \(step) of \(frames) frames")
        precondition((try? validate()) != nil, "context windows of an invalid schedule \(self)")
        if frames <= length { return [Array(0..<frames)] }
        switch kind {
        case .loopedUniform:
            return uniformWindows(step: step, frames: frames, levels: dilationLevels(frames: frames), closedLoop: closedLoop)
        case .standardUniform:
            return standardUniformWindows(step: step, frames: frames)
        case .standardStatic:
            return staticWindows(frames: frames)
        case .batched:
            return Swift.stride(from: 0, to: frames, by: length).map { Array($0..<min($0 + length, frames)) }
        }
    }

    /// Evolved's level count: `min(stride, ceil(log2(frames / length)) + 1)`, so the widest
    /// dilation 2^(levels−1) spans about the whole video.
    private func dilationLevels(frames: Int) -> Int {
        min(stride, Int(log2(Double(frames) / Double(length)).rounded(.up)) + 1)
    }

    /// The looped uniform windows: for dilation 2^k, windows of `length` frames 2^k apart start
    /// every `length·2^k − overlap` frames from an offset rotated by the step, indices modulo
    /// `frames`.
    private func uniformWindows(step: Int, frames: Int, levels: Int, closedLoop: Bool) -> [[Int]] {
        let rotation = Self.orderedHalving(step)
        let pad = Int((Double(frames) * rotation).rounded(.toNearestOrEven))  // Python's round()
        var windows: [[Int]] = []
        for level in 0..<levels {
            let dilation = 1 << level
            let end = frames + pad - (closedLoop ? 0 : overlap)  // exclusive
            var start = Int(rotation * Double(dilation)) + pad
            while start < end {
                windows.append((0..<length).map { (start + $0 * dilation) % frames })
                start += length * dilation - overlap
            }
        }
        return windows
    }

    /// `standard_uniform`: the open looped windows, each wrapping window moved to end on the last
    /// frame; when the next window (cyclically) lacks the frame the window wrapped to, a plain
    /// window starting at that frame is inserted after it; later duplicates are removed.
    private func standardUniformWindows(step: Int, frames: Int) -> [[Int]] {
        var levels = dilationLevels(frames: frames)
        while levels > 1 && (length - 1) << (levels - 1) >= frames { levels -= 1 }
        var windows = uniformWindows(step: step, frames: frames, levels: levels, closedLoop: false)
        var duplicates: [Int] = []
        var index = 0
        while index < windows.count {
            if let wrap = Self.firstWrap(of: windows[index]) {
                let wrappedTo = windows[index][wrap]
                windows[index] = Self.movedToEnd(windows[index], frames: frames)
                if !windows[(index + 1) % windows.count].contains(wrappedTo) {
                    windows.insert(Array(wrappedTo..<(wrappedTo + length)), at: index + 1)
                }
            }
            if windows[..<index].contains(windows[index]) { duplicates.append(index) }
            index += 1
        }
        for duplicate in duplicates.reversed() { windows.remove(at: duplicate) }
        return windows
    }

    /// `standard_static`: windows every `length − overlap` frames; the first one reaching the last
    /// frame is pulled back to end on it and closes the list.
    private func staticWindows(frames: Int) -> [[Int]] {
        var windows: [[Int]] = []
        for start in Swift.stride(from: 0, to: frames, by: length - overlap) {
            if start + length >= frames {
                windows.append(Array((frames - length)..<frames))
                break
            }
            windows.append(Array(start..<(start + length)))
        }
        return windows
    }

    /// The 64-bit step index with its bits reversed, over 2^64: 0, 1/2, 1/4, 3/4, 1/8, 5/8, …
    /// for steps 0, 1, 2, 3, 4, 5, … (Evolved `ordered_halving`).
    static func orderedHalving(_ step: Int) -> Double {
        var bits = UInt64(step)
        var reversed: UInt64 = 0
        for _ in 0..<64 {
            reversed = reversed << 1 | bits & 1
            bits >>= 1
        }
        return Double(reversed) / 0x1p64
    }

    /// Position of the first index smaller than its predecessor (where the window wrapped), if any.
    private static func firstWrap(of window: [Int]) -> Int? {
        window.indices.dropFirst().first { window[$0] < window[$0 - 1] }
    }

    /// The window rotated to start at 0 (indices modulo `frames`), then slid to end on the last frame.
    private static func movedToEnd(_ window: [Int], frames: Int) -> [Int] {
        let fromStart = window.map { ($0 - window[0] + frames) % frames }
        let shift = frames - 1 - fromStart[fromStart.count - 1]
        return fromStart.map { $0 + shift }
    }
}

extension ContextWindowSchedule {
    enum CodingKeys: String, CodingKey {
        case length
        case stride
        case overlap
        case closedLoop = "closed_loop"
        case kind
    }

    /// Decodes snake_case keys; a missing key takes its default. An invalid combination is a
    /// `DecodingError.dataCorrupted` carrying `validate()`'s message.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ContextWindowSchedule()
        self.init(
            length: try container.decodeIfPresent(Int.self, forKey: .length) ?? defaults.length,
            stride: try container.decodeIfPresent(Int.self, forKey: .stride) ?? defaults.stride,
            overlap: try container.decodeIfPresent(Int.self, forKey: .overlap) ?? defaults.overlap,
            closedLoop: try container.decodeIfPresent(Bool.self, forKey: .closedLoop) ?? defaults.closedLoop,
            kind: try container.decodeIfPresent(Kind.self, forKey: .kind) ?? defaults.kind)
        do {
            try validate()
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }
}
