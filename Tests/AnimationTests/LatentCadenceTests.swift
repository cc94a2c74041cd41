import Foundation
import Imaging
import StableDiffusion
import TestSupport
import Testing
import VideoIO
@testable import Animation

// `cadence_blend: "latent"`: cadence in-betweens mixed as VAE latents instead of pixels.

private func loadError(_ json: String) -> String {
    do {
        _ = try AnimationSpec.load(Data(json.utf8), file: "spec.json")
        return ""
    } catch {
        return "\(error)"
    }
}

@Test func cadenceBlendDefaultsToPixelAndReadsLatent() throws {
    #expect(try AnimationSpec.load(Data("{}".utf8), file: "spec.json").spec.cadenceBlend == .pixel)
    #expect(try AnimationSpec.load(Data(#"{"cadence_blend": "latent"}"#.utf8), file: "spec.json").spec.cadenceBlend == .latent)
    #expect(try AnimationSpec.load(Data(#"{"cadence_blend": "Pixel"}"#.utf8), file: "spec.json").spec.cadenceBlend == .pixel)
}

@Test func unknownCadenceBlendIsNamed() {
    #expect(loadError(#"{"cadence_blend": "optical-flow"}"#)
            == "spec.json: cadence_blend: 'optical-flow' is not one of 'pixel', 'latent'")
    #expect(loadError(#"{"cadence_blend": 1}"#) == "spec.json: cadence_blend: expected a string")
}

@Test func cadenceBlendIsWrittenIntoTheResolvedSettings() throws {
    var spec = smallSpec()
    spec.cadenceBlend = .latent
    let text = String(decoding: try spec.jsonData(), as: UTF8.self)
    #expect(text.contains(#""cadence_blend" : "latent""#))
    #expect(try AnimationSpec.load(try spec.jsonData(), file: "again.json").spec == spec)
    #expect(String(decoding: try AnimationSpec().jsonData(), as: UTF8.self).contains(#""cadence_blend" : "pixel""#))
}

/// A latent blend stand-in that records its calls and marks its output, so the loop's use of it shows.
final class RecordingBlendGenerator: FrameGenerator, @unchecked Sendable {
    private(set) var blends: [(a: UInt8, b: UInt8, weight: Double)] = []

    func generate(_ request: FrameGenerationRequest, progress: (Int, Int) -> Void) throws -> RGBImage {
        try GreyGenerator().generate(request, progress: progress)
    }

    func blendInLatentSpace(_ a: RGBImage, _ b: RGBImage, weight: Double) throws -> RGBImage {
        blends.append((a.pixels[0], b.pixels[0], weight))
        return RGBImage(width: a.width, height: a.height, fill: (1, 2, 3))
    }
}

/// Renders 8 grey frames at cadence 3 with no motion or colour matching.
private func renderGrey(blend: CadenceBlend, with generator: any FrameGenerator,
                        in folder: URL = temporaryFolder("latent-cadence")) throws -> (RunFolder, RenderSummary) {
    var spec = smallSpec(frames: 8, cadence: 3)
    spec.color.coherence = .none
    spec.cadenceBlend = blend
    let run = RunFolder(url: folder)
    try run.create(spec: spec, firstFrame: 0)
    let renderer = AnimationRenderer(plan: try AnimationPlan(spec: spec, file: "c"), folder: run, file: "c", effects: IdentityEffects())
    return (run, try renderer.render(with: generator))
}

/// Only true in-betweens (a previous diffusion and weight below 1) go through the latent blend, with
/// Deforum's tween weights; frames showing one diffusion alone are written as in pixel mode.
@Test func latentBlendIsUsedForInBetweensOnly() throws {
    let generator = RecordingBlendGenerator()
    let (run, summary) = try renderGrey(blend: .latent, with: generator)
    defer { try? FileManager.default.removeItem(at: run.url) }
    // Diffusions 0, 3, 6 (grey 0, 30, 60); in-betweens 3, 4 (0→3) and 6, 7 (3→6).
    #expect(generator.blends.map(\.a) == [0, 0, 30, 30])
    #expect(generator.blends.map(\.b) == [30, 30, 60, 60])
    let third = 1.0 / 3
    let twoThirds = 2.0 / 3
    #expect(generator.blends.map(\.weight) == [third, twoThirds, third, twoThirds])
    #expect(summary.latentBlends == 4)
    let values = try (0..<8).map { Int(try ImageFile.read(run.frameURL($0)).pixels[0]) }
    #expect(values == [0, 0, 0, 1, 1, 30, 1, 1])
    let spec = try RunFolder(url: run.url).open().spec
    let plan = try AnimationPlan(spec: spec, file: "c")
    let text = try #require(FrameText.parameters(plan.frames[4], spec: spec, model: nil)["parameters"])
    let alone = try #require(FrameText.parameters(plan.frames[5], spec: spec, model: nil)["parameters"])
    #expect(alone.contains("Cadence: 0→3 at 1") && !alone.contains("latent space"))
    #expect(text.contains("Cadence: 0→3 at \(ScheduleString.format(2.0 / 3)) in latent space"))
}

@Test func pixelBlendNeverAsksTheGenerator() throws {
    let generator = RecordingBlendGenerator()
    let (run, summary) = try renderGrey(blend: .pixel, with: generator)
    defer { try? FileManager.default.removeItem(at: run.url) }
    #expect(generator.blends.isEmpty)
    #expect(summary.latentBlends == 0)
}

