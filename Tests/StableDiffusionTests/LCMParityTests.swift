import DiffusionModels
import Foundation
import Layers
import ModelIO
import Samplers
import StableDiffusion
import TestSupport
import Testing

/// Few-step LCM generation on the tiny model against diffusers with LCMScheduler
/// (make_tiny_sd_addons.py), final latents within relative L2 1e-3: an LCM-LoRA merged from the prompt's
/// `<lora:…>` tag (StableDiffusionPipeline; CFG 1 skips the unconditional pass, 1.5 does not), and a
/// UNet with `time_cond_proj_dim` taking the guidance embedding (LatentConsistencyModelPipeline).
@Suite struct LCMParityTests {
    static func lcmUNetModel() throws -> StableDiffusionModel {
        let base = try #require(AddOnFixtures.model)
        let folder = Fixtures.url("addons/lcm-unet")
        let configuration = try UNetConfiguration(diffusersConfig: try Data(contentsOf: folder.appendingPathComponent("config.json")))
        let weights = try SafetensorsFile(path: folder.appendingPathComponent("diffusion_pytorch_model.safetensors").path)
        let unet = try UNet2DConditionModel(from: WeightReader(weights, component: "LCM UNet"), configuration: configuration)
        return StableDiffusionModel(name: "lcm", prompts: base.prompts, unet: unet, vae: base.vae, scheduler: base.scheduler)
    }

    @Test(arguments: AddOnFixtures.cases?.lcm ?? [])
    func finalLatentsMatchDiffusers(_ testCase: AddOnFixtures.LCMCase) throws {
        let model = testCase.unet == nil ? try #require(AddOnFixtures.model) : try Self.lcmUNetModel()
        var request = GenerationRequest(prompt: testCase.prompt)
        request.negativePrompt = testCase.negative
        request.loraDirectory = AddOnFixtures.loraDirectory
        request.seed = testCase.seed
        request.steps = testCase.steps
        request.guidanceScale = testCase.cfg
        request.sampler = .lcm
        request.width = 64
        request.height = 64
        let output = try StableDiffusionPipeline(model: model).generate(request)
        let expected = try #require(AddOnFixtures.parity).tensor(named: testCase.tensor)
        #expect(output.latents.shape == expected.shape)
        #expect(Numerics.relativeL2(output.latents.scalars, reference: expected.scalars) <= 1e-3)
    }

    @Test func guidanceEmbeddingHasSinesThenCosines() {
        let features = GuidanceEmbedding.features(0, dimension: 8).scalars
        #expect(features == [0, 0, 0, 0, 1, 1, 1, 1])
        #expect(GuidanceEmbedding.features(1.5, dimension: 9).shape == [1, 9])
    }
}
