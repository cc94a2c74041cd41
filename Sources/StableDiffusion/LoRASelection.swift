/// A LoRA to merge into the model and how strongly: A1111's `<lora:name:te:unet>` multipliers.
public struct LoRASelection: Sendable, Hashable, Codable {
    /// The file name without extension, looked up in the request's LoRA folder, or a path to the file.
    public var name: String
    /// Multiplier of the UNet part.
    public var unetStrength: Double
    /// Multiplier of the text-encoder part.
    public var textEncoderStrength: Double

    /// Both parts at `strength`.
    public init(name: String, strength: Double = 1) {
        self.init(name: name, unetStrength: strength, textEncoderStrength: strength)
    }

    public init(name: String, unetStrength: Double, textEncoderStrength: Double) {
        self.name = name
        self.unetStrength = unetStrength
        self.textEncoderStrength = textEncoderStrength
    }

    /// Both multipliers times `factor` (a prompt blend's share).
    func scaled(by factor: Double) -> LoRASelection {
        LoRASelection(name: name, unetStrength: unetStrength * factor, textEncoderStrength: textEncoderStrength * factor)
    }
}
