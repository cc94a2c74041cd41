import DiffusionModels
import Imaging
import Samplers
import Tensors

/// Text-to-video with an AnimateDiff motion module (Guo et al. 2023), step for step as diffusers'
/// `AnimateDiffPipeline` with a CPU `torch.Generator` when the video fits one context window:
/// initial noise drawn as one `[1, 4, frames, h, w]` tensor, classifier-free guidance as one UNet
/// call on `[negative video, positive video]`, the sampler running on the diffusers latent layout so
/// stochastic samplers draw the same noise, and frames decoded one at a time.
///
/// Longer videos are denoised in context windows (AnimateDiff-Evolved's scheme): at every step each
/// window gets its own prediction and overlapping predictions are averaged per frame with the
/// request's fusion weights. Prompt travel gives each frame its own text conditioning.
public struct AnimateDiffPipeline: Sendable {
    public let model: StableDiffusionModel
    public let motion: MotionModel

    public init(model: StableDiffusionModel, motion: MotionModel) {
        self.model = model
        self.motion = motion
    }

    /// The outcome of one video.
    public struct Output: Sendable {
        /// The sampler's final latent before division by the VAE scaling factor, in diffusers'
        /// layout `[1, 4, frames, H/8, W/8]` (`output_type="latent"`).
        public let latents: Tensor
        public let timings: StableDiffusionPipeline.Timings
    }

    /// The scheduler settings sampling uses: the model's, with the motion module's beta schedule and
    /// DDIM ending at ᾱ = 1, as the official inference configs give `DDIMScheduler`.
    public var scheduler: SchedulerConfiguration {
        var configuration = model.scheduler
        configuration.betaSchedule = motion.betaSchedule
        configuration.setAlphaToOne = true
        return configuration
    }

    /// Generates the video: samples the latents, then decodes and hands over each frame in order.
    /// - Parameters:
    ///   - onStep: called after every sampler step; `.stop` cancels with `PipelineError.cancelled`.
    ///   - onFrame: receives each decoded frame (index, image) as soon as it is ready.
    public func generate(
        _ request: AnimateDiffRequest,
        onStep: (StableDiffusionPipeline.Progress) -> StableDiffusionPipeline.ProgressAction = { _ in .proceed },
        onFrame: (Int, RGBImage) throws -> Void
    ) throws -> Output {
        let sampled = try sample(request, onStep: onStep)
        var timings = sampled.timings
        let clock = ContinuousClock.now
        try decodeFrames(sampled.latents, onFrame: onFrame)
        timings.vaeDecode = StableDiffusionPipeline.Timings.seconds(since: clock)
        return Output(latents: sampled.latents, timings: timings)
    }

