import Imaging

/// Zoetrope's animation spec: the JSON document a user writes to describe an animation.
///
/// JSON keys are the snake_case forms of the property names (`seedBehavior` is `seed_behavior`)
/// and follow Deforum's names where the meaning is the same. Every key is optional and takes the
/// default documented on its field (Deforum's defaults, from deforum-art/sd-webui-deforum
/// `args.py`, unless noted). Per-frame values are keyframe schedule
/// strings (`"0: (1.0), 30: (1.02)"`, see `Schedule`), or plain numbers meaning a constant. Unknown
/// keys are an error naming the key. Decode with `AnimationSpec.decode(_:file:)`, which also reads
/// Deforum settings files.
///
/// ```json
/// { "mode": "2D", "frames": 48, "prompts": { "0": "a lighthouse at dusk", "24": "a lighthouse at night" },
///   "motion": { "zoom": "0: (1.02)" }, "cadence": 2 }
/// ```
public struct AnimationSpec: Codable, Sendable, Equatable {
    /// How frames are made. Default `"2D"`.
    public var mode: AnimationMode = .twoD
    /// Number of frames, indexed 0 … frames−1 (`max_f` = frames−1 in schedules). In video-input
    /// mode the number of frames taken from the video replaces it, as in Deforum. Default 120.
    public var frames: Int = 120
    /// Frames per second of the video. Default 15.
    public var fps: Double = 15
    /// Frame width in pixels, a multiple of 8 from 64 to 8192. Default 512.
    public var width: Int = 512
    /// Frame height in pixels, a multiple of 8 from 64 to 8192. Default 512.
    public var height: Int = 512
    /// The checkpoint to use (a file or diffusers folder); `--model` overrides it. Default null:
    /// the command's default model.
    public var model: String? = nil

    /// The starting seed; -1 draws one at run start (recorded in the output's `settings.json`).
    /// Default -1.
    public var seed: Int64 = -1
    /// How the seed changes after each diffusion. Default `"iter"`.
    public var seedBehavior: SeedBehavior = .iter
    /// With `iter`: add 1 to the seed every N diffusions. Default 1.
    public var seedIterN: Int = 1
    /// With `schedule`: the seed per frame (`s` is the starting seed, -1 draws a random one).
    /// Default Deforum's `0:(s), 1:(-1), "max_f-2":(-1), "max_f-1":(s)`.
    public var seedSchedule: ScheduleString = #"0:(s), 1:(-1), "max_f-2":(-1), "max_f-1":(s)"#

    /// Prompts keyed by frame: a whole number, or an expression in `max_f` and `s` (`"max_f/2"`).
    /// Text after `--neg` is the negative prompt; `` `expr` `` spans are evaluated per frame with the
    /// schedule language (`t`, `max_f`, `s`). Default one prompt at frame 0.
    public var prompts: [String: String] = ["0": "a beautiful lake by a forest, highly detailed, golden hour"]
    /// Joined before every prompt (Deforum's `animation_prompts_positive`). Default "".
    public var positivePrompt: String = ""
    /// Joined after every prompt's negative part (Deforum's `animation_prompts_negative`). Default "".
    public var negativePrompt: String = ""
    /// Blend the conditioning of neighbouring prompts: frame f between keys a < b uses
    /// (1−w)·prompt(a) + w·prompt(b) with w = (f−a)/(b−a). Deforum switches prompts hard in 2D, 3D
    /// and video input; interpolation mode always blends. Default false.
    public var smoothPrompts: Bool = false

    /// The sampler per frame: a name (`"euler_a"`, `"Euler a"`, `"DPM++ 2M Karras"`) or a text
    /// schedule (`0: ("euler_a"), 60: ("dpmpp_2m")`). Default `"euler_a"`.
    public var sampler: ScheduleString = "euler_a"
    /// Sampling steps per frame (whole number). In img2img about ⌊(1−strength)·steps⌋+1 are run.
    /// Default 25.
    public var steps: ScheduleString = "0: (25)"
    /// Classifier-free guidance scale per frame. Default 7.
    public var cfg: ScheduleString = "0: (7)"
    /// How much of the previous frame each new frame keeps (clamped to 0…1; img2img denoising
    /// strength is 1 − this). Not used for the first frame. Default 0.65.
    public var strength: ScheduleString = "0: (0.65)"
    /// img2img initial-noise multiplier per frame (A1111's `initial_noise_multiplier`). Default 1.05,
    /// as Deforum enables it.
    public var noiseMultiplier: ScheduleString = "0: (1.05)"
    /// CLIP skip per frame (1 = last layer); null leaves the model's default. Default null.
    public var clipSkip: ScheduleString? = nil
    /// An image the first frame starts from by img2img (resized to width×height); null makes the
    /// first frame txt2img. Default null.
    public var initImage: String? = nil
    /// How much of `init_image` the first frame keeps (denoising 1 − this). Default 0.8.
    public var initStrength: Double = 0.8

