import Imaging
import Samplers

/// Everything one image generation needs besides the model (DESIGN.md §2's txt2img/img2img options).
public struct GenerationRequest: Sendable, Equatable {
    public var prompt: String
    public var negativePrompt = ""
    /// The seed of the random stream; the same seed gives the same image as diffusers (`cpu`) or
    /// A1111 (`cuda`) for the same settings.
    public var seed: UInt64 = 0
    public var steps = 20
    /// Classifier-free guidance scale; at 1 or below only the positive prompt is evaluated.
    public var guidanceScale = 7.5
    public var sampler = SamplerKind.euler
    public var schedule = ScheduleKind.discrete
    public var width = 512
    public var height = 512
    public var randomSource = RandomSourceKind.cpu
    /// A1111's clip skip (1 = the last layer).
    public var clipSkip = 1
    /// Noise amount of the ancestral/SDE samplers and DDIM (nil: the sampler's default).
    public var eta: Double?
    /// For img2img: the starting image (resized to `width`×`height` by the caller) and how much of
    /// the schedule to run over it (0 keeps the image, 1 ignores it).
    public var initImage: RGBImage?
    public var strength = 0.75
    /// A second prompt mixed into the conditioning: `(1 − w)·cond(prompt) + w·cond(blend)`, and
    /// the same for the negatives (prompt interpolation, Deforum's smooth prompt blends).
    public var promptBlend: PromptBlend?
    /// A second seed whose first noise draw is spherically interpolated with this seed's
    /// (`slerp(noise(seed), noise(blend.seed), w)`, the stable-diffusion-videos method).
    public var seedBlend: SeedBlend?
    /// LoRAs merged into the model for this request, besides the prompt's `<lora:name:weight>` tags.
    public var loras: [LoRASelection] = []
    /// Where LoRAs named by the prompt or `loras` are looked up (`--lora-dir`).
    public var loraDirectory: String?
    /// Whether the VAE works in overlapping tiles (bounded memory for large frames); nil tiles
    /// automatically above 1024×1024 pixels.
    public var vaeTiling: Bool?

    /// Whether this request's VAE passes are tiled.
    public var usesVAETiling: Bool { vaeTiling ?? (width * height > 1024 * 1024) }

    /// How img2img shortens the schedule for `strength`.
    public var img2imgSteps = Img2ImgSteps.diffusers
    /// img2img: the noise added to the init latent is scaled by this (A1111's
    /// `initial_noise_multiplier`, which Deforum schedules as `noise_multiplier`).
    public var noiseMultiplier = 1.0

    public struct PromptBlend: Sendable, Equatable {
        public var prompt: String
        public var negativePrompt: String
        /// The blend's weight, in [0, 1].
        public var weight: Double

        public init(prompt: String, negativePrompt: String, weight: Double) {
            self.prompt = prompt
            self.negativePrompt = negativePrompt
            self.weight = weight
        }
    }

    public struct SeedBlend: Sendable, Equatable {
        public var seed: UInt64
        /// The blend's weight, in [0, 1].
        public var weight: Double

        public init(seed: UInt64, weight: Double) {
            self.seed = seed
            self.weight = weight
        }
    }

    /// The two conventions for how many of `steps` an img2img run samples.
    public enum Img2ImgSteps: String, Sendable, Equatable, Codable {
        /// diffusers' `get_timesteps`: the last ⌊steps·strength⌋ steps of the `steps`-step schedule.
        case diffusers
        /// A1111's k-diffusion img2img (and so Deforum's): the last ⌊min(strength, 0.999)·steps⌋ + 1
        /// sigmas of the `steps`-step schedule.
        case a1111
    }

    public init(prompt: String) {
        self.prompt = prompt
    }

    /// Checks ranges, naming the field and what is allowed.
    public func validate() throws(PipelineError) {
        guard width > 0, height > 0, width % 8 == 0, height % 8 == 0 else {
            throw .invalidRequest(field: "width/height", detail: "\(width)×\(height) must be positive multiples of 8")
        }
        guard width <= 4096, height <= 4096 else {
            throw .invalidRequest(field: "width/height", detail: "\(width)×\(height) exceeds 4096")
        }
        guard steps >= 1 else { throw .invalidRequest(field: "steps", detail: "\(steps) must be at least 1") }
        guard guidanceScale.isFinite else { throw .invalidRequest(field: "cfg", detail: "must be a finite number") }
        guard noiseMultiplier.isFinite, noiseMultiplier >= 0 else {
            throw .invalidRequest(field: "noise multiplier", detail: "\(noiseMultiplier) must be a non-negative number")
        }
        for (name, weight) in [("prompt blend", promptBlend?.weight), ("seed blend", seedBlend?.weight)] {
            if let weight, !(0...1).contains(weight) {
                throw .invalidRequest(field: name, detail: "weight \(weight) must be within [0, 1]")
            }
        }
        guard clipSkip >= 1 else { throw .invalidRequest(field: "clip skip", detail: "\(clipSkip) must be at least 1") }
        if initImage != nil {
            guard strength >= 0, strength <= 1 else {
                throw .invalidRequest(field: "strength", detail: "\(strength) must be within [0, 1]")
            }
        }
        if let initImage, initImage.width != width || initImage.height != height {
            throw .invalidRequest(
                field: "init image", detail: "is \(initImage.width)×\(initImage.height), expected \(width)×\(height)")
        }
    }
}
