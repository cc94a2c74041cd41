import DiffusionModels
import Foundation
import Imaging
import Layers
import ModelIO
import StableDiffusion
import Tensors
import TestSupport
import Testing

/// TAESD (diffusers `AutoencoderTiny`, 8 channels) encode and decode against diffusers
/// (make_tiny_sd_addons.py), relative L2 ≤ 1e-4, from the diffusers folder and from madebyollin's
/// `taesd_decoder.pth` + `taesd_encoder.safetensors` layout.
@Suite struct TAESDParityTests {
    static let folder = Fixtures.url("addons/taesd").path

    @Test(arguments: ["", "taesd_decoder.pth", "taesd_encoder.safetensors"])
    func decodeAndEncodeMatchDiffusers(_ file: String) throws {
        let tiny = try AutoencoderTiny.load(path: file.isEmpty ? Self.folder : Self.folder + "/" + file)
        let parity = try #require(AddOnFixtures.parity)
        let decoded = try tiny.decode(try parity.tensor(named: "taesd.decode.in"))
        let expectedImage = try parity.tensor(named: "taesd.decode.out")
        #expect(decoded.shape == expectedImage.shape)
        #expect(Numerics.relativeL2(decoded.scalars, reference: expectedImage.scalars) <= 1e-4)
        let encoded = try tiny.encode(try parity.tensor(named: "taesd.encode.in"))
        let expectedLatent = try parity.tensor(named: "taesd.encode.out")
        #expect(encoded.shape == expectedLatent.shape)
        #expect(Numerics.relativeL2(encoded.scalars, reference: expectedLatent.scalars) <= 1e-4)
    }

    /// `--vae taesd:PATH`: the checkpoint's VAE stays, TAESD encodes and decodes, and img2img draws
    /// no posterior sample (diffusers' `retrieve_latents` with `latents`).
    @Test func theModelDecodesWithTAESDWhenGivenOne() throws {
        let model = try StableDiffusionModel.load(path: Fixtures.url("tiny-sd/model").path, vaePath: "taesd:" + Self.folder)
        let pipeline = StableDiffusionPipeline(model: model)
        let parity = try #require(AddOnFixtures.parity)
        let latent = try parity.tensor(named: "taesd.decode.in")
        let image = try pipeline.decode(latent)
        let reference = try AutoencoderTiny.load(path: Self.folder).decode(latent)
        let expected = RGBImage(planarSigned: reference.scalars, width: reference.shape[3], height: reference.shape[2])
        #expect(image.pixels == expected.pixels)
        if case .tiny = model.autoencoder {} else { Issue.record("the model's autoencoder is not TAESD") }
    }

    @Test func aMissingHalfIsReportedWhenUsed() throws {
        let source = try SafetensorsFile(path: Self.folder + "/diffusion_pytorch_model.safetensors")
        var decoderOnly: [String: Tensor] = [:]
        for name in source.tensorNames where name.hasPrefix("decoder.") { decoderOnly[name] = try source.tensor(named: name) }
        var configuration = AutoencoderTinyConfiguration.taesd
        configuration.encoderBlockOutChannels = [8, 8, 8, 8]
        configuration.decoderBlockOutChannels = [8, 8, 8, 8]
        let tiny = try AutoencoderTiny(
            from: WeightReader(InMemoryTensorSource(decoderOnly), component: "TAESD"), configuration: configuration, parts: .decoder)
        #expect(throws: DiffusionModelsError.self) { try tiny.encode(Tensor(shape: [1, 3, 16, 16])) }
    }
}
