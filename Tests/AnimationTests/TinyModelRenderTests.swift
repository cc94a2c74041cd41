import Animation
import Foundation
import Imaging
import StableDiffusion
import TestSupport
import Testing
import VideoIO

/// Deforum's own test settings file rendered end to end with the real pipeline on the tiny
/// random-weight model (Tests/Fixtures/tiny-sd): the spec imports, every frame is diffused and
/// written at the requested size, frames differ as the camera moves, and the same render twice
/// gives the same frames.
@Suite struct TinyModelRenderTests {
    static func render(into folder: URL) throws -> (RenderSummary, [RGBImage]) {
        let data = try Fixtures.data("animation/example_settings_test_simple.json")
        var spec = try AnimationSpec.load(data, file: "example_settings_test_simple.json").spec
        spec.width = 64
        spec.height = 64
        let model = try StableDiffusionModel.load(path: Fixtures.url("tiny-sd/model").path)
        let generator = PipelineFrameGenerator(pipeline: StableDiffusionPipeline(model: model), randomSource: .cpu)
        let renderer = try AnimationRenderer.prepare(spec: spec, file: "example_settings_test_simple.json", folder: folder)
        try renderer.createFolder()
        let summary = try renderer.render(with: generator)
        let frames = try renderer.folder.framesPresent().map { try ImageFile.read(renderer.folder.frameURL($0)) }
        return (summary, frames)
    }

    @Test func deforumsTestSettingsRenderWithTheTinyModel() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-tiny-render-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let (summary, frames) = try Self.render(into: base.appendingPathComponent("a"))
        #expect(frames.count == 5)
        #expect(summary.diffusionsRun == 5)
        #expect(frames.allSatisfy { $0.width == 64 && $0.height == 64 })
        #expect(Set(frames.map(\.pixels)).count == frames.count)
        let (_, again) = try Self.render(into: base.appendingPathComponent("b"))
        #expect(again == frames)
    }
}