    /// Samples the video's latents (diffusers layout `[1, 4, frames, h, w]`, not yet divided by the
    /// VAE scaling factor).
    public func sample(
        _ request: AnimateDiffRequest,
        onStep: (StableDiffusionPipeline.Progress) -> StableDiffusionPipeline.ProgressAction = { _ in .proceed }
    ) throws -> Output {
        try request.validate()
        let maxFrames = motion.adapter.configuration.maxFrames
        guard min(request.frames, request.context.length) <= maxFrames else {
            throw PipelineError.invalidRequest(
                field: "context length",
                detail: "\(request.context.length) frames per window, but the \(motion.version.rawValue) motion module \(motion.name) takes at most \(maxFrames)")
        }
        var timings = StableDiffusionPipeline.Timings()
        var clock = ContinuousClock.now
        let (positive, negative) = try conditioning(request)
        timings.conditioning = StableDiffusionPipeline.Timings.seconds(since: clock)
        clock = ContinuousClock.now

        let scheduler = scheduler
        let noise = scheduler.noiseSchedule
        let schedule = try SigmaSchedule.make(
            sampler: request.sampler, kind: request.schedule, steps: request.steps, noise: noise,
            spacing: scheduler.spacing, stepsOffset: scheduler.stepsOffset, finalAlphaIsOne: scheduler.setAlphaToOne)
        var random = request.randomSource.makeSource(seed: request.seed)
        let channels = model.vae.configuration.latentChannels
        let (frames, height, width) = (request.frames, request.height / 8, request.width / 8)
        let start = random.normal(shape: [1, channels, frames, height, width]) * Float(schedule.initialNoiseScale)

        let unet = model.unet
        let timestepCondition = unet.configuration.timeConditionDim.map {
            GuidanceEmbedding.features(Float(request.guidanceScale - 1), dimension: $0)
        }
        let guided = timestepCondition == nil && request.guidanceScale > 1
        let guidance = Float(request.guidanceScale)
        let prediction = scheduler.prediction
        let frameSize = channels * height * width
        TensorWorkspace.release()
        let latents = try Sampling.sample(
            request.sampler, from: start, schedule: schedule, random: &random, eta: request.eta,
            brownianTree: BrownianTreeSeed(request.seed, randomSource: request.randomSource),
            denoise: { x, sigma, step in
                try Task.checkCancellation()
                let timestep = schedule.modelTimestep(sigma: sigma, step: step, noise: noise)
                let input = (x * Parameterization.inputScale(sigma: sigma)).permuted([0, 2, 1, 3, 4])
                    .reshaped([frames, frameSize])
                let windows = request.context.windows(step: step, frames: frames)
                var fused = ContextAccumulator(shape: [frames, channels, height, width])
                var whole: Tensor?
                for window in windows {
                    let count = window.count
                    let windowInput = input.gatherRows(window).reshaped([count, channels, height, width])
                    let windowContext = ConditioningTravel.batch(positive, window: window)
                    let video = VideoBatch(frames: count, motion: motion.adapter, spatialChunk: request.resolvedSpatialChunk)
                    let output: Tensor
                    if guided {
                        let unconditionalContext = Tensor.concatenate(Array(repeating: negative, count: count), axis: 0)
                        let both = try unet(
                            Tensor.concatenate([windowInput, windowInput], axis: 0), timestep: timestep,
                            context: Tensor.concatenate([unconditionalContext, windowContext], axis: 0), video: video)
                        let unconditional = both.slice(axis: 0, 0..<count)
                        output = unconditional + (both.slice(axis: 0, count..<(2 * count)) - unconditional) * guidance
                    } else {
                        let condition = timestepCondition.map { Tensor.concatenate(Array(repeating: $0, count: count), axis: 0) }
                        output = try unet(
                            windowInput, timestep: timestep, context: windowContext, timestepCondition: condition, video: video)
                    }
                    if windows.count == 1 && window == Array(0..<frames) {
                        whole = output
                    } else {
                        let weights = request.fusion.weights(for: window, frames: frames, overlap: request.context.overlap)
                        fused.add(output, window: window, weights: weights)
                    }
                }
                let perFrame = try whole ?? fused.result()
                let modelOutput = perFrame.reshaped([1, frames, channels, height, width]).permuted([0, 2, 1, 3, 4])
                return prediction.denoised(x: x, modelOutput: modelOutput, sigma: sigma)
            },
            onStep: { step, x in
                if onStep(StableDiffusionPipeline.Progress(step: step + 1, totalSteps: schedule.steps, latent: x)) == .stop {
                    throw PipelineError.cancelled
                }
            })
        timings.sampling = StableDiffusionPipeline.Timings.seconds(since: clock)
        TensorWorkspace.release()
        return Output(latents: latents, timings: timings)
    }

    /// Decodes latents `[1, 4, frames, h, w]` one frame at a time (the official pipeline's way of
    /// bounding VAE memory), handing each image to `onFrame` in frame order.
    public func decodeFrames(_ latents: Tensor, onFrame: (Int, RGBImage) throws -> Void) throws {
        for frame in 0..<(latents.rank == 5 ? latents.shape[2] : 0) {
            try Task.checkCancellation()
            try onFrame(frame, try decodeFrame(frame, of: latents))
        }
    }

    /// The image of frame `index` of latents `[1, 4, frames, h, w]`.
    public func decodeFrame(_ index: Int, of latents: Tensor) throws -> RGBImage {
        guard latents.rank == 5, latents.shape[0] == 1, (0..<latents.shape[2]).contains(index) else {
            throw PipelineError.invalidRequest(
                field: "latents", detail: "frame \(index) of latents \(latents.shape), expected [1, 4, frames, h, w]")
        }
        let (channels, height, width) = (latents.shape[1], latents.shape[3], latents.shape[4])
        let frame = latents.slice(axis: 2, index..<(index + 1)).reshaped([1, channels, height, width])
        return try StableDiffusionPipeline(model: model).decode(frame)
    }

    /// Per-frame positive conditionings (`[1, T, D]` each, prompt travel between the keys) and the
    /// negative `[1, T, D]`, all padded to the same token count.
    public func conditioning(_ request: AnimateDiffRequest) throws -> (positive: [Tensor], negative: Tensor) {
        let encoder = model.prompts
        let keys = try request.prompts.map { try encoder.encode($0.prompt, clipSkip: request.clipSkip) }
        var negative = try encoder.encode(request.negativePrompt, clipSkip: request.clipSkip)
        let empty = try encoder.emptyConditioning(clipSkip: request.clipSkip)
        let chunks = max(negative.chunkCount, keys.map(\.chunkCount).max() ?? 1)
        negative = negative.padded(toChunks: chunks, with: empty)
        let padded = keys.map { $0.padded(toChunks: chunks, with: empty).hiddenStates }
        let perFrame = try ConditioningTravel.perFrame(
            keyframes: zip(request.prompts, padded).map { (frame: $0.frame, hiddenStates: $1) }, frames: request.frames,
            interpolation: request.travel, closedLoop: request.context.closedLoop)
        return (perFrame, negative.hiddenStates)
    }
}
