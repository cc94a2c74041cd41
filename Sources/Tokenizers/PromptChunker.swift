/// One 77-token window of a prompt: BOS, 75 prompt tokens (EOS-padded), EOS, and a weight per token.
public struct PromptChunk: Equatable, Sendable {
    /// 77 token ids.
    public var ids: [Int]
    /// 77 weights (1 for BOS, EOS and padding).
    public var weights: [Float]
}

/// Splits a prompt with A1111 weight syntax into 77-token chunks, as A1111 does for SD1.x.
///
/// Matches `FrozenCLIPEmbedderWithCustomWordsBase.tokenize_line` in AUTOMATIC1111's
/// `modules/sd_hijack_clip.py` (emphasis "Original"): each fragment of `PromptAttention.parse` is
/// tokenized on its own; chunks hold 75 tokens; when a chunk is full and the last comma is at most
/// `commaPaddingBacktrack` tokens back, the tokens after that comma move to the next chunk; `BREAK`
/// ends the current chunk; chunks are padded with EOS. Where the tokens spell a textual-inversion
/// embedding's name (`embeddings`, longest first), its placeholder ids go in instead, in the next
/// chunk when they do not fit in the current one.
///
/// What the text encoder's user must do with the chunks (A1111's `EmphasisOriginal`): encode each
/// chunk's 77 ids separately to hidden states `z` [77, 768]; let `m0` = mean of all of `z`; multiply
/// row `t` of `z` by `weights[t]`; let `m1` = mean of the result; multiply it by `m0 / m1`; then
/// concatenate the chunks along the token axis ([77·n, 768]). The negative prompt's chunk list is
/// extended to the same length with `emptyChunk` (A1111 pads the shorter condition with the
/// encoding of the empty prompt).
public struct PromptChunker: Sendable {
    public let tokenizer: CLIPTokenizer
    /// A1111's `comma_padding_backtrack` option (default 20; 0 disables the rule).
    public var commaPaddingBacktrack: Int
    /// Textual-inversion embeddings the prompt may name.
    public var embeddings: [PromptEmbeddingTrigger] = [] {
        didSet { embeddings.sort { $0.tokens.count > $1.tokens.count } }
    }
    private let commaID: Int

    public init(tokenizer: CLIPTokenizer, commaPaddingBacktrack: Int = 20) {
        self.tokenizer = tokenizer
        self.commaPaddingBacktrack = commaPaddingBacktrack
        self.commaID = tokenizer.vocabulary.firstIndex(of: ",</w>") ?? -1
    }

    /// The chunk of the empty prompt: BOS, then 76 EOS, all weights 1.
    public static var emptyChunk: PromptChunk {
        PromptChunk(
            ids: [CLIPTokenizer.bosID] + Array(repeating: CLIPTokenizer.eosID, count: CLIPTokenizer.chunkLength + 1),
            weights: Array(repeating: 1, count: CLIPTokenizer.chunkLength + 2))
    }

    /// The prompt's chunks (at least one) and A1111's token count (75 per finished chunk plus the
    /// tokens of the last one).
    public func chunks(for prompt: String) throws -> (chunks: [PromptChunk], tokenCount: Int) {
        let length = CLIPTokenizer.chunkLength
        var chunks: [PromptChunk] = []
        var ids: [Int] = []
        var weights: [Float] = []
        var tokenCount = 0
        var lastComma = -1

        func finishChunk(isLast: Bool = false) {
            tokenCount += isLast ? ids.count : length
            let padding = max(0, length - ids.count)
            chunks.append(PromptChunk(
                ids: [CLIPTokenizer.bosID] + ids + Array(repeating: CLIPTokenizer.eosID, count: padding) + [CLIPTokenizer.eosID],
                weights: [1] + weights + Array(repeating: 1, count: padding) + [1]))
            ids = []
            weights = []
            lastComma = -1
        }

        for fragment in try PromptAttention.parse(prompt) {
            if fragment.text == "BREAK" && fragment.weight == PromptAttention.breakWeight {
                finishChunk()
                continue
            }
            let weight = Float(fragment.weight)
            let tokens = tokenizer.encodeWithoutSpecialTokens(fragment.text)
            var position = 0
            while position < tokens.count {
                let token = tokens[position]
                if token == commaID {
                    lastComma = ids.count
                } else if commaPaddingBacktrack != 0, ids.count == length, lastComma != -1,
                    ids.count - lastComma <= commaPaddingBacktrack
                {
                    let breakAt = lastComma + 1
                    let movedIDs = Array(ids[breakAt...])
                    let movedWeights = Array(weights[breakAt...])
                    ids.removeSubrange(breakAt...)
                    weights.removeSubrange(breakAt...)
                    finishChunk()
                    ids = movedIDs
                    weights = movedWeights
                }
                if ids.count == length { finishChunk() }
                if let trigger = embeddings.first(where: { !$0.tokens.isEmpty && tokens[position...].starts(with: $0.tokens) }) {
                    if ids.count + trigger.placeholders.count > length { finishChunk() }
                    ids += trigger.placeholders
                    weights += Array(repeating: weight, count: trigger.placeholders.count)
                    position += trigger.tokens.count
                    continue
                }
                ids.append(token)
                weights.append(weight)
                position += 1
            }
        }
        if !ids.isEmpty || chunks.isEmpty { finishChunk(isLast: true) }
        return (chunks, tokenCount)
    }
}
