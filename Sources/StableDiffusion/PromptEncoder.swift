import DiffusionModels
import Foundation
import Tensors
import Tokenizers

/// Turns prompts into conditioning the way A1111 does: attention syntax parsed into weighted
/// tokens, split into 75-token chunks (each encoded separately with BOS/EOS, then concatenated
/// along the sequence), token weights applied to the hidden states and the chunk's original mean
/// restored (`FrozenCLIPEmbedderWithCustomWords`). A prompt without weights gives exactly what
/// diffusers' pipeline gives. Textual-inversion embeddings named in a prompt stand for their
/// vectors, as in A1111. Results are cached per prompt and clip skip.
public final class PromptEncoder: @unchecked Sendable {
    let chunker: PromptChunker
    let textModel: CLIPTextModel
    /// The embeddings prompts may name.
    public let embeddings: EmbeddingLibrary
    private let embeddingVectors: Tensor?
    private let lock = NSLock()
    private var cache: [String: PromptConditioning] = [:]

    public init(tokenizer: CLIPTokenizer, textModel: CLIPTextModel, embeddings: EmbeddingLibrary = .empty) {
        var chunker = PromptChunker(tokenizer: tokenizer)
        chunker.embeddings = embeddings.triggers(tokenizer: tokenizer, vocabularySize: textModel.configuration.vocabularySize)
        self.chunker = chunker
        self.textModel = textModel
        self.embeddings = embeddings
        self.embeddingVectors = embeddings.vectors
    }

    /// The conditioning of `prompt` (A1111 syntax), cached.
    public func encode(_ prompt: String, clipSkip: Int = 1) throws -> PromptConditioning {
        let key = "\(clipSkip)\u{0}\(prompt)"
        if let cached = lock.withLock({ cache[key] }) { return cached }
        let chunks = try chunker.chunks(for: prompt).chunks
        let encoded = try chunks.map { try encode($0, clipSkip: clipSkip) }
        let conditioning = PromptConditioning(hiddenStates: Tensor.concatenate(encoded, axis: 1))
        lock.withLock { cache[key] = conditioning }
        return conditioning
    }

    /// The conditioning of the empty prompt: one chunk of BOS, EOS and EOS padding.
    public func emptyConditioning(clipSkip: Int = 1) throws -> PromptConditioning {
        try encode("", clipSkip: clipSkip)
    }

    /// One chunk's hidden states [1, 77, width], weighted with the mean restored.
    private func encode(_ chunk: PromptChunk, clipSkip: Int) throws -> Tensor {
        let hidden = try textModel.encode([chunk.ids], clipSkip: clipSkip, extraEmbeddings: embeddingVectors).hiddenState
        guard chunk.weights.contains(where: { $0 != 1 }) else { return hidden }
        let originalMean = hidden.mean()
        let weights = Tensor(shape: [1, chunk.weights.count, 1], scalars: chunk.weights)
        let weighted = hidden * weights
        let newMean = weighted.mean()
        return weighted * Float(originalMean / newMean)
    }
}
