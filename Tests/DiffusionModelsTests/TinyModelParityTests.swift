import DiffusionModels
import Layers
import ModelIO
import Tensors
import TestSupport
import Testing

/// CLIP, UNet and VAE on the tiny random-weight model against transformers/diffusers in float32
/// (DESIGN.md §3: relative L2 ≤ 1e-4).
@Suite struct TinyModelParityTests {
    let parity: SafetensorsFile

    init() throws { parity = try TinyModel.parity() }

    private func reference(_ name: String) throws -> Tensor { try parity.tensor(named: name) }

    @Test func clipLastHiddenStateAndPooledMatchTransformers() throws {
        let ids = try reference("clip.input_ids")
        let rows = (0..<ids.shape[0]).map { row in ids.scalars[(row * ids.shape[1])..<((row + 1) * ids.shape[1])].map { Int($0) } }
        let output = try TinyModel.textModel().encode(rows)
        let expected = try reference("clip.last_hidden_state")
        #expect(output.hiddenState.shape == expected.shape)
        #expect(Numerics.relativeL2(output.hiddenState.scalars, reference: expected.scalars) <= 1e-4)
        #expect(Numerics.relativeL2(output.pooled.scalars, reference: try reference("clip.pooled").scalars) <= 1e-4)
    }

    @Test func clipSkipTwoMatchesThePenultimateLayerThroughTheFinalNorm() throws {
        let ids = try reference("clip.input_ids")
        let rows = (0..<ids.shape[0]).map { row in ids.scalars[(row * ids.shape[1])..<((row + 1) * ids.shape[1])].map { Int($0) } }
        let model = try TinyModel.textModel()
        let skipped = try model.encode(rows, clipSkip: 2).hiddenState
        #expect(Numerics.relativeL2(skipped.scalars, reference: try reference("clip.skip2").scalars) <= 1e-4)
        let full = try model.encode(rows).hiddenState
        #expect(Numerics.relativeL2(skipped.scalars, reference: full.scalars) > 1e-2)
    }

    @Test func unetMatchesDiffusersOnABatchOfTwo() throws {
        let unet = try TinyModel.unet()
        let output = try unet(
            try reference("unet.sample"), timestep: Double(try reference("unet.timestep").scalars[0]),
            context: try reference("unet.encoder_hidden_states"))
        let expected = try reference("unet.out")
        #expect(output.shape == expected.shape)
        #expect(Numerics.relativeL2(output.scalars, reference: expected.scalars) <= 1e-4)
    }

    @Test func unetMatchesDiffusersOnANonSquareLatentAndSmallTimestep() throws {
        let unet = try TinyModel.unet()
        let output = try unet(
            try reference("unet.sample2"), timestep: Double(try reference("unet.timestep2").scalars[0]),
            context: try reference("unet.encoder_hidden_states2"))
        #expect(Numerics.relativeL2(output.scalars, reference: try reference("unet.out2").scalars) <= 1e-4)
    }

    @Test func vaeDecodeMatchesDiffusers() throws {
        let image = try TinyModel.vae().decode(try reference("vae.decode.in"))
        let expected = try reference("vae.decode.out")
        #expect(image.shape == expected.shape)
        #expect(Numerics.relativeL2(image.scalars, reference: expected.scalars) <= 1e-4)
    }

    @Test func vaeEncodeMomentsMatchDiffusers() throws {
        let distribution = try TinyModel.vae().encode(try reference("vae.encode.in"))
        #expect(Numerics.relativeL2(distribution.mean.scalars, reference: try reference("vae.encode.mean").scalars) <= 1e-4)
        #expect(
            Numerics.relativeL2(distribution.logVariance.scalars, reference: try reference("vae.encode.logvar").scalars) <= 1e-4)
    }
}
