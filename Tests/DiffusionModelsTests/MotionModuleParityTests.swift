import Layers
import ModelIO
import Tensors
import TestSupport
import Testing

@testable import DiffusionModels

/// AnimateDiff motion modules on the tiny model against diffusers' `UNetMotionModel` with the
/// official per-frame GroupNorm in each module (and v1's cross-frame resnet norms), made by
/// `scripts/fixtures/make_animatediff.py` (DESIGN.md §3: relative L2 ≤ 1e-4).
@Suite struct MotionModuleParityTests {
    let parity: SafetensorsFile

    init() throws { parity = try SafetensorsFile(path: Fixtures.url("animatediff/parity.safetensors").path) }

    private func reference(_ name: String) throws -> Tensor { try parity.tensor(named: name) }

    /// The tiny adapter at `file` (2 heads, 8 norm groups: the fixture's configuration).
    static func adapter(_ file: String, unet: UNetConfiguration) throws -> (MotionAdapter, MotionModuleCheckpoint) {
        let checkpoint = try MotionModuleCheckpoint.open(Fixtures.url("animatediff/" + file).path)
        let configuration = MotionAdapterConfiguration(
            blockOutChannels: checkpoint.levelChannels, layersPerBlock: checkpoint.modulesPerDownLevel,
            hasMidBlock: checkpoint.hasMidBlock, heads: checkpoint.heads ?? 2, normGroups: checkpoint.normGroups ?? 8,
            maxFrames: checkpoint.maxFrames, crossFrameResnetNorm: checkpoint.version == .v1)
        try configuration.validate(for: unet)
        let adapter = try MotionAdapter(from: WeightReader(checkpoint.weights, component: file), configuration: configuration)
        return (adapter, checkpoint)
    }

    private func videoOutput(_ file: String, unet: UNet2DConditionModel, spatialChunk: Int = 4) throws -> Tensor {
        let (adapter, _) = try Self.adapter(file, unet: unet.configuration)
        return try unet(
            try reference("unet.sample"), timestep: Double(try reference("unet.timestep").scalars[0]),
            context: try reference("unet.context_per_frame"),
            video: VideoBatch(frames: 6, motion: adapter, spatialChunk: spatialChunk))
    }

    @Test func versionsAreDetectedFromTheKeys() throws {
        let unet = try TinyModel.unet().configuration
        let v2 = try Self.adapter("mm_tiny_v2.safetensors", unet: unet).1
        #expect(v2.version == .v2 && v2.maxFrames == 32 && v2.hasMidBlock && v2.levelChannels == [16, 32, 32])
        let v1 = try Self.adapter("mm_tiny_v1.ckpt", unet: unet).1
        #expect(v1.version == .v1 && v1.maxFrames == 24 && !v1.hasMidBlock)
        let v3 = try Self.adapter("mm_tiny_v3.safetensors", unet: unet).1
        #expect(v3.version == .v3 && v3.maxFrames == 32 && !v3.hasMidBlock)
        let diffusers = try Self.adapter("mm_tiny_v2_diffusers", unet: unet).1
        #expect(diffusers.version == .v2 && diffusers.heads == 2 && diffusers.normGroups == 8)
    }

    @Test(arguments: [("mm_tiny_v2.safetensors", "unet.output_v2"), ("mm_tiny_v3.safetensors", "unet.output_v3"),
                      ("mm_tiny_v1.ckpt", "unet.output_v1"), ("mm_tiny_v2_diffusers", "unet.output_v2")])
    func unetWithMotionModulesMatchesTheReference(file: String, expectedName: String) throws {
        let output = try videoOutput(file, unet: try TinyModel.unet())
        let expected = try reference(expectedName)
        #expect(output.shape == expected.shape)
        #expect(Numerics.relativeL2(output.scalars, reference: expected.scalars) <= 1e-4)
    }

    @Test func spatialChunkingDoesNotChangeTheResult() throws {
        let unet = try TinyModel.unet()
        let whole = try videoOutput("mm_tiny_v2.safetensors", unet: unet, spatialChunk: 12)
        let chunked = try videoOutput("mm_tiny_v2.safetensors", unet: unet, spatialChunk: 5)
        #expect(Numerics.maxAbsDiff(whole.scalars, chunked.scalars) <= 1e-5 * max(1, Numerics.maxAbs(whole.scalars)))
    }

    @Test func oneModuleMatchesTheReferenceInOneOrManyPasses() throws {
        let (adapter, _) = try Self.adapter("mm_tiny_v2.safetensors", unet: try TinyModel.unet().configuration)
        let module = adapter.downBlocks[1][0]
        let input = try reference("module.input")
        let whole = module(input, frames: 5)
        #expect(Numerics.relativeL2(whole.scalars, reference: try reference("module.output").scalars) <= 1e-4)
        let passes = module(input, frames: 5, sequencesPerPass: 7)
        #expect(Numerics.maxAbsDiff(whole.scalars, passes.scalars) <= 1e-5 * max(1, Numerics.maxAbs(whole.scalars)))
    }

    @Test func officialPerFrameNormDiffersFromDiffusersCrossFrameNorm() throws {
        let output = try videoOutput("mm_tiny_v2.safetensors", unet: try TinyModel.unet())
        let diffusers = try reference("unet.output_v2_crossframe_diffusers")
        #expect(Numerics.relativeL2(output.scalars, reference: diffusers.scalars) > 1e-3)
    }

    @Test func withoutMotionTheUNetIsTheImageUNet() throws {
        let unet = try TinyModel.unet()
        let output = try unet(
            try reference("unet.sample"), timestep: Double(try reference("unet.timestep").scalars[0]),
            context: try reference("unet.context_per_frame"))
        #expect(Numerics.relativeL2(output.scalars, reference: try reference("unet.output_image").scalars) <= 1e-4)
    }

    @Test func tooManyFramesForThePositionTableIsAnError() throws {
        let unet = try TinyModel.unet()
        let (adapter, _) = try Self.adapter("mm_tiny_v1.ckpt", unet: unet.configuration)
        let sample = Tensor(shape: [25, 4, 2, 2])
        #expect(throws: DiffusionModelsError.self) {
            _ = try unet(sample, timestep: 10, context: Tensor(shape: [25, 3, 32]), video: VideoBatch(frames: 25, motion: adapter))
        }
        #expect(throws: DiffusionModelsError.self) {
            _ = try unet(Tensor(shape: [7, 4, 2, 2]), timestep: 10, context: Tensor(shape: [7, 3, 32]), video: VideoBatch(frames: 3, motion: adapter))
        }
    }
}
