import Tensors

/// How the noise predictions of overlapping context windows are weighted when they are averaged
/// per frame.
///
/// Matches ComfyUI-AnimateDiff-Evolved d8d163cd `animatediff/context.py` (`create_weights_flat`,
/// `create_weights_pyramid`, `create_weights_overlap_linear`) and `animatediff/sampling.py`
/// (`combine_context_window_results`, whose running average for "relative" equals a weighted mean
/// with the biases below as weights). Evolved's UI default is `pyramid`. The experimental methods
/// (gauss-sigma, pyramid-sigma, delayed reverse sawtooth, random) are left out.
public enum ContextFusion: String, Codable, Sendable, CaseIterable {
    /// Every position weighs 1: a plain average (animatediff-cli's counter average).
    case flat
    /// 1, 2, …, L/2, L/2, …, 2, 1 (even L) or 1, …, (L+1)/2, …, 1 (odd L): frames near a window
    /// edge count less (FreeNoise's weighted average).
    case pyramid
    /// 1, except a linear ramp (float32 `torch.linspace` from 1e-37 to 1) over the first `overlap`
    /// positions unless the window holds frame 0, and a ramp down over the last `overlap`
    /// positions unless it holds the last frame (Evolved `overlap-linear`).
    case overlapLinear = "overlap_linear"
    /// `max(0.01, 1 − |f − centre| / ((last − first + 0.01) / 2))` for frame f, where first and
    /// last are the window's first and last frame indices and centre their mean. A window that
    /// wraps (last < first) gets weights of 1 and more, as in Evolved.
    case relative

    /// The weight of each position of `window`.
    /// - Parameters:
    ///   - window: Frame indices of one context window, as `ContextWindowSchedule.windows` lists them.
    ///   - frames: Number of frames in the video.
    ///   - overlap: The schedule's `overlap` (used by `overlapLinear` only).
    /// - Returns: One positive weight per window position. Where Evolved fails (`overlapLinear`
    ///   with overlap 0, or a window shorter than the overlap) the ramps are cut to the window:
    ///   overlap 0 gives all ones.
    public func weights(for window: [Int], frames: Int, overlap: Int) -> [Float] {
        let count = window.count
        switch self {
        case .flat:
            return [Float](repeating: 1, count: count)
        case .pyramid:
            let top = (count + 1) / 2
            return (0..<count).map { Float(min($0 + 1, count - $0, top)) }
        case .overlapLinear:
            var weights = [Float](repeating: 1, count: count)
            guard overlap > 0, let first = window.min(), let last = window.max() else { return weights }
            if first > 0 {
                let rampUp = Self.linspace(1e-37, 1, count: overlap)
                for position in 0..<min(overlap, count) { weights[position] = rampUp[position] }
            }
            if last < frames - 1 {
                let rampDown = Self.linspace(1, 1e-37, count: overlap)
                for position in max(0, count - overlap)..<count { weights[position] = rampDown[position + overlap - count] }
            }
            return weights
        case .relative:
            guard let first = window.first, let last = window.last else { return [] }
            let centre = Double(first + last) / 2
            let halfSpan = (Double(last - first) + 0.01) / 2
            return window.map { Float(max(0.01, 1 - abs(Double($0) - centre) / halfSpan)) }
        }
    }

    /// `torch.linspace(start, end, count)` in float32 as ATen's CPU kernel computes it: the first
    /// half of the values counts up from `start`, the second half down from `end`.
    static func linspace(_ start: Float, _ end: Float, count: Int) -> [Float] {
        guard count > 1 else { return count == 1 ? [start] : [] }
        let step = (end - start) / Float(count - 1)
        let half = count / 2
        return (0..<count).map { index in
            index < half ? start + step * Float(index) : end - step * Float(count - index - 1)
        }
    }
}

/// Fuses the per-window noise predictions of one sampler step into one prediction per frame: the
/// weighted mean over every window position that holds the frame.
///
/// Use one accumulator per prediction kind (conditional and unconditional, or the CFG-combined
/// one) and step:
/// ```
/// var accumulator = ContextAccumulator(shape: latents.shape)          // [F, C, h, w]
/// for window in schedule.windows(step: step, frames: F) {
///     let eps = unet(latents for window …)                            // [|W|, C, h, w]
///     accumulator.add(eps, window: window,
///                     weights: fusion.weights(for: window, frames: F, overlap: schedule.overlap))
/// }
/// let fused = try accumulator.result()                                // [F, C, h, w]
/// ```
/// Matches Evolved's `conds_final[idxs] += out · w; counts_final[idxs] += w; conds_final /=
/// counts_final`, except that a frame listed twice in one window (looped uniform with wide
/// dilation) counts twice here, where torch's indexed `+=` keeps only one of the two.
public struct ContextAccumulator: Sendable {
    /// The fused result's shape, frames first: [F, …] (for latents [F, C, h, w]).
    public let shape: [Int]
    /// Σ weight · prediction per frame, each [1, …].
    private var weightedSums: [Tensor]
    /// Σ weight per frame.
    private var weightTotals: [Double]

    /// An empty accumulator for predictions of `shape` (frames first, rank at least 1).
    public init(shape: [Int]) {
        precondition(!shape.isEmpty && shape[0] >= 1, "ContextAccumulator needs a frame axis, got \(shape)")
        self.shape = shape
        weightedSums = Array(repeating: Tensor(shape: [1] + shape.dropFirst()), count: shape[0])
        weightTotals = Array(repeating: 0, count: shape[0])
    }

    /// Adds one window's prediction.
    /// - Parameters:
    ///   - prediction: [|W|, …]: row i is the prediction for frame `window[i]`.
    ///   - window: Frame indices, each in 0..<F.
    ///   - weights: One weight per window position (`ContextFusion.weights`).
    public mutating func add(_ prediction: Tensor, window: [Int], weights: [Float]) {
        precondition(prediction.shape == [window.count] + shape.dropFirst(),
                     "prediction \(prediction.shape) for a window of \(window.count) frames of \(shape)")
        precondition(weights.count == window.count, "\(weights.count) weights for a window of \(window.count) frames")
        for (position, frame) in window.enumerated() {
            precondition(frame >= 0 && frame < shape[0], "frame \(frame) outside 0..<\(shape[0])")
            weightedSums[frame] += prediction.slice(axis: 0, position..<(position + 1)) * weights[position]
            weightTotals[frame] += Double(weights[position])
        }
    }

    /// The per-frame weighted means, [F, …].
    /// - Throws: `PipelineError.invalidRequest` listing the frames no window covered.
    public func result() throws -> Tensor {
        let uncovered = weightTotals.indices.filter { weightTotals[$0] <= 0 }
        guard uncovered.isEmpty else {
            throw PipelineError.invalidRequest(
                field: "context windows",
                detail: "frames \(uncovered.map(String.init).joined(separator: ", ")) of \(shape[0]) are in no window")
        }
        let means = weightedSums.indices.map { weightedSums[$0] / Float(weightTotals[$0]) }
        return Tensor.concatenate(means, axis: 0)
    }
}
