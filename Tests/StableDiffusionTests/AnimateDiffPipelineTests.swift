import DiffusionModels
import Foundation
import Imaging
import ModelIO
import Samplers
import StableDiffusion
import Tensors
import TestSupport
import Testing

/// AnimateDiff videos on the tiny model against diffusers' `AnimateDiffPipeline` with the official
/// per-frame motion norms (`scripts/fixtures/make_animatediff.py`): 16 frames, 4 steps, CFG 7.5,
/// final latents within relative L2 1e-3 (DESIGN.md §3).
@Suite struct AnimateDiffPipelineTests {
    static let model: StableDiffusionModel? = try? StableDiffusionModel.load(path: Fixtures.url("tiny-sd/model").path)
    static let parity: SafetensorsFile? = try? SafetensorsFile(path: Fixtures.url("animatediff/parity.safetensors").path)

    static func motion(_ file: String = "mm_tiny_v2.safetensors", loras: [MotionModel.LoRA] = []) throws -> MotionModel {
        let model = try #require(Self.model)
        return try MotionModel.load(
            path: Fixtures.url("animatediff/" + file).path, for: model.unet.configuration, loras: loras, heads: 2, normGroups: 8)
    }

    static func request(sampler: SamplerKind = .ddim) -> AnimateDiffRequest {
        var request = AnimateDiffRequest(prompts: [.init(frame: 0, prompt: "a red fox running through snow")])
        request.negativePrompt = "blurry"
        request.frames = 16
        request.width = 64
        request.height = 64
        request.steps = 4
        request.guidanceScale = 7.5
        request.seed = 1234
        request.sampler = sampler
        return request
    }

    @Test(arguments: [(SamplerKind.ddim, "pipeline.latents"), (.euler, "pipeline.euler.latents")])
    func sixteenFramesMatchDiffusers(sampler: SamplerKind, reference: String) throws {
        let pipeline = AnimateDiffPipeline(model: try #require(Self.model), motion: try Self.motion())
        #expect(pipeline.scheduler.betaSchedule == .linear)
        let output = try pipeline.sample(Self.request(sampler: sampler))
        let expected = try #require(Self.parity).tensor(named: reference)
        #expect(output.latents.shape == expected.shape)
        #expect(Numerics.relativeL2(output.latents.scalars, reference: expected.scalars) <= 1e-3)
    }

    @Test func motionLoRAIsMergedWithItsStrength() throws {
        let model = try #require(Self.model)
        let parity = try #require(Self.parity)
        let motion = try Self.motion(loras: [.init(path: Fixtures.url("animatediff/motion_lora_tiny.ckpt").path, strength: 0.8)])
        let output = try model.unet(
            try parity.tensor(named: "unet.sample"), timestep: Double(try parity.tensor(named: "unet.timestep").scalars[0]),
            context: try parity.tensor(named: "unet.context_per_frame"), video: VideoBatch(frames: 6, motion: motion.adapter))
        let expected = try parity.tensor(named: "unet.output_v2_lora")
        #expect(Numerics.relativeL2(output.scalars, reference: expected.scalars) <= 1e-4)
        #expect(motion.warnings.isEmpty)
    }

    @Test func motionLoRAOnAModuleWithoutMidBlockSkipsThoseUpdatesWithAWarning() throws {
        let motion = try Self.motion(
            "mm_tiny_v3.safetensors", loras: [.init(path: Fixtures.url("animatediff/motion_lora_tiny.ckpt").path)])
        #expect(motion.version == .v3)
        #expect(motion.warnings.contains { $0.contains("made for v2") })
    }

    @Test func framesAreDecodedInOrderAndStoppingCancels() throws {
        let pipeline = AnimateDiffPipeline(model: try #require(Self.model), motion: try Self.motion())
        var request = Self.request()
        request.frames = 3
        request.steps = 2
        var decoded: [Int] = []
        let output = try pipeline.generate(request) { index, image in
            #expect(image.width == 64 && image.height == 64)
            decoded.append(index)
        }
        #expect(decoded == [0, 1, 2])
        #expect(output.latents.shape == [1, 4, 3, 8, 8])
        #expect(throws: PipelineError.cancelled) {
            _ = try pipeline.sample(request, onStep: { _ in .stop })
        }
    }

    @Test func longVideosRunInContextWindows() throws {
        let pipeline = AnimateDiffPipeline(model: try #require(Self.model), motion: try Self.motion("mm_tiny_v1.ckpt"))
        var request = Self.request()
        request.frames = 30
        request.steps = 2
        request.context = ContextWindowSchedule(length: 8, overlap: 2)
        let windowed = try pipeline.sample(request).latents
        #expect(windowed.shape == [1, 4, 30, 8, 8])
        let finite = windowed.scalars.allSatisfy { $0.isFinite }
        #expect(finite)
        request.frames = 25
        request.context = ContextWindowSchedule(length: 30)
        #expect(throws: PipelineError.self) { _ = try pipeline.sample(request) }
    }

    @Test func promptTravelGivesFramesTheirOwnConditioning() throws {
        let pipeline = AnimateDiffPipeline(model: try #require(Self.model), motion: try Self.motion())
        var request = Self.request()
        request.prompts = [.init(frame: 0, prompt: "a red fox"), .init(frame: 8, prompt: "a blue whale")]
        let (positive, _) = try pipeline.conditioning(request)
        #expect(positive.count == 16)
        let first = positive[0].scalars, last = positive[15].scalars, middle = positive[4].scalars
        #expect(positive[8].scalars == last)
        let expected = zip(first, last).map { $0 + ($1 - $0) * 0.5 }
        #expect(Numerics.maxAbsDiff(middle, expected) <= 1e-5)
        request.prompts = [.init(frame: 4, prompt: "a"), .init(frame: 2, prompt: "b")]
        #expect(throws: PipelineError.self) { _ = try pipeline.sample(request) }
    }
}
