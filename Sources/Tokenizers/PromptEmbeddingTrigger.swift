/// A textual-inversion embedding as the chunker sees it: where the prompt's tokens spell its name,
/// the chunker puts its placeholder ids instead, one per vector, which the text encoder's user maps
/// to the embedding's vectors (A1111's `EmbeddingDatabase.find_embedding_at_position` and
/// `PromptChunkFix`).
public struct PromptEmbeddingTrigger: Sendable, Equatable {
    /// The token ids of the embedding's name (without BOS/EOS), as the tokenizer gives them.
    public var tokens: [Int]
    /// The ids put in the chunk, one per vector (ids outside the tokenizer's vocabulary).
    public var placeholders: [Int]

    public init(tokens: [Int], placeholders: [Int]) {
        self.tokens = tokens
        self.placeholders = placeholders
    }
}
