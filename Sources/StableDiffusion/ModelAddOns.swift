import DiffusionModels

/// What a model carries for its add-ons: the base weights LoRAs are merged into (nil for models
/// not loaded from a checkpoint, such as the demo model) and a TAESD that replaces the VAE.
public struct ModelAddOns: Sendable {
    public var loraBase: LoRABaseWeights?
    /// When set, images are encoded and decoded with it instead of the KL VAE (`--vae taesd:PATH`).
    public var tinyAutoencoder: AutoencoderTiny?

    public init(loraBase: LoRABaseWeights? = nil, tinyAutoencoder: AutoencoderTiny? = nil) {
        self.loraBase = loraBase
        self.tinyAutoencoder = tinyAutoencoder
    }
}
