import Imaging
import ModelIO
import Samplers
import StableDiffusion
import Tensors
import TestSupport
import Testing

/// The deterministic encode and the latent blend that `cadence_blend: "latent"` uses, on the tiny
/// random-weight model (Tests/Fixtures/tiny-sd).
@Suite struct LatentBlendTests {
    static let model: StableDiffusionModel? = try? StableDiffusionModel.load(path: Fixtures.url("tiny-sd/model").path)

    static func image(_ seed: UInt64, width: Int = 64, height: Int = 64) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        var state = seed
        for i in 0..<image.pixels.count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            image.pixels[i] = UInt8(truncatingIfNeeded: state >> 56)
        }
        return image
    }

    /// diffusers' `vae.encode(x).latent_dist.mean` (scripts/fixtures/make_tiny_sd.py) times the
    /// scaling factor, within the VAE bar (relative L2 ≤ 1e-4).
    @Test func encodeMeanIsDiffusersPosteriorMeanScaled() throws {
        let model = try #require(Self.model)
        let parity = try SafetensorsFile(path: Fixtures.url("tiny-sd/parity.safetensors").path)
        let latent = try model.autoencoder.encodeMean(try parity.tensor(named: "vae.encode.in"))
        let expected = try parity.tensor(named: "vae.encode.mean") * model.vae.configuration.scalingFactor
        #expect(latent.shape == expected.shape)
        #expect(Numerics.relativeL2(latent.scalars, reference: expected.scalars) <= 1e-4)
    }

    /// The same image always encodes to the same latent, the centre of the img2img encode's samples.
    @Test func encodeMeanDrawsNothing() throws {
        let pipeline = StableDiffusionPipeline(model: try #require(Self.model))
        let image = Self.image(3)
        let mean = try pipeline.encodeMean(image)
        #expect(try pipeline.encodeMean(image).scalars == mean.scalars)
        var random: any RandomSource = TorchCPURandom(seed: 7)
        let sample = try pipeline.encode(image, random: &random)
        #expect(sample.shape == mean.shape)
        #expect(sample.scalars != mean.scalars)
    }

    @Test func blendEndpointsAreEachImagesEncodeDecode() throws {
        let pipeline = StableDiffusionPipeline(model: try #require(Self.model))
        let (a, b) = (Self.image(1), Self.image(2))
        let roundTripA = try pipeline.decode(try pipeline.encodeMean(a))
        let roundTripB = try pipeline.decode(try pipeline.encodeMean(b))
        #expect(roundTripA != roundTripB)
        #expect(try pipeline.blendInLatentSpace(a, b, weight: 0).image == roundTripA)
        #expect(try pipeline.blendInLatentSpace(a, b, weight: 1).image == roundTripB)
        let middle = try pipeline.blendInLatentSpace(a, b, weight: 0.25)
        let expected = try pipeline.encodeMean(a) * 0.75 + (try pipeline.encodeMean(b)) * 0.25
        #expect(middle.latents.scalars == expected.scalars)
        #expect(middle.image == (try pipeline.decode(expected)))
        #expect(middle.image != roundTripA && middle.image != roundTripB)
        #expect(middle.image != RGBImage.blend(roundTripA, roundTripB, t: 0.25))
        #expect(middle.timings.vaeEncode > 0 && middle.timings.vaeDecode > 0)
    }

    @Test func badBlendsNameTheProblem() throws {
        let pipeline = StableDiffusionPipeline(model: try #require(Self.model))
        let a = Self.image(1)
        #expect(throws: PipelineError.invalidRequest(field: "latent blend", detail: "weight 1.5 is not between 0 and 1")) {
            try pipeline.blendInLatentSpace(a, a, weight: 1.5)
        }
        #expect(throws: PipelineError.invalidRequest(field: "latent blend", detail: "weight nan is not between 0 and 1")) {
            try pipeline.blendInLatentSpace(a, a, weight: .nan)
        }
        #expect(throws: PipelineError.invalidRequest(field: "latent blend", detail: "the images are 64×64 and 64×72, not one size")) {
            try pipeline.blendInLatentSpace(a, Self.image(2, height: 72), weight: 0.5)
        }
    }
}
