import DiffusionModels
import Foundation
import Layers
import ModelIO
import Tensors
import TestSupport
import Testing

/// Full-size SD1.5 components (random weights) against diffusers/transformers: gated, because the
/// model (~2 GB) and its references are generated on demand (`scripts/bench/make_random_sd15.py`,
/// `scripts/bench/make_full_parity.py`), never committed. Runs when ZOETROPE_FULL_PARITY names the
/// references and ZOETROPE_FULL_MODEL the model folder.
@Suite(.enabled(if: FullSizeFixture.paths != nil))
struct FullSizeParityTests {
    let reference: SafetensorsFile
    let checkpoint: StableDiffusionCheckpoint

    init() throws {
        let paths = try #require(FullSizeFixture.paths)
        reference = try SafetensorsFile(path: paths.references)
        checkpoint = try StableDiffusionCheckpoint.open(paths.model)
    }

    private func report(_ name: String, _ actual: Tensor, _ expected: Tensor) -> Double {
        let error = Numerics.relativeL2(actual.scalars, reference: expected.scalars)
        print("full-size parity \(name): relative L2 \(error)")
        return error
    }

    @Test func clipTextModel() throws {
        let model = try CLIPTextModel(
            from: WeightReader(checkpoint.textEncoder, component: "text encoder"),
            configuration: CLIPTextConfiguration(transformersConfig: checkpoint.textEncoderConfig))
        let ids = try reference.tensor(named: "clip.input_ids")
        let rows = (0..<2).map { row in ids.scalars[(row * 77)..<((row + 1) * 77)].map { Int($0) } }
        #expect(report("clip last", try model.encode(rows).hiddenState, try reference.tensor(named: "clip.last_hidden_state")) <= 1e-4)
        #expect(report("clip skip 2", try model.encode(rows, clipSkip: 2).hiddenState, try reference.tensor(named: "clip.skip2")) <= 1e-4)
    }

    @Test func unet() throws {
        let unet = try UNet2DConditionModel(
            from: WeightReader(checkpoint.unet, component: "UNet"), configuration: UNetConfiguration(diffusersConfig: checkpoint.unetConfig))
        let output = try unet(
            try reference.tensor(named: "unet.sample"), timestep: 601, context: try reference.tensor(named: "unet.encoder_hidden_states"))
        #expect(report("unet 512", output, try reference.tensor(named: "unet.out")) <= 1e-4)
    }

    @Test func vae() throws {
        let vae = try AutoencoderKL(
            from: WeightReader(checkpoint.vae, component: "VAE"), configuration: VAEConfiguration(diffusersConfig: checkpoint.vaeConfig))
        #expect(report("vae decode", try vae.decode(try reference.tensor(named: "vae.decode.in")), try reference.tensor(named: "vae.decode.out")) <= 1e-4)
        #expect(report("vae encode mean", try vae.encode(try reference.tensor(named: "vae.encode.in")).mean, try reference.tensor(named: "vae.encode.mean")) <= 1e-4)
    }
}

/// Where the gated full-size references and model are, from the environment.
enum FullSizeFixture {
    static let paths: (references: String, model: String)? = {
        let environment = ProcessInfo.processInfo.environment
        guard let references = environment["ZOETROPE_FULL_PARITY"], let model = environment["ZOETROPE_FULL_MODEL"] else { return nil }
        return (references, model)
    }()
}
