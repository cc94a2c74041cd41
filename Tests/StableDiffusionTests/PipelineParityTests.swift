import Foundation
import Imaging
import ModelIO
import Samplers
import StableDiffusion
import Tensors
import TestSupport
import Testing

/// Whole generations on the tiny model against diffusers' pipelines with a CPU generator
/// (`scripts/fixtures/make_pipeline.py`): final latents within relative L2 1e-3 (DESIGN.md §3).
@Suite struct PipelineParityTests {
    struct Case: Decodable, CustomTestStringConvertible {
        let name, sampler, schedule, prompt, negative, tensor: String
        let seed: UInt64
        let steps, width, height: Int
        let cfg: Double
        let strength: Double?
        var testDescription: String { name }
    }

    struct Cases: Decodable {
        let cases: [Case]
        let weighted_prompts: [String]
    }

    static let fixture: Cases? = try? JSONDecoder().decode(Cases.self, from: Fixtures.data("pipeline/cases.json"))
    static let references: SafetensorsFile? = try? SafetensorsFile(path: Fixtures.url("pipeline/latents.safetensors").path)
    static let model: StableDiffusionModel? = try? StableDiffusionModel.load(path: Fixtures.url("tiny-sd/model").path)

    static func initImage() throws -> RGBImage {
        let values = try #require(references).tensor(named: "init.rgb")
        return RGBImage(width: values.shape[1], height: values.shape[0], pixels: values.scalars.map { UInt8($0) })
    }

    @Test func fixturesLoad() throws {
        #expect(try #require(Self.fixture).cases.count >= 10)
        _ = try #require(Self.model)
    }

    @Test(arguments: fixture?.cases ?? [])
    func finalLatentsMatchDiffusers(_ testCase: Case) throws {
        let pipeline = StableDiffusionPipeline(model: try #require(Self.model))
        var request = GenerationRequest(prompt: testCase.prompt)
        request.negativePrompt = testCase.negative
        request.seed = testCase.seed
        request.steps = testCase.steps
        request.guidanceScale = testCase.cfg
        request.sampler = try SamplerKind.parse(testCase.sampler).sampler
        request.schedule = try ScheduleKind.parse(testCase.schedule)
        request.width = testCase.width
        request.height = testCase.height
        if let strength = testCase.strength {
            request.initImage = try Self.initImage()
            request.strength = strength
        }
        var steps = 0
        let output = try pipeline.generate(request) { _ in
            steps += 1
            return .proceed
        }
        let expected = try #require(Self.references).tensor(named: testCase.tensor)
        #expect(output.latents.shape == expected.shape)
        #expect(Numerics.relativeL2(output.latents.scalars, reference: expected.scalars) <= 1e-3)
        #expect(steps > 0)
        #expect(output.image.width == testCase.width && output.image.height == testCase.height)
    }

    @Test func weightedAndLongPromptsFollowA1111() throws {
        let model = try #require(Self.model)
        for (index, prompt) in try #require(Self.fixture).weighted_prompts.enumerated() {
            let conditioning = try model.prompts.encode(prompt)
            let expected = try #require(Self.references).tensor(named: "cond.\(index)")
            #expect(conditioning.hiddenStates.shape == expected.shape)
            #expect(Numerics.relativeL2(conditioning.hiddenStates.scalars, reference: expected.scalars) <= 1e-4)
        }
    }

    @Test func stoppingFromTheProgressCallbackCancels() throws {
        let pipeline = StableDiffusionPipeline(model: try #require(Self.model))
        var request = GenerationRequest(prompt: "a tree")
        request.width = 64
        request.height = 64
        request.steps = 5
        #expect(throws: PipelineError.cancelled) {
            try pipeline.generate(request) { $0.step >= 2 ? .stop : .proceed }
        }
    }

    @Test func badRequestsNameTheField() throws {
        var request = GenerationRequest(prompt: "x")
        request.width = 100
        #expect(throws: PipelineError.self) { try request.validate() }
        request.width = 64
        request.steps = 0
        #expect(throws: PipelineError.invalidRequest(field: "steps", detail: "0 must be at least 1")) { try request.validate() }
        request.steps = 4
        request.initImage = RGBImage(width: 64, height: 512)
        request.strength = 1.5
        #expect(throws: PipelineError.self) { try request.validate() }
    }
}