    /// Diffuse every Nth frame; the frames between are cross-faded warps of the two neighbouring
    /// diffusions (Deforum's `diffusion_cadence`). Ignored in interpolation mode, 1 in video input.
    /// Default 2.
    public var cadence: Int = 2
    /// Write the frames after the last diffusion too (cross-faded as usual). Deforum drops them, so
    /// its animations are up to cadence−1 frames short; false reproduces that. Default true.
    public var cadenceTail: Bool = true
    /// How the frames between two diffusions are mixed: `"pixel"` cross-fades the two warped images
    /// pixel by pixel (Deforum); `"latent"` encodes both with the VAE (deterministically: the
    /// posterior mean), mixes the latents with the same weight and decodes the mix, as latent-blend
    /// workflows in Deforum forks and ComfyUI do — sharper in-betweens without double exposure, at
    /// two VAE encodes and one decode per in-between. Diffused images, and frames showing one warped
    /// diffusion alone, are the same either way. No effect when the cadence is 1. Default `"pixel"`.
    public var cadenceBlend: CadenceBlend = .pixel

    public var motion: Motion = Motion()
    public var color: Color = Color()
    public var noise: Noise = Noise()
    public var sharpen: Sharpen = Sharpen()
    public var videoInput: VideoInput = VideoInput()
    /// The motion module and context windows of `mode: "animatediff"`.
    public var animatediff: AnimateDiff = AnimateDiff()
    public var output: Output = Output()

    public init() {}

    /// Camera motion, per frame (Deforum's motion tab). 2D uses angle, zoom, translation x/y, the
    /// transform centre and the perspective flip; 3D uses translation x/y/z, rotation_3d, fov and
    /// the perspective flip.
    public struct Motion: Codable, Sendable, Equatable {
        /// Out-of-frame pixels of the 2D warp and the perspective flip: `"replicate"`, `"wrap"`,
        /// `"reflect"` or `"zeros"`. Default `"replicate"`.
        public var border: BorderMode = .replicate
        /// 3D interpolation: `"bicubic"`, `"bilinear"` or `"nearest"` (Deforum's `sampling_mode`).
        /// Default `"bicubic"`.
        public var sampling: SamplingMode = .bicubic
        /// 3D out-of-frame pixels: `"border"`, `"reflection"` or `"zeros"` (Deforum's
        /// `padding_mode`). Default `"border"`.
        public var padding: PaddingMode = .border
        /// 2D rotation, degrees per frame, counter-clockwise. Default 0.
        public var angle: ScheduleString = "0: (0)"
        /// 2D zoom factor per frame (>1 zooms in). Default Deforum's `0: (1.0025+0.002*sin(1.25*3.14*t/30))`.
        public var zoom: ScheduleString = "0: (1.0025+0.002*sin(1.25*3.14*t/30))"
        /// Pixels per frame in 2D (+x right); camera units in 3D. Default 0.
        public var translationX: ScheduleString = "0: (0)"
        /// Pixels per frame in 2D (+y down); camera units in 3D. Default 0.
        public var translationY: ScheduleString = "0: (0)"
        /// 3D: forward camera motion per frame. Default 1.75.
        public var translationZ: ScheduleString = "0: (1.75)"
        /// 2D rotation/zoom centre as a fraction of the width. Default 0.5.
        public var transformCenterX: ScheduleString = "0: (0.5)"
        /// 2D rotation/zoom centre as a fraction of the height. Default 0.5.
        public var transformCenterY: ScheduleString = "0: (0.5)"
        /// 3D tilt, degrees per frame. Default 0.
        public var rotation3DX: ScheduleString = "0: (0)"
        /// 3D pan, degrees per frame. Default 0.
        public var rotation3DY: ScheduleString = "0: (0)"
        /// 3D roll, degrees per frame. Default 0.
        public var rotation3DZ: ScheduleString = "0: (0)"
        /// 3D field of view in degrees. Default 70.
        public var fov: ScheduleString = "0: (70)"
        /// 3D near plane (does not change the flat-depth warp). Default 200.
        public var near: ScheduleString = "0: (200)"
        /// 3D far plane (does not change the flat-depth warp). Default 10000.
        public var far: ScheduleString = "0: (10000)"
        /// 3D projection aspect (Deforum's `aspect_ratio_schedule`). Default 1.
        public var aspectRatio: ScheduleString = "0: (1)"
        /// 3D: estimate depth with a depth model. Not supported yet; true is refused. Default false
        /// (flat depth, Deforum's `use_depth_warping: false`).
        public var depthWarping: Bool = false
        /// Add Deforum's faux-3D perspective flip. Default false.
        public var perspectiveFlip: Bool = false
        /// Perspective flip roll, degrees per frame. Default 0.
        public var perspectiveFlipTheta: ScheduleString = "0: (0)"
        /// Perspective flip tilt, degrees per frame. Default 0.
        public var perspectiveFlipPhi: ScheduleString = "0: (0)"
        /// Perspective flip pan, degrees per frame. Default 0.
        public var perspectiveFlipGamma: ScheduleString = "0: (0)"
        /// Perspective flip field of view, degrees. Default 53.
        public var perspectiveFlipFv: ScheduleString = "0: (53)"

