import Foundation
import Layers
import Tensors

/// TAESD, the tiny distilled autoencoder for Stable Diffusion latents (madebyollin/taesd; diffusers
/// `AutoencoderTiny`, `EncoderTiny`/`DecoderTiny`): plain 3×3 convolutions with ReLU, residual
/// blocks, stride-2 downsampling and nearest upsampling, about 1/20 of the KL VAE's work. Its latents
/// are the SD latents *after* the scaling factor, so the pipeline neither multiplies nor divides
/// them, and encoding is deterministic (no posterior to sample).
///
/// Keys (diffusers): `encoder.layers.{i}.…` and `decoder.layers.{i}.…`, `i` the position in the
/// `nn.Sequential`; either part may be absent (TAESD ships `taesd_encoder` and `taesd_decoder` as
/// separate files), and then that direction is unavailable.
public struct AutoencoderTiny: Sendable {
    public let configuration: AutoencoderTinyConfiguration
    let encoder: [Step]?
    let decoder: [Step]?

    /// One element of the `nn.Sequential`.
    enum Step: Sendable {
        case convolution(Conv2d)
        case relu
        case block(AutoencoderTinyBlock)
        case upsample
    }

    /// Which halves to load.
    public struct Parts: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let encoder = Parts(rawValue: 1)
        public static let decoder = Parts(rawValue: 2)
        public static let both: Parts = [.encoder, .decoder]
    }

    /// Loads `parts` strictly.
    public init(from weights: WeightReader, configuration c: AutoencoderTinyConfiguration, parts: Parts = .both) throws {
        try c.validate()
        guard !parts.isEmpty else { throw DiffusionModelsError.unsupportedConfiguration("TAESD with neither encoder nor decoder") }
        configuration = c
        encoder = parts.contains(.encoder) ? Self.encoderSteps(weights, c) : nil
        decoder = parts.contains(.decoder) ? Self.decoderSteps(weights, c) : nil
        try weights.finish()
    }

    public var hasEncoder: Bool { encoder != nil }
    public var hasDecoder: Bool { decoder != nil }

    /// diffusers `EncoderTiny.__init__`: conv in, then per level a stride-2 conv (not for the first) and
    /// its blocks, then conv out to the latent channels.
    private static func encoderSteps(_ weights: WeightReader, _ c: AutoencoderTinyConfiguration) -> [Step] {
        let width = c.encoderBlockOutChannels[0]
        var steps: [Step] = []
        func prefix() -> String { "encoder.layers.\(steps.count)" }
        for (level, blocks) in c.encoderBlocks.enumerated() {
            if level == 0 {
                steps.append(.convolution(Conv2d(from: weights, prefix: prefix(), inputs: c.inChannels, outputs: width, kernel: 3, padding: .uniform(1))))
            } else {
                steps.append(.convolution(Conv2d(
                    from: weights, prefix: prefix(), inputs: width, outputs: width, kernel: 3, stride: 2, padding: .uniform(1), bias: false)))
            }
            for _ in 0..<blocks {
                steps.append(.block(AutoencoderTinyBlock(from: weights, prefix: prefix() + ".", channels: width)))
            }
        }
        steps.append(.convolution(Conv2d(from: weights, prefix: prefix(), inputs: width, outputs: c.latentChannels, kernel: 3, padding: .uniform(1))))
        return steps
    }

    /// diffusers `DecoderTiny.__init__`: conv in + ReLU, then per level its blocks, a 2× upsampling
    /// and a conv without bias (the last level: no upsampling, conv out to the image with bias).
    private static func decoderSteps(_ weights: WeightReader, _ c: AutoencoderTinyConfiguration) -> [Step] {
        let width = c.decoderBlockOutChannels[0]
        var steps: [Step] = []
        func prefix() -> String { "decoder.layers.\(steps.count)" }
        steps.append(.convolution(Conv2d(from: weights, prefix: prefix(), inputs: c.latentChannels, outputs: width, kernel: 3, padding: .uniform(1))))
        steps.append(.relu)
        for (level, blocks) in c.decoderBlocks.enumerated() {
            let isLast = level == c.decoderBlocks.count - 1
            for _ in 0..<blocks {
                steps.append(.block(AutoencoderTinyBlock(from: weights, prefix: prefix() + ".", channels: width)))
            }
            if !isLast { steps.append(.upsample) }
            steps.append(.convolution(Conv2d(
                from: weights, prefix: prefix(), inputs: width, outputs: isLast ? c.outChannels : width, kernel: 3,
                padding: .uniform(1), bias: isLast)))
        }
        return steps
    }

    /// The factor between image and latent sizes.
    public var downsamplingFactor: Int { 1 << (configuration.encoderBlocks.count - 1) }

    /// Encodes `image` [N, in, H, W] in [-1, 1] to latents [N, latent, H/f, W/f] (already scaled).
    public func encode(_ image: Tensor) throws(DiffusionModelsError) -> Tensor {
        guard let encoder else { throw .invalidInput("this TAESD has no encoder (only taesd_decoder weights were given)") }
        guard image.rank == 4, image.shape[1] == configuration.inChannels, image.shape[2] > 0, image.shape[3] > 0 else {
            throw .invalidInput("TAESD encoder input has shape \(image.shape), expected [N, \(configuration.inChannels), H, W]")
        }
        return Self.run(encoder, (image + 1) * 0.5)  // [-1, 1] → TAESD's [0, 1]
    }

    /// Decodes `latent` [N, latent, h, w] (the sampler's latents, scaled) to an image in about [-1, 1].
    public func decode(_ latent: Tensor) throws(DiffusionModelsError) -> Tensor {
        guard let decoder else { throw .invalidInput("this TAESD has no decoder (only taesd_encoder weights were given)") }
        guard latent.rank == 4, latent.shape[1] == configuration.latentChannels, latent.shape[2] > 0, latent.shape[3] > 0 else {
            throw .invalidInput("TAESD decoder input has shape \(latent.shape), expected [N, \(configuration.latentChannels), h, w]")
        }
        let clamped = Tensor(shape: latent.shape, scalars: latent.scalars.map { 3 * tanh($0 / 3) })  // soft clamp to ±3
        return Self.run(decoder, clamped) * 2 - 1  // TAESD's [0, 1] → [-1, 1]
    }

    private static func run(_ steps: [Step], _ input: Tensor) -> Tensor {
        var x = input
        for step in steps {
            switch step {
            case .convolution(let convolution): x = convolution(x)
            case .relu: x = x.relu()
            case .block(let block): x = block(x)
            case .upsample: x = x.upsampledNearest2x()
            }
        }
        return x
    }
}
