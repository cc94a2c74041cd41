import Foundation
import Imaging
import Samplers
import StableDiffusion

/// Renders AnimateDiff videos with `AnimateDiffPipeline`: the spec's prompt keys travel per frame,
/// the first key's negative prompt is used for every frame, and the schedule is diffusers' (the
/// official AnimateDiff pipeline's) unless the sampler name asks for another.
public struct PipelineVideoGenerator: VideoGenerator, Sendable {
    public let pipeline: AnimateDiffPipeline
    /// The random stream the seed refers to.
    public var randomSource: RandomSourceKind
    /// The pipeline's phase timings summed over this generator's work.
    public let timings = PipelineFrameGenerator.TimingTotals()

    public init(pipeline: AnimateDiffPipeline, randomSource: RandomSourceKind = .cpu) {
        self.pipeline = pipeline
        self.randomSource = randomSource
    }

    public var motionModuleName: String { pipeline.motion.name }

    /// The pipeline request of `request`.
    public func pipelineRequest(_ request: VideoGenerationRequest) throws -> AnimateDiffRequest {
        let (sampler, schedule) = try SamplerKind.parse(request.sampler)
        var result = AnimateDiffRequest(prompts: request.keys.map { .init(frame: $0.frame, prompt: $0.prompt) })
        result.negativePrompt = request.keys.first?.negativePrompt ?? ""
        result.frames = request.frames
        result.width = request.width
        result.height = request.height
        result.seed = UInt64(bitPattern: request.seed)
        result.steps = request.steps
        result.guidanceScale = request.cfg
        result.sampler = sampler
        result.schedule = schedule ?? .discrete
        result.randomSource = randomSource
        result.clipSkip = request.clipSkip ?? 1
        let settings = request.settings
        result.travel = settings.promptInterpolation == .slerp ? .slerp : .linear
        result.context = ContextWindowSchedule(
            length: settings.contextLength, stride: settings.contextStride, overlap: settings.contextOverlap,
            closedLoop: settings.closedLoop, kind: Self.kind(settings.contextSchedule))
        result.fusion = Self.fusion(settings.fusion)
        return result
    }

    /// A fingerprint of everything the latents depend on.
    private func fingerprint(_ request: VideoGenerationRequest) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(request), as: UTF8.self)
        return "\(text) model=\(pipeline.model.name) motion=\(pipeline.motion.name) rng=\(randomSource.rawValue)"
    }

    public func hasLatents(_ request: VideoGenerationRequest, at latents: URL) -> Bool {
        guard let fingerprint = try? fingerprint(request) else { return false }
        return AnimateDiffLatents.read(from: latents, fingerprint: fingerprint, shape: latentShape(request)) != nil
    }

    public func sample(_ request: VideoGenerationRequest, latents: URL, progress: (Int, Int) -> Void,
                       shouldStop: () -> Bool) throws {
        let output: AnimateDiffPipeline.Output
        do {
            output = try pipeline.sample(try pipelineRequest(request)) { step in
                progress(step.step, step.totalSteps)
                return shouldStop() ? .stop : .proceed
            }
        } catch PipelineError.cancelled {
            return
        }
        timings.add(output.timings)
        try AnimateDiffLatents.write(output.latents, fingerprint: try fingerprint(request), to: latents)
    }

    public func decode(_ request: VideoGenerationRequest, latents: URL, frames: [Int], shouldStop: () -> Bool,
                       onFrame: (Int, RGBImage) throws -> Void) throws {
        guard let stored = AnimateDiffLatents.read(from: latents, fingerprint: try fingerprint(request), shape: latentShape(request)) else {
            throw AnimationError.output(path: latents.path, detail: "holds no latents of this video; remove it and render again")
        }
        let started = ContinuousClock.now
        defer {
            var decoding = StableDiffusionPipeline.Timings()
            decoding.vaeDecode = StableDiffusionPipeline.Timings.seconds(since: started)
            timings.add(decoding)
        }
        for frame in frames {
            if shouldStop() { return }
            try onFrame(frame, try pipeline.decodeFrame(frame, of: stored))
        }
    }

    private func latentShape(_ request: VideoGenerationRequest) -> [Int] {
        [1, pipeline.model.vae.configuration.latentChannels, request.frames, request.height / 8, request.width / 8]
    }

    private static func kind(_ schedule: AnimationSpec.AnimateDiff.ContextSchedule) -> ContextWindowSchedule.Kind {
        switch schedule {
        case .standardUniform: .standardUniform
        case .loopedUniform: .loopedUniform
        case .standardStatic: .standardStatic
        case .batched: .batched
        }
    }

    private static func fusion(_ fusion: AnimationSpec.AnimateDiff.Fusion) -> ContextFusion {
        switch fusion {
        case .pyramid: .pyramid
        case .flat: .flat
        case .overlapLinear: .overlapLinear
        case .relative: .relative
        }
    }
}
