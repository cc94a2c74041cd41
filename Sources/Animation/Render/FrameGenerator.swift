import Imaging

/// Makes the image of one diffused frame: txt2img, or img2img of `initImage`. The animation
/// renderer calls it once per diffusion, in frame order, and does everything else (warps, colour,
/// noise, cadence, files) itself. The command-line tool implements it with the Stable Diffusion
/// pipeline; tests use deterministic fakes.
public protocol FrameGenerator {
    /// Generates the image `request` describes, `request.width`×`request.height`.
    /// - Parameters:
    ///   - request: what to generate.
    ///   - progress: called after each sampling step with (steps done, steps to run).
    /// - Returns: the decoded image.
    /// - Throws: whatever stops the generation (a bad sampler name, cancellation, …); the renderer
    ///   reports it with the frame and leaves the run resumable.
    func generate(_ request: FrameGenerationRequest, progress: (_ step: Int, _ total: Int) -> Void) throws -> RGBImage

    /// Mixes two frames in the generator's latent space, for `cadence_blend: "latent"`: encodes both
    /// deterministically (with a VAE: the posterior's mean times the scaling factor, never a sample),
    /// mixes the latents as `(1 − weight)·encode(a) + weight·encode(b)` and decodes the mix.
    ///
    /// Contract: `a` and `b` have the same size and the result has it too; weight 0 returns exactly
    /// `decode(encode(a))` and weight 1 exactly `decode(encode(b))`; the same inputs give the same
    /// pixels on every call, so a resumed render blends exactly as an uninterrupted one.
    /// The default implementation throws `LatentBlendUnavailable`: a generator without a latent
    /// space cannot blend in one.
    /// - Parameter weight: the weight of `b`, in 0…1.
    func blendInLatentSpace(_ a: RGBImage, _ b: RGBImage, weight: Double) throws -> RGBImage
}

extension FrameGenerator {
    public func blendInLatentSpace(_ a: RGBImage, _ b: RGBImage, weight: Double) throws -> RGBImage {
        throw LatentBlendUnavailable(generator: "\(type(of: self))")
    }
}

/// A frame generator without a latent space was asked to blend in one.
public struct LatentBlendUnavailable: Error, CustomStringConvertible, Equatable {
    /// The generator's type name.
    public var generator: String

    public var description: String {
        "cadence_blend \"latent\": the frame generator \(generator) has no latent space to blend in; use cadence_blend \"pixel\""
    }
}

/// One diffusion of an animation: the per-frame values every schedule gave, ready for a pipeline.
public struct FrameGenerationRequest: Sendable, Equatable {
    /// The frame being diffused (for messages and caches).
    public var frame: Int
    /// The positive prompt (A1111 attention syntax allowed).
    public var prompt: String
    /// The negative prompt ("" for none).
    public var negativePrompt: String
    /// A second prompt whose conditioning is mixed in: the text conditioning is
    /// `(1 − w)·cond(prompt) + w·cond(blend.prompt)` (and the same for the negatives), w = `blend.weight`.
    public var promptBlend: PromptBlend?
    /// The seed of the initial noise (and of a stochastic sampler's noise).
    public var seed: Int64
    /// When present, the initial noise is `slerp(noise(seed), noise(seedBlend.seed), seedBlend.weight)`
    /// (the stable-diffusion-videos method), so interpolation travels smoothly between seeds.
    public var seedBlend: SeedBlend?
    /// Requested sampling steps (img2img runs only the last part of them, A1111-style:
    /// ⌊min(denoisingStrength, 0.999)·steps⌋ + 1).
    public var steps: Int
    /// Classifier-free guidance scale.
    public var cfg: Double
    /// The sampler name as the spec gives it (`euler_a`, "Euler a", "DPM++ 2M Karras"); parse it
    /// with `SamplerKind.parse`, which accepts the same spellings.
    public var sampler: String
    /// The image img2img starts from, `width`×`height`; nil for txt2img.
    public var initImage: RGBImage?
    /// img2img denoising strength (diffusers' `strength`, A1111's `denoising_strength`): 1 − the
    /// animation's `strength` (the part kept). Ignored for txt2img.
    public var denoisingStrength: Double
    /// img2img only: the initial noise is scaled by this before sampling (A1111's
    /// `initial_noise_multiplier`).
    public var noiseMultiplier: Double
    /// CLIP skip (1 = last layer); nil for the model's default.
    public var clipSkip: Int?
    /// The output size in pixels (multiples of 8).
    public var width: Int
    public var height: Int

    public init(frame: Int, prompt: String, negativePrompt: String, promptBlend: PromptBlend?, seed: Int64,
                seedBlend: SeedBlend?, steps: Int, cfg: Double, sampler: String, initImage: RGBImage?,
                denoisingStrength: Double, noiseMultiplier: Double, clipSkip: Int?, width: Int, height: Int) {
        self.frame = frame
        self.prompt = prompt
        self.negativePrompt = negativePrompt
        self.promptBlend = promptBlend
        self.seed = seed
        self.seedBlend = seedBlend
        self.steps = steps
        self.cfg = cfg
        self.sampler = sampler
        self.initImage = initImage
        self.denoisingStrength = denoisingStrength
        self.noiseMultiplier = noiseMultiplier
        self.clipSkip = clipSkip
        self.width = width
        self.height = height
    }
}
