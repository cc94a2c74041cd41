import DiffusionModels
import Imaging
import Samplers
import Tensors

/// txt2img and img2img with a Stable Diffusion 1.x model, step for step as diffusers'
/// `StableDiffusionPipeline` / `StableDiffusionImg2ImgPipeline` with a CPU `torch.Generator`:
/// the same random draws in the same order, classifier-free guidance as one batched UNet call
/// (`[negative, positive]`), the scheduler's sigmas and timesteps, and the same VAE scaling.
public struct StableDiffusionPipeline: Sendable {
    public let model: StableDiffusionModel

    public init(model: StableDiffusionModel) {
        self.model = model
    }

    /// What a progress callback learns after each sampler step.
    public struct Progress {
        /// Steps done (1-based) and the total for this run.
        public let step: Int
        public let totalSteps: Int
        /// The current latent in k-diffusion space (x₀ + σ·ε).
        public let latent: Tensor

        /// A cheap RGB preview of the current latent (1/8 size).
        public func preview() -> RGBImage { LatentPreview.image(latent) }
    }

    /// A progress callback's answer.
    public enum ProgressAction: Sendable {
        case proceed
        case stop
    }

    /// The outcome of one generation.
    public struct Output: Sendable {
        /// The sampler's final latent, before division by the VAE scaling factor (diffusers'
        /// `output_type="latent"`): [1, 4, H/8, W/8].
        public let latents: Tensor
        public let image: RGBImage
        /// Where the time went.
        public let timings: Timings
    }

    /// Wall-clock seconds per phase of one generation.
    public struct Timings: Sendable, Equatable {
        /// Prompt encoding (cached prompts cost nothing).
        public var conditioning = 0.0
        /// The init image through the VAE (img2img).
        public var vaeEncode = 0.0
        /// The sampler's UNet evaluations.
        public var sampling = 0.0
        /// The final latent through the VAE.
        public var vaeDecode = 0.0

        public init() {}

        /// Wall-clock seconds from `start` to `end` (now by default): how every phase here is timed.
        public static func seconds(since start: ContinuousClock.Instant, until end: ContinuousClock.Instant = .now) -> Double {
            (end - start) / .seconds(1)
        }

        public static func + (a: Timings, b: Timings) -> Timings {
            var sum = a
            sum.conditioning += b.conditioning
            sum.vaeEncode += b.vaeEncode
            sum.sampling += b.sampling
            sum.vaeDecode += b.vaeDecode
            return sum
        }
    }

    /// Generates one image.
    /// - Parameters:
    ///   - conditioning: replaces the conditioning of `request.prompt` / `negativePrompt` (for
    ///     prompt blends); nil encodes the request's prompts.
    ///   - initialNoise: replaces the seed's first draw (unit normal, [1, 4, H/8, W/8]), for
    ///     interpolating between seeds; later draws still come from the seed's stream.
    ///   - onStep: called after every sampler step; `.stop` cancels with `PipelineError.cancelled`.
    public func generate(
        _ request: GenerationRequest, conditioning: (positive: PromptConditioning, negative: PromptConditioning)? = nil,
        initialNoise: Tensor? = nil, onStep: (Progress) -> ProgressAction = { _ in .proceed }
    ) throws -> Output {
        try request.validate()
        if let adapted = try loraAdapted(request) {
            return try adapted.pipeline.generate(adapted.request, conditioning: conditioning, initialNoise: initialNoise, onStep: onStep)
        }
        var timings = Timings()
        var clock = ContinuousClock.now
        func lap() -> Double {
            let now = ContinuousClock.now
            defer { clock = now }
            return Timings.seconds(since: clock, until: now)
        }
        let (positive, negative) = try conditioning ?? encodePrompts(request)
        timings.conditioning = lap()
        var random = request.randomSource.makeSource(seed: request.seed)
        let latentShape = [1, model.vae.configuration.latentChannels, request.height / 8, request.width / 8]
        if let initialNoise, initialNoise.shape != latentShape {
            throw PipelineError.invalidRequest(field: "initial noise", detail: "has shape \(initialNoise.shape), expected \(latentShape)")
        }
        let noise = model.scheduler.noiseSchedule
        var schedule = try SigmaSchedule.make(
            sampler: request.sampler, kind: request.schedule, steps: request.steps, noise: noise,
            spacing: model.scheduler.spacing, stepsOffset: model.scheduler.stepsOffset,
            finalAlphaIsOne: model.scheduler.setAlphaToOne)

        let start: Tensor
        if let initImage = request.initImage {
            schedule = try img2imgSchedule(schedule, request: request)
            _ = lap()
            let latent = try encode(initImage, random: &random, tiled: request.usesVAETiling)
            timings.vaeEncode = lap()
            let draw = try initialNoise ?? firstDraw(&random, shape: latent.shape, request: request)
            let multiplier = Float(request.noiseMultiplier)
            start = schedule.addNoise(to: latent, noise: multiplier == 1 ? draw : draw * multiplier)
        } else {
            let draw = try initialNoise ?? firstDraw(&random, shape: latentShape, request: request)
            start = draw * Float(schedule.initialNoiseScale)
        }

        TensorWorkspace.release()
        _ = lap()
        // An LCM UNet takes the guidance scale as an embedding instead of a second pass
        // (diffusers' LatentConsistencyModelPipeline: w = guidance_scale − 1, no CFG).
        let unet = model.unet
        let timestepCondition = unet.configuration.timeConditionDim.map {
            GuidanceEmbedding.features(Float(request.guidanceScale - 1), dimension: $0)
        }
        let context = guidanceContext(
            positive: positive, negative: negative, scale: timestepCondition == nil ? request.guidanceScale : 1)
        let prediction = model.scheduler.prediction
        let guidance = Float(request.guidanceScale)
        let latents = try Sampling.sample(
            request.sampler, from: start, schedule: schedule, random: &random, eta: request.eta,
            brownianTree: BrownianTreeSeed(request.seed, randomSource: request.randomSource),
            denoise: { x, sigma, step in
                try Task.checkCancellation()
                let input = x * Parameterization.inputScale(sigma: sigma)
                let timestep = schedule.modelTimestep(sigma: sigma, step: step, noise: noise)
                let output: Tensor
                if context.shape[0] == 2 {
                    let both = try unet(Tensor.concatenate([input, input], axis: 0), timestep: timestep, context: context)
                    let unconditional = both.slice(axis: 0, 0..<1)
                    let conditional = both.slice(axis: 0, 1..<2)
                    output = unconditional + (conditional - unconditional) * guidance
                } else {
                    output = try unet(input, timestep: timestep, context: context, timestepCondition: timestepCondition)
                }
                return prediction.denoised(x: x, modelOutput: output, sigma: sigma)
            },
            onStep: { step, x in
                if onStep(Progress(step: step + 1, totalSteps: schedule.steps, latent: x)) == .stop {
                    throw PipelineError.cancelled
                }
            })
        timings.sampling = lap()
        TensorWorkspace.release()
        let image = try decode(latents, tiled: request.usesVAETiling)
        timings.vaeDecode = lap()
        return Output(latents: latents, image: image, timings: timings)
    }

