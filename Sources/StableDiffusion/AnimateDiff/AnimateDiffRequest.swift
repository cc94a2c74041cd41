import Samplers

/// One AnimateDiff video: keyframed prompts (prompt travel), the sampling settings, and how a
/// video longer than one window is split into context windows. Defaults follow the official
/// inference configs and AnimateDiff-Evolved's (16-frame windows, overlap 4, pyramid fusion).
public struct AnimateDiffRequest: Sendable {
    /// A prompt that holds from `frame` on; frames between two keys travel between their conditionings.
    public struct PromptKey: Sendable, Equatable {
        public var frame: Int
        public var prompt: String

        public init(frame: Int, prompt: String) {
            self.frame = frame
            self.prompt = prompt
        }
    }

    /// Keyframed prompts (at least one); A1111 attention syntax allowed.
    public var prompts: [PromptKey]
    /// The negative prompt, the same for every frame.
    public var negativePrompt = ""
    public var frames = 16
    public var seed: UInt64 = 0
    public var steps = 20
    public var guidanceScale = 7.5
    /// The official pipeline samples with DDIM; ancestral samplers add fresh noise every step and flicker.
    public var sampler = SamplerKind.ddim
    public var schedule = ScheduleKind.discrete
    public var width = 512
    public var height = 512
    public var randomSource = RandomSourceKind.cpu
    public var clipSkip = 1
    public var eta: Double?
    /// How prompt conditionings are interpolated between keys.
    public var travel = ConditioningTravel.Interpolation.linear
    /// The context windows of long videos (a video no longer than `context.length` is one window).
    public var context = ContextWindowSchedule()
    /// How overlapping windows' predictions are averaged.
    public var fusion = ContextFusion.pyramid
    /// Frames the per-frame UNet layers process at a time (memory against speed; results do not
    /// depend on it). Nil: as many as hold 16,384 latent pixels together (16 frames at 256², 4 at
    /// 512²): at 256² that took a UNet step of the image layers from 28.3 s (4) to 25.0 s (16) for
    /// 0.65 GB more peak memory.
    public var spatialChunk: Int?

    /// `spatialChunk`, or the automatic choice for this size.
    public var resolvedSpatialChunk: Int {
        spatialChunk ?? max(4, 16_384 / ((width / 8) * (height / 8)))
    }

    public init(prompts: [PromptKey]) {
        self.prompts = prompts
    }

    /// Checks ranges, naming the field and what is allowed.
    public func validate() throws {
        guard frames >= 1 else { throw PipelineError.invalidRequest(field: "frames", detail: "\(frames) must be at least 1") }
        guard let first = prompts.first else { throw PipelineError.invalidRequest(field: "prompts", detail: "at least one prompt is needed") }
        for (previous, next) in zip(prompts, prompts.dropFirst()) where next.frame <= previous.frame {
            throw PipelineError.invalidRequest(
                field: "prompts", detail: "keyframe \(next.frame) follows \(previous.frame); keys must increase")
        }
        guard first.frame >= 0 else { throw PipelineError.invalidRequest(field: "prompts", detail: "keyframe \(first.frame) is negative") }
        guard width > 0, height > 0, width % 8 == 0, height % 8 == 0, width <= 4096, height <= 4096 else {
            throw PipelineError.invalidRequest(field: "width/height", detail: "\(width)×\(height) must be multiples of 8 within 8…4096")
        }
        guard steps >= 1 else { throw PipelineError.invalidRequest(field: "steps", detail: "\(steps) must be at least 1") }
        guard guidanceScale.isFinite else { throw PipelineError.invalidRequest(field: "cfg", detail: "must be a finite number") }
        guard clipSkip >= 1 else { throw PipelineError.invalidRequest(field: "clip skip", detail: "\(clipSkip) must be at least 1") }
        if let spatialChunk, spatialChunk < 1 {
            throw PipelineError.invalidRequest(field: "spatial chunk", detail: "\(spatialChunk) must be at least 1")
        }
        try context.validate()
    }
}
