import Foundation
import Imaging
import TestSupport
@testable import Animation

/// `Tests/Fixtures/animation/deforum_animation.json` (scripts/fixtures/make_animation.py): what
/// Deforum's loop decides, re-implemented in Python from its code.
struct DeforumAnimationFixture: Decodable {
    struct SeedCase: Decodable {
        let behavior: String
        let iter_n: Int
        let seed: Int64
        let seeds: [Int64]
    }

    struct RenderSeedCase: Decodable {
        struct Diffusion: Decodable {
            let frame: Int
            let seed: Int64?
            let noise_seed: Int64?
        }
        let frames: Int
        let cadence: Int
        let behavior: String
        let iter_n: Int
        let seed: Int64
        let seed_schedule: String?
        let diffusions: [Diffusion]
    }

    struct CadenceCase: Decodable {
        struct Written: Decodable {
            let frame: Int
            let previous: Int?
            let next: Int
            let tween: Double
        }
        let frames: Int
        let cadence: Int
        let diffused: [Int]
        let written: [Written]
        let grey: [Int]
    }

    struct PromptCase: Decodable {
        struct Expected: Decodable {
            let prompt: String
            let negative: String
        }
        let prompts: [String: String]
        let positive: String
        let negative: String
        let frames: Int
        let expected: [Expected]
    }

    struct InterpolationCase: Decodable {
        struct Weight: Decodable {
            let from: Int
            let to: Int
            let weight: Double
        }
        let keys: [Int]
        let frames: Int
        let weights: [Weight?]
    }

    let seeds: [SeedCase]
    let render_seeds: [RenderSeedCase]
    let cadence: [CadenceCase]
    let prompts: [PromptCase]
    let interpolation: [InterpolationCase]

    static let shared: DeforumAnimationFixture? = {
        guard let data = try? Fixtures.data("animation/deforum_animation.json") else { return nil }
        return try? JSONDecoder().decode(DeforumAnimationFixture.self, from: data)
    }()
}

/// A deterministic stand-in for the diffusion pipeline: the image is a hash of every request field
/// (and of the init image), mixed with the init image by the denoising strength, so any change in
/// what the renderer asks for changes the frame.
final class HashingGenerator: FrameGenerator, @unchecked Sendable {
    private(set) var requests: [FrameGenerationRequest] = []
    /// Throw instead of generating at this call (0-based), to simulate a crash.
    var failAt: Int?

    struct Failure: Error {}

    func generate(_ request: FrameGenerationRequest, progress: (Int, Int) -> Void) throws -> RGBImage {
        if let failAt, requests.count == failAt { throw Failure() }
        requests.append(request)
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ text: String) { for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 } }
        mix("\(request.prompt)|\(request.negativePrompt)|\(request.seed)|\(request.steps)|\(request.cfg)|\(request.sampler)")
        mix("\(request.denoisingStrength)|\(request.noiseMultiplier)|\(String(describing: request.clipSkip))")
        mix("\(String(describing: request.promptBlend))|\(String(describing: request.seedBlend))")
        if let initImage = request.initImage { for byte in initImage.pixels { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 } }
        var image = RGBImage(width: request.width, height: request.height)
        var state = hash
        for i in 0..<image.pixels.count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Double(UInt8(truncatingIfNeeded: state >> 56))
            let base = request.initImage.map { Double($0.pixels[i]) } ?? noise
            image.pixels[i] = UInt8((base * (1 - request.denoisingStrength) + noise * request.denoisingStrength).rounded())
        }
        for step in 1...max(1, request.steps) { progress(step, request.steps) }
        return image
    }
}

/// Returns grey level 10·frame for every diffusion, to follow the cadence arithmetic.
final class GreyGenerator: FrameGenerator, @unchecked Sendable {
    func generate(_ request: FrameGenerationRequest, progress: (Int, Int) -> Void) throws -> RGBImage {
        let level = UInt8(min(255, 10 * request.frame))
        return RGBImage(width: request.width, height: request.height, fill: (level, level, level))
    }
}

/// Pixel operations that change nothing, so the loop's own arithmetic shows.
struct IdentityEffects: FrameEffects {
    func warp(_ image: RGBImage, motion: FrameMotion, spec: AnimationSpec) -> RGBImage { image }
    func matchColours(_ image: RGBImage, to reference: RGBImage, coherence: ColorCoherence) -> RGBImage { image }
    func sharpen(_ image: RGBImage, parameters: FrameParameters) throws -> RGBImage { image }
    func addNoise(_ image: RGBImage, amount: Double, seed: Int64, noise: AnimationSpec.Noise) throws -> RGBImage { image }
    func fit(_ image: RGBImage, width: Int, height: Int) -> RGBImage { image }
}

/// A fresh temporary folder, removed by the caller.
func temporaryFolder(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-\(name)-\(UUID().uuidString)", isDirectory: true)
}

/// A small 2D spec that renders quickly: 64×64, a few frames, real motion and effects.
func smallSpec(frames: Int = 7, cadence: Int = 2) -> AnimationSpec {
    var spec = AnimationSpec()
    spec.frames = frames
    spec.width = 64
    spec.height = 64
    spec.seed = 1234
    spec.cadence = cadence
    spec.steps = "0: (4)"
    spec.prompts = ["0": "a red boat --neg blurry", "4": "a blue boat"]
    spec.motion.zoom = "0: (1.03)"
    spec.motion.angle = "0: (2), 4: (-1)"
    spec.motion.translationX = "0: (1.5)"
    spec.output.video = false
    return spec
}
