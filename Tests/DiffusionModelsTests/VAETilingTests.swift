import DiffusionModels
import ModelIO
import Tensors
import TestSupport
import Testing

/// Tiled VAE decode/encode against diffusers' `enable_tiling()` on the tiny VAE
/// (`scripts/fixtures/make_vae_tiling.py`: 128-pixel tiles over a 320×192 image).
@Suite struct VAETilingTests {
    let reference: SafetensorsFile
    let vae: AutoencoderKL

    init() throws {
        reference = try SafetensorsFile(path: Fixtures.url("tiny-sd/vae-tiling.safetensors").path)
        vae = try TinyModel.vae()
    }

    @Test func tiledDecodeMatchesDiffusers() throws {
        let latent = try reference.tensor(named: "decode.in")
        #expect(latent.shape[2] > vae.tileLatentSize)
        let image = try vae.decodeTiled(latent)
        let expected = try reference.tensor(named: "decode.out")
        #expect(image.shape == expected.shape)
        #expect(Numerics.relativeL2(image.scalars, reference: expected.scalars) <= 1e-4)
        let untiled = try vae.decode(latent)
        #expect(Numerics.relativeL2(untiled.scalars, reference: expected.scalars) > 1e-3)
    }

    @Test func tiledEncodeMatchesDiffusers() throws {
        let distribution = try vae.encodeTiled(try reference.tensor(named: "encode.in"))
        let mean = try reference.tensor(named: "encode.mean")
        #expect(distribution.mean.shape == mean.shape)
        #expect(Numerics.relativeL2(distribution.mean.scalars, reference: mean.scalars) <= 1e-4)
        #expect(
            Numerics.relativeL2(distribution.logVariance.scalars, reference: try reference.tensor(named: "encode.logvar").scalars) <= 1e-4)
    }

    @Test func inputsThatFitOneTileAreNotTiled() throws {
        let latent = Tensor(shape: [1, 4, 8, 8], scalars: (0..<256).map { Float($0 % 7) / 7 - 0.5 })
        #expect(try vae.decodeTiled(latent).scalars == vae.decode(latent).scalars)
    }
}