    /// The part of `schedule` an img2img run samples, by the request's convention.
    private func img2imgSchedule(_ schedule: SigmaSchedule, request: GenerationRequest) throws -> SigmaSchedule {
        switch request.img2imgSteps {
        case .diffusers:
            return try schedule.img2img(strength: request.strength)
        case .a1111:
            let encodedSteps = Int(min(request.strength, 0.999) * Double(schedule.steps))
            let start = max(schedule.steps - encodedSteps - 1, 0)
            return SigmaSchedule(
                sigmas: Array(schedule.sigmas[start...]), timesteps: Array(schedule.timesteps[start...]),
                initialNoiseScale: schedule.initialNoiseScale, kind: schedule.kind)
        }
    }

    /// The seed's first noise draw, slerped with the blend seed's first draw when the request has one.
    private func firstDraw(_ random: inout any RandomSource, shape: [Int], request: GenerationRequest) throws -> Tensor {
        let own = random.normal(shape: shape)
        guard let blend = request.seedBlend, blend.weight > 0 else { return own }
        var other = request.randomSource.makeSource(seed: blend.seed)
        return NoiseInterpolation.slerp(own, other.normal(shape: shape), weight: blend.weight)
    }

    /// The positive and negative conditioning of `request` (blended when it has a prompt blend),
    /// padded to the same chunk count.
    public func encodePrompts(_ request: GenerationRequest) throws -> (positive: PromptConditioning, negative: PromptConditioning) {
        if let adapted = try loraAdapted(request) { return try adapted.pipeline.encodePrompts(adapted.request) }
        var positive = try model.prompts.encode(request.prompt, clipSkip: request.clipSkip)
        var negative = try model.prompts.encode(request.negativePrompt, clipSkip: request.clipSkip)
        let empty = try model.prompts.emptyConditioning(clipSkip: request.clipSkip)
        if let blend = request.promptBlend, blend.weight > 0 {
            let otherPositive = try model.prompts.encode(blend.prompt, clipSkip: request.clipSkip)
            let otherNegative = try model.prompts.encode(blend.negativePrompt, clipSkip: request.clipSkip)
            positive = PromptConditioning.blend([(positive, 1 - blend.weight), (otherPositive, blend.weight)], padding: empty)
            negative = PromptConditioning.blend([(negative, 1 - blend.weight), (otherNegative, blend.weight)], padding: empty)
        }
        let chunks = max(positive.chunkCount, negative.chunkCount)
        return (positive.padded(toChunks: chunks, with: empty), negative.padded(toChunks: chunks, with: empty))
    }

    /// `[negative, positive]` stacked for one guided UNet call, or the positive alone when the
    /// guidance scale makes the negative irrelevant (diffusers: guidance only above 1).
    private func guidanceContext(positive: PromptConditioning, negative: PromptConditioning, scale: Double) -> Tensor {
        guard scale > 1 else { return positive.hiddenStates }
        let chunks = max(positive.chunkCount, negative.chunkCount)
        let padded = [negative, positive].map { part in
            part.chunkCount == chunks ? part.hiddenStates : part.padded(toChunks: chunks, with: negative).hiddenStates
        }
        return Tensor.concatenate(padded, axis: 0)
    }

    /// The scaled latent of `image` (with the VAE a sample of its posterior, drawing from `random` as
    /// diffusers' `latent_dist.sample(generator)` does, times the scaling factor; with TAESD its latents).
    /// `tiled` runs the KL VAE in overlapping tiles.
    public func encode(_ image: RGBImage, random: inout any RandomSource, tiled: Bool = false) throws -> Tensor {
        let pixels = Tensor(shape: [1, 3, image.height, image.width], scalars: image.planarSigned())
        return try model.autoencoder.encode(pixels, random: &random, tiled: tiled)
    }

    /// The image of a latent as diffusers returns it (divided by the scaling factor, decoded,
    /// mapped to 8 bits), with TAESD when the model has one.
    public func decode(_ latents: Tensor, tiled: Bool = false) throws -> RGBImage {
        let image = try model.autoencoder.decode(latents, tiled: tiled)
        let (height, width) = (image.shape[2], image.shape[3])
        return RGBImage(planarSigned: image.slice(axis: 0, 0..<1).scalars, width: width, height: height)
    }
}
