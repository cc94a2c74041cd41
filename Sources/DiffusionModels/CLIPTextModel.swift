import Layers
import Tensors

/// The CLIP text transformer that conditions Stable Diffusion (Radford et al. 2021; transformers
/// `CLIPTextModel`): token and position embeddings, pre-LN causal encoder layers, final LayerNorm.
/// Keys under `text_model.`.
public struct CLIPTextModel: Sendable {
    public let configuration: CLIPTextConfiguration
    let tokenEmbedding: Tensor
    let positionEmbedding: Tensor
    let layers: [CLIPEncoderLayer]
    let finalLayerNorm: LayerNorm

    /// The encoder's outputs for a batch of token sequences.
    public struct Output: Sendable {
        /// The conditioning the UNet attends to: [B, L, hidden].
        public let hiddenState: Tensor
        /// The final-LayerNorm state at each sequence's end-of-text token: [B, hidden].
        public let pooled: Tensor
    }

    /// Loads the weights strictly: every key under `text_model.` must be used
    /// (`position_ids`, a buffer some files carry, is allowed).
    public init(from weights: WeightReader, configuration c: CLIPTextConfiguration) throws {
        try c.validate()
        let p = "text_model."
        configuration = c
        tokenEmbedding = weights.tensor(
            p + "embeddings.token_embedding.weight", shape: [c.vocabularySize, c.hiddenSize], initializer: .scaled(0.02))
        positionEmbedding = weights.tensor(
            p + "embeddings.position_embedding.weight", shape: [c.maxPositions, c.hiddenSize], initializer: .scaled(0.01))
        layers = (0..<c.layers).map { CLIPEncoderLayer(from: weights, prefix: p + "encoder.layers.\($0).", configuration: c) }
        finalLayerNorm = LayerNorm(from: weights, prefix: p + "final_layer_norm", width: c.hiddenSize, epsilon: c.layerNormEpsilon)
        if weights.contains(p + "embeddings.position_ids") {
            _ = weights.tensor(p + "embeddings.position_ids", shape: [1, c.maxPositions])
        }
        try weights.finish(checkingUnexpectedUnder: [p])
    }

    /// Encodes `ids` (rows of equal length ≤ `maxPositions`).
    /// - Parameters:
    ///   - clipSkip: A1111's "clip skip": 1 uses the last layer; N takes the hidden state N−1 layers
    ///     before the end. Either way the final LayerNorm is applied, as A1111 does.
    ///   - extraEmbeddings: token vectors [k, hidden] for the ids `vocabularySize ..< vocabularySize + k`
    ///     (textual-inversion embeddings, as transformers' resized embedding table holds them).
    public func encode(_ ids: [[Int]], clipSkip: Int = 1, extraEmbeddings: Tensor? = nil) throws(DiffusionModelsError) -> Output {
        guard let length = ids.first?.count, length > 0, length <= configuration.maxPositions,
            ids.allSatisfy({ $0.count == length })
        else {
            throw .invalidInput("token rows must be non-empty, of equal length, at most \(configuration.maxPositions)")
        }
        guard clipSkip >= 1, clipSkip <= configuration.layers else {
            throw .invalidInput("clip skip \(clipSkip) is outside 1…\(configuration.layers)")
        }
        let flat = ids.flatMap { $0 }
        let width = configuration.hiddenSize
        let extraRows = extraEmbeddings?.shape.first ?? 0
        if let extraEmbeddings, extraEmbeddings.shape != [extraRows, width] {
            throw .invalidInput("extra token embeddings have shape \(extraEmbeddings.shape), expected [rows, \(width)]")
        }
        if let bad = flat.first(where: { $0 < 0 || $0 >= configuration.vocabularySize + extraRows }) {
            throw .invalidInput("token id \(bad) is outside the vocabulary of \(configuration.vocabularySize) (+\(extraRows) extra)")
        }
        let tokens = tokenVectors(flat, extra: extraEmbeddings).reshaped([ids.count, length, width])
        let positions = positionEmbedding.slice(axis: 0, 0..<length).reshaped([1, length, width])
        var hidden = tokens + positions
        for layer in layers.prefix(layers.count - (clipSkip - 1)) {
            hidden = layer(hidden)
        }
        let state = finalLayerNorm(hidden)
        return Output(hiddenState: state, pooled: pooled(state, ids: ids))
    }

    /// The embedding row of each id: the vocabulary's, or for ids past it the row of `extra`.
    private func tokenVectors(_ ids: [Int], extra: Tensor?) -> Tensor {
        let vocabulary = configuration.vocabularySize
        guard let extra, ids.contains(where: { $0 >= vocabulary }) else { return tokenEmbedding.gatherRows(ids) }
        let known = Array(Set(ids.filter { $0 < vocabulary })).sorted()
        let table = Tensor.concatenate([tokenEmbedding.gatherRows(known), extra], axis: 0)
        let position = Dictionary(uniqueKeysWithValues: known.enumerated().map { ($1, $0) })
        return table.gatherRows(ids.map { $0 < vocabulary ? position[$0] ?? 0 : known.count + $0 - vocabulary })
    }

    /// The rows of `state` at each sequence's end token: the first `eosTokenID`, or — for configs
    /// that predate that field (eos id 2) — the highest id, as transformers does.
    private func pooled(_ state: Tensor, ids: [[Int]]) -> Tensor {
        let length = ids[0].count
        let rows = ids.enumerated().map { index, row in
            let position: Int
            if configuration.eosTokenID == 2 {
                position = row.indices.max { row[$0] < row[$1] } ?? 0
            } else {
                position = row.firstIndex(of: configuration.eosTokenID) ?? 0
            }
            return index * length + position
        }
        return state.reshaped([ids.count * length, configuration.hiddenSize]).gatherRows(rows)
    }
}