        public init() {}
    }

    /// Colour handling of each new frame.
    public struct Color: Codable, Sendable, Equatable {
        /// Histogram-match frames to a reference in this colour space. Default `"LAB"`.
        public var coherence: ColorCoherence = .lab
        /// The reference image for `coherence: "Image"`. Default null.
        public var image: String? = nil
        /// Deforum's legacy matching: match only the warped frame, and re-take the reference from
        /// outputs at strength 0. Default false.
        public var legacy: Bool = false
        /// Turn every frame grey. Default false.
        public var grayscale: Bool = false
        /// Deforum's "contrast": a gain on pixel values (wrapping above 255) per frame. Default 1.
        public var contrast: ScheduleString = "0: (1.0)"

        public init() {}
    }

    /// Noise mixed into the warped previous frame before img2img.
    public struct Noise: Codable, Sendable, Equatable {
        /// Amount mixed in per frame (0 = none). Default 0.065.
        public var amount: ScheduleString = "0: (0.065)"
        /// `"perlin"` (white noise modulated by a fractal Perlin field) or `"uniform"` (plain white
        /// Gaussian noise; Deforum's name). Default `"perlin"`.
        public var type: NoiseType = .perlin
        /// Perlin octaves. Default 4.
        public var perlinOctaves: Int = 4
        /// Perlin amplitude factor per octave. Default 0.5.
        public var perlinPersistence: Double = 0.5

        public init() {}
    }

    /// Anti-blur unsharp mask on the warped previous frame (Deforum's anti-blur schedules).
    public struct Sharpen: Codable, Sendable, Equatable {
        /// Strength per frame; 0 or less skips it. Default 0.1.
        public var amount: ScheduleString = "0: (0.1)"
        /// Gaussian kernel size per frame (odd whole number). Default 5.
        public var kernel: ScheduleString = "0: (5)"
        /// Gaussian sigma per frame. Default 1.
        public var sigma: ScheduleString = "0: (1)"
        /// Keep pixels whose difference from the blur is below this. Default 0.
        public var threshold: ScheduleString = "0: (0)"

        public init() {}
    }

    /// The input video of `mode: "video-input"`.
    public struct VideoInput: Codable, Sendable, Equatable {
        /// The video file. Default null (required in video-input mode).
        public var path: String? = nil
        /// Keep source frames whose index is a multiple of this. Default 1.
        public var everyNth: Int = 1
        /// First source frame. Default 0.
        public var fromFrame: Int = 0
        /// Last source frame (inclusive); null = to the end. Default null.
        public var toFrame: Int? = nil
        /// Mux the input video's audio into the output video. Default false.
        public var soundtrack: Bool = false

        public init() {}
    }

    /// The video built from the frames.
    public struct Output: Codable, Sendable, Equatable {
        /// Build a video at the end. Default true.
        public var video: Bool = true
        /// `h264`, `hevc`, `vp9`, `prores`, `gif` or `webp`. Default `"h264"`.
        public var codec: String = "h264"
        /// Constant quality (lower is better); null = the codec's default (17 for H.264, as Deforum).
        /// Default null.
        public var crf: Int? = nil
        /// An audio file muxed in as the soundtrack, cut to the video's length. Default null.
        public var soundtrack: String? = nil

        public init() {}
    }
}
