import DiffusionModels
import Foundation
import Layers
import ModelIO
import Samplers
import StableDiffusion
import Tensors

/// `zoetrope bench clip|unet|vae-decode|vae-encode`: one model component at a time, loaded alone so
/// that the peak RSS reported is that component's (run each in its own process for that reading).
/// Inputs are random; the checkpoint is `--model` or the demo model.
enum BenchModels {
    enum Component: String {
        case clip, unet
        case vaeDecode = "vae-decode"
        case vaeEncode = "vae-encode"
    }

    static func run(
        _ component: Component, model path: String?, width: Int, height: Int, batch: Int, runs: Int
    ) throws -> [BenchmarkResult] {
        guard width > 0, height > 0, width % 8 == 0, height % 8 == 0, batch >= 1 else {
            throw UserError("bench: --width/--height must be positive multiples of 8 and --batch at least 1")
        }
        var random = TorchCPURandom(seed: 0)
        var failure: Error?
        let result: BenchmarkResult
        let label = "\(width)x\(height)_b\(batch)"
        switch component {
        case .clip:
            let model = try loadTextModel(path)
            let ids = (0..<batch).map { row in [49406] + (0..<75).map { (row * 75 + $0 * 7) % 49000 } + [49407] }
            result = BenchmarkTimer.measure(name: "clip_b\(batch)", runs: runs, flops: nil) {
                do { _ = try model.encode(ids) } catch { failure = error }
            }
        case .unet:
            let unet = try loadUNet(path)
            let sample = random.normal(shape: [batch, unet.configuration.inChannels, height / 8, width / 8])
            let context = random.normal(shape: [batch, 77, unet.configuration.crossAttentionDim])
            result = BenchmarkTimer.measure(name: "unet_\(label)", runs: runs, flops: nil) {
                do { _ = try unet(sample, timestep: 500, context: context) } catch { failure = error }
            }
        case .vaeDecode:
            let vae = try loadVAE(path)
            let factor = vae.downsamplingFactor
            let latent = random.normal(shape: [batch, vae.configuration.latentChannels, height / factor, width / factor])
            result = BenchmarkTimer.measure(name: "vae_decode_\(label)", runs: runs, flops: nil) {
                do { _ = try vae.decode(latent) } catch { failure = error }
            }
        case .vaeEncode:
            let vae = try loadVAE(path)
            let image = random.normal(shape: [batch, vae.configuration.inChannels, height, width]).clamped(min: -1, max: 1)
            result = BenchmarkTimer.measure(name: "vae_encode_\(label)", runs: runs, flops: nil) {
                do { _ = try vae.encode(image) } catch { failure = error }
            }
        }
        if let failure { throw failure }
        return [result]
    }

    private static func loadTextModel(_ path: String?) throws -> CLIPTextModel {
        guard let path else { return try CLIPTextModel(from: demoReader("text encoder"), configuration: StableDiffusionModel.demoTextConfiguration) }
        let checkpoint = try StableDiffusionCheckpoint.open(path)
        return try CLIPTextModel(
            from: WeightReader(checkpoint.textEncoder, component: "text encoder"),
            configuration: CLIPTextConfiguration(transformersConfig: checkpoint.textEncoderConfig))
    }

    private static func loadUNet(_ path: String?) throws -> UNet2DConditionModel {
        guard let path else { return try UNet2DConditionModel(from: demoReader("UNet"), configuration: StableDiffusionModel.demoUNetConfiguration) }
        let checkpoint = try StableDiffusionCheckpoint.open(path)
        return try UNet2DConditionModel(
            from: WeightReader(checkpoint.unet, component: "UNet"), configuration: UNetConfiguration(diffusersConfig: checkpoint.unetConfig))
    }

    private static func loadVAE(_ path: String?) throws -> AutoencoderKL {
        guard let path else { return try AutoencoderKL(from: demoReader("VAE"), configuration: StableDiffusionModel.demoVAEConfiguration) }
        let checkpoint = try StableDiffusionCheckpoint.open(path)
        return try AutoencoderKL(
            from: WeightReader(checkpoint.vae, component: "VAE"), configuration: VAEConfiguration(diffusersConfig: checkpoint.vaeConfig))
    }

    private static func demoReader(_ component: String) -> WeightReader {
        WeightReader(synthesizingWithSeed: 0x5EED_D1FF, component: "demo \(component)")
    }
}
