import Tensors

/// A prompt's text conditioning: CLIP hidden states [1, 77·chunks, width], concatenated over the
/// prompt's 75-token chunks as A1111 does for long prompts.
public struct PromptConditioning: Sendable {
    public let hiddenStates: Tensor

    public init(hiddenStates: Tensor) {
        self.hiddenStates = hiddenStates
    }

    /// Number of 77-token chunks.
    public var chunkCount: Int { hiddenStates.shape[1] / 77 }

    /// A weighted sum of several conditionings (prompt interpolation and Deforum's weighted
    /// `AND` prompts). Shorter ones are padded with `padding`'s chunk (the empty prompt's) first.
    /// - Precondition: at least one part; weights need not sum to 1.
    public static func blend(_ parts: [(PromptConditioning, Double)], padding: PromptConditioning) -> PromptConditioning {
        precondition(!parts.isEmpty, "blend of no conditionings")
        let chunks = parts.map(\.0.chunkCount).max() ?? 1
        var total: Tensor?
        for (part, weight) in parts {
            let padded = part.padded(toChunks: chunks, with: padding).hiddenStates * Float(weight)
            total = total.map { $0 + padded } ?? padded
        }
        return PromptConditioning(hiddenStates: total ?? padding.hiddenStates)
    }

    /// This conditioning with `padding`'s first chunk appended until it has `chunks` chunks (A1111
    /// pads the shorter of the positive and negative prompts so they can be batched).
    public func padded(toChunks chunks: Int, with padding: PromptConditioning) -> PromptConditioning {
        guard chunkCount < chunks else { return self }
        let empty = padding.hiddenStates.slice(axis: 1, 0..<77)
        return PromptConditioning(
            hiddenStates: Tensor.concatenate([hiddenStates] + Array(repeating: empty, count: chunks - chunkCount), axis: 1))
    }
}