@Test func generatorWithoutLatentSpaceFailsClearly() throws {
    let folder = temporaryFolder("latent-cadence-unavailable")
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
        _ = try renderGrey(blend: .latent, with: GreyGenerator(), in: folder)
        Issue.record("the render should have failed")
    } catch let error as AnimationError {
        #expect(error.description.hasPrefix("frame 3: cadence_blend \"latent\": the frame generator GreyGenerator has no latent space"))
    }
    #expect(RunFolder(url: folder).framesPresent() == [0, 1, 2])
}

/// The tiny random-weight model (Tests/Fixtures/tiny-sd) at 64×64.
private let tinyPipeline: StableDiffusionPipeline? = {
    guard let model = try? StableDiffusionModel.load(path: Fixtures.url("tiny-sd/model").path) else { return nil }
    return StableDiffusionPipeline(model: model)
}()

/// `PipelineFrameGenerator` blends with the pipeline's latent blend and counts its VAE time.
@Test func pipelineGeneratorBlendsThroughThePipeline() throws {
    let pipeline = try #require(tinyPipeline)
    let (a, b) = (RGBImage(width: 64, height: 64, fill: (200, 40, 90)), RGBImage(width: 64, height: 64, fill: (10, 220, 60)))
    let generator = PipelineFrameGenerator(pipeline: pipeline, randomSource: .cpu)
    for weight in [0, 0.4, 1] {
        #expect(try generator.blendInLatentSpace(a, b, weight: weight) == pipeline.blendInLatentSpace(a, b, weight: weight).image)
    }
    #expect(try generator.blendInLatentSpace(a, b, weight: 0) == pipeline.decode(pipeline.encodeMean(a)))
    #expect(try generator.blendInLatentSpace(a, b, weight: 1) == pipeline.decode(pipeline.encodeMean(b)))
    #expect(generator.timings.total.vaeDecode > 0)
}

/// Renders the small 2D spec with the tiny model at cadence 3 (diffusions 0, 3, 6 of 8 frames).
private func tinyRender(_ blend: CadenceBlend, into folder: URL, through lastFrame: Int? = nil) throws -> AnimationRenderer {
    let pipeline = try #require(tinyPipeline)
    var spec = smallSpec(frames: 8, cadence: 3)
    spec.steps = "0: (2)"
    spec.cadenceBlend = blend
    let renderer = try AnimationRenderer.start(spec: spec, file: "tiny.json", folder: folder)
    _ = try renderer.render(with: PipelineFrameGenerator(pipeline: pipeline, randomSource: .cpu), through: lastFrame)
    return renderer
}

private func frames(_ run: RunFolder) throws -> [RGBImage] {
    try run.framesPresent().map { try ImageFile.read(run.frameURL($0)) }
}

@Test func tinyModelLatentCadenceKeepsTheKeyframesAndChangesTheInBetweens() throws {
    let base = temporaryFolder("latent-cadence-tiny")
    defer { try? FileManager.default.removeItem(at: base) }
    let pixel = try tinyRender(.pixel, into: base.appendingPathComponent("pixel")).folder
    let latent = try tinyRender(.latent, into: base.appendingPathComponent("latent")).folder
    for frame in [0, 3, 6] {
        #expect(latent.storedDiffusion(frame, width: 64, height: 64) == pixel.storedDiffusion(frame, width: 64, height: 64))
    }
    let pixelFrames = try frames(pixel)
    let latentFrames = try frames(latent)
    #expect(latentFrames.count == 8 && pixelFrames.count == 8)
    // Frames 0–2 show diffusion 0 alone and 5 shows diffusion 3 alone; 3, 4, 6, 7 are in-betweens.
    for frame in [0, 1, 2, 5] { #expect(latentFrames[frame] == pixelFrames[frame], "frame \(frame)") }
    for frame in [3, 4, 6, 7] { #expect(latentFrames[frame] != pixelFrames[frame], "frame \(frame)") }
}

@Test func tinyModelLatentCadenceResumesBitForBit() throws {
    let base = temporaryFolder("latent-cadence-resume")
    defer { try? FileManager.default.removeItem(at: base) }
    let whole = try tinyRender(.latent, into: base.appendingPathComponent("whole")).folder
    let halves = base.appendingPathComponent("halves")
    _ = try tinyRender(.latent, into: halves, through: 4)
    #expect(RunFolder(url: halves).framesPresent() == [0, 1, 2, 3, 4])
    let pipeline = try #require(tinyPipeline)
    let second = try AnimationRenderer.resume(folder: halves)
        .render(with: PipelineFrameGenerator(pipeline: pipeline, randomSource: .cpu))
    #expect(second.framesKept == 5 && second.framesWritten == 3)
    #expect(second.latentBlends == 2)
    #expect(try frames(RunFolder(url: halves)) == frames(whole))

    // A latent in-between blended again on resume (its file gone) has the same pixels.
    try FileManager.default.removeItem(at: whole.frameURL(4))
    let again = try AnimationRenderer.resume(folder: whole.url)
        .render(with: PipelineFrameGenerator(pipeline: pipeline, randomSource: .cpu))
    #expect(again.framesWritten == 1 && again.latentBlends == 1)
    #expect(try frames(whole) == frames(RunFolder(url: halves)))
}
