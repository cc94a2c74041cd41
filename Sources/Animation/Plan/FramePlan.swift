/// The camera motion values of one frame, every motion schedule evaluated at it.
public struct FrameMotion: Codable, Sendable, Equatable {
    public var angle: Double
    public var zoom: Double
    public var translationX: Double
    public var translationY: Double
    public var translationZ: Double
    public var transformCenterX: Double
    public var transformCenterY: Double
    public var rotation3DX: Double
    public var rotation3DY: Double
    public var rotation3DZ: Double
    public var fov: Double
    public var near: Double
    public var far: Double
    public var aspectRatio: Double
    public var perspectiveFlipTheta: Double
    public var perspectiveFlipPhi: Double
    public var perspectiveFlipGamma: Double
    public var perspectiveFlipFv: Double
}

/// Every per-frame value of one frame, resolved from the spec's schedules (Deforum reads all of
/// them at every frame; which are used depends on whether the frame is diffused).
public struct FrameParameters: Codable, Sendable, Equatable {
    public var motion: FrameMotion
    /// The part of the previous frame kept, clamped to 0…1 (img2img denoising is 1 − strength).
    public var strength: Double
    /// The strength schedule's raw value (Deforum's legacy colour match tests it for exactly 0).
    public var scheduledStrength: Double
    public var cfg: Double
    /// Requested steps (`int()` of the schedule, at least 1).
    public var steps: Int
    /// The sampler name as written in the spec (validated).
    public var sampler: String
    public var noiseMultiplier: Double
    /// CLIP skip, when the spec schedules it.
    public var clipSkip: Int?
    /// Deforum's contrast gain.
    public var contrast: Double
    /// The amount of frame noise mixed in.
    public var noise: Double
    public var sharpenAmount: Double
    /// The unsharp kernel size (`int()` of the schedule; odd).
    public var sharpenKernel: Int
    public var sharpenSigma: Double
    public var sharpenThreshold: Double
    public var prompt: FramePrompt
}

/// One frame of the output: its parameters, whether a diffusion happens at it, and how the written
/// image is made.
public struct FramePlan: Codable, Sendable, Equatable {
    /// What the diffusion at a frame starts from.
    public enum Start: Codable, Sendable, Equatable {
        /// Pure txt2img.
        case text
        /// img2img of the spec's init image, keeping `strength` of it.
        case initImage(strength: Double)
        /// img2img of the previous frame warped, colour-matched, gained, sharpened and noised.
        case previousFrame(strength: Double)
        /// img2img of the input video's frame.
        case videoFrame(strength: Double)
    }

    /// A diffusion: the generator runs at this frame.
    public struct Diffusion: Codable, Sendable, Equatable {
        /// 0 for the run's first diffusion, then 1, 2, …
        public var ordinal: Int
        /// The generator's seed.
        public var seed: Int64
        /// The seed of Deforum's own frame noise (the seed before a `schedule` override).
        public var noiseSeed: Int64
        public var start: Start
        /// Interpolation mode: the initial noise is slerped toward this seed's noise by `weight`.
        public var seedBlend: SeedBlend?
    }

    /// How the written image is made.
    public enum Output: Codable, Sendable, Equatable {
        /// The diffused image itself.
        case generated
        /// Deforum's cadence cross-fade: `(1 − weight)·previous + weight·next`, where `previous` and
        /// `next` are the images diffused at those frames, each warped frame by frame up to this
        /// one. Without `previous`, or at weight 1, the frame is the warped `next` alone. With
        /// `cadence_blend: "latent"` the mix is made of the two images' VAE latents instead of
        /// their pixels (`FrameGenerator.blendInLatentSpace`).
        case crossFade(previous: Int?, next: Int, weight: Double)
    }

    /// The frame index (0-based).
    public var frame: Int
    public var parameters: FrameParameters
    /// Present when the frame is diffused.
    public var diffusion: Diffusion?
    public var output: Output
}

/// Initial noise interpolated between two seeds' noise (spherical interpolation).
public struct SeedBlend: Codable, Sendable, Equatable {
    /// The seed whose noise is blended in.
    public var seed: Int64
    /// Its weight, in (0, 1).
    public var weight: Double
}
