import Foundation

/// The CLIP text transformer's architecture, as transformers' `CLIPTextConfig` describes it.
public struct CLIPTextConfiguration: Codable, Sendable, Equatable {
    public enum Activation: String, Codable, Sendable {
        /// `x · sigmoid(1.702 x)`, OpenAI CLIP's approximation (SD1.x).
        case quickGELU = "quick_gelu"
        /// The erf form of GELU.
        case gelu
    }

    public var vocabularySize = 49408
    public var hiddenSize = 768
    public var intermediateSize = 3072
    public var layers = 12
    public var heads = 12
    public var maxPositions = 77
    public var activation = Activation.quickGELU
    public var layerNormEpsilon: Float = 1e-5
    /// The end-of-text id, whose position gives the pooled output.
    public var eosTokenID = 49407

    /// OpenAI CLIP ViT-L/14's text tower, as SD1.x uses it.
    public static let vitL14 = CLIPTextConfiguration()

    public init() {}

    /// Reads a transformers `text_encoder/config.json`.
    public init(transformersConfig data: Data) throws(DiffusionModelsError) {
        let config = try ConfigurationDictionary(data, component: "text encoder")
        vocabularySize = try config.int("vocab_size", default: 49408)
        hiddenSize = try config.int("hidden_size", default: 768)
        intermediateSize = try config.int("intermediate_size", default: 3072)
        layers = try config.int("num_hidden_layers", default: 12)
        heads = try config.int("num_attention_heads", default: 12)
        maxPositions = try config.int("max_position_embeddings", default: 77)
        layerNormEpsilon = Float(try config.double("layer_norm_eps", default: 1e-5))
        eosTokenID = try config.int("eos_token_id", default: 49407)
        let name = try config.string("hidden_act", default: "quick_gelu")
        guard let activation = Activation(rawValue: name) else {
            throw .unsupportedConfiguration("text encoder activation '\(name)' (expected quick_gelu or gelu)")
        }
        self.activation = activation
        try validate()
    }

    public func validate() throws(DiffusionModelsError) {
        guard hiddenSize > 0, heads > 0, hiddenSize % heads == 0, layers > 0, intermediateSize > 0,
            maxPositions > 0, vocabularySize > 0
        else {
            throw .unsupportedConfiguration(
                "text encoder with hidden size \(hiddenSize), \(heads) heads, \(layers) layers")
        }
    }
}
