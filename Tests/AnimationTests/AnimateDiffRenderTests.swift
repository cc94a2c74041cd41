import Animation
import Foundation
import Imaging
import StableDiffusion
import TestSupport
import Testing
import VideoIO

/// `mode: "animatediff"` end to end on the tiny model with the tiny v2 motion module: the spec's
/// prompt keys become the video's prompt travel, every frame is written with its parameters, and
/// a run stopped while sampling or while decoding resumes to exactly the frames of an
/// uninterrupted run (decoding only what is missing when the latents were stored).
@Suite struct AnimateDiffRenderTests {
    static let generator: PipelineVideoGenerator? = {
        guard let model = try? StableDiffusionModel.load(path: Fixtures.url("tiny-sd/model").path),
              let motion = try? MotionModel.load(
                path: Fixtures.url("animatediff/mm_tiny_v2.safetensors").path, for: model.unet.configuration, heads: 2,
                normGroups: 8) else { return nil }
        return PipelineVideoGenerator(pipeline: AnimateDiffPipeline(model: model, motion: motion), randomSource: .cpu)
    }()

    static func spec() throws -> AnimationSpec {
        let json = """
            { "mode": "animatediff", "frames": 10, "width": 64, "height": 64, "seed": 42, "sampler": "ddim", "steps": 3,
              "prompts": { "0": "a red fox --neg blurry", "6": "a blue whale" },
              "animatediff": { "context_length": 6, "context_overlap": 2 } }
            """
        return try AnimationSpec.load(Data(json.utf8), file: "animatediff.json").spec
    }

    static func frames(in renderer: AnimationRenderer) throws -> [RGBImage] {
        try renderer.folder.framesPresent().map { try ImageFile.read(renderer.folder.frameURL($0)) }
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-animatediff-\(UUID().uuidString)")
    }

    @Test func requestCarriesThePromptKeysAndFrameZeroSettings() throws {
        let renderer = try AnimationRenderer.prepare(spec: try Self.spec(), file: "animatediff.json", folder: Self.temporaryFolder())
        let request = try renderer.videoRequest()
        #expect(request.keys.map(\.frame) == [0, 6])
        #expect(request.keys[0].prompt == "a red fox" && request.keys[0].negativePrompt == "blurry")
        #expect(request.keys[1].prompt == "a blue whale")
        #expect(request.frames == 10 && request.steps == 3 && request.seed == 42 && request.sampler == "ddim")
        #expect(request.settings.contextLength == 6)
        let pipelineRequest = try #require(Self.generator).pipelineRequest(request)
        #expect(pipelineRequest.negativePrompt == "blurry" && pipelineRequest.context.overlap == 2)
    }

    @Test func interruptedRendersResumeToTheSameFrames() throws {
        let generator = try #require(Self.generator)
        let base = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: base) }

        let whole = try AnimationRenderer.start(spec: try Self.spec(), file: "animatediff.json", folder: base.appendingPathComponent("whole"))
        let summary = try whole.renderVideo(with: generator)
        #expect(summary.framesWritten == 10 && summary.diffusionsRun == 1 && !summary.stopped)
        let expected = try Self.frames(in: whole)
        #expect(expected.count == 10 && expected.allSatisfy { $0.width == 64 && $0.height == 64 })
        #expect(Set(expected.map(\.pixels)).count == 10)
        let text = try ImageFile.readText(whole.folder.frameURL(7))
        let parameters = try #require(text["parameters"])
        #expect(parameters.hasPrefix("a blue whale\nNegative prompt: blurry\nSteps: 3, Sampler: ddim"), "\(parameters)")

        // Stopped while sampling: nothing is written, and the resume samples again.
        let stopped = try AnimationRenderer.start(spec: try Self.spec(), file: "animatediff.json", folder: base.appendingPathComponent("resumed"))
        let first = try stopped.renderVideo(with: generator, shouldStop: { true })
        #expect(first.stopped && first.framesWritten == 0)
        // Stopped while decoding, after four frames.
        var written = 0
        let second = try AnimationRenderer.resume(folder: stopped.folder.url).renderVideo(
            with: generator, shouldStop: { written >= 4 }, progress: { if $0.steps == 0 { written = $0.framesDone } })
        #expect(second.stopped && second.framesWritten == 4 && second.diffusionsRun == 1)
        let third = try AnimationRenderer.resume(folder: stopped.folder.url).renderVideo(with: generator)
        #expect(third.framesKept == 4 && third.framesWritten == 6 && third.diffusionsReused == 1 && third.diffusionsRun == 0)
        #expect(try Self.frames(in: stopped) == expected)
    }

    @Test func runsMustStartAtFrameZero() throws {
        let renderer = try AnimationRenderer.prepare(
            spec: try Self.spec(), file: "animatediff.json", folder: Self.temporaryFolder(), firstFrame: 3)
        #expect(throws: AnimationError.self) { _ = try renderer.videoRequest() }
    }

    @Test func settingsAreValidatedByKey() throws {
        func message(_ settings: String) -> String {
            let json = #"{ "mode": "animatediff", "animatediff": \#(settings) }"#
            do {
                _ = try AnimationSpec.load(Data(json.utf8), file: "s.json")
                return "accepted"
            } catch { return "\(error)" }
        }
        #expect(message(#"{ "context_overlap": 16 }"#).contains("animatediff.context_overlap"))
        #expect(message(#"{ "context_length": 0 }"#).contains("animatediff.context_length"))
        #expect(message(#"{ "fusion": "median" }"#).contains("median"))
        #expect(message(#"{ "motion_loras": [{ "strength": 1 }] }"#).contains("path"))
        #expect(message(#"{ "context_lenght": 8 }"#).contains("context_lenght"))
        #expect(message(#"{ "fusion": "Overlap-Linear", "context_schedule": "looped uniform" }"#) == "accepted")
    }
}
