import Foundation
import Imaging
import Samplers
import StableDiffusion

/// Renders animation frames with a Stable Diffusion pipeline, following A1111's conventions as
/// Deforum runs inside it: img2img samples the last ⌊min(strength, 0.999)·steps⌋ + 1 sigmas, the
/// schedule is k-diffusion's `normal` unless the sampler name asks for another, and the noise
/// multiplier scales the init noise.
public struct PipelineFrameGenerator: FrameGenerator {
    public let pipeline: StableDiffusionPipeline
    /// The random stream seeds refer to (`cuda` reproduces A1111 on an NVIDIA GPU, `cpu` diffusers).
    public var randomSource: RandomSourceKind
    /// The sigma schedule when the sampler name does not name one.
    public var defaultSchedule: ScheduleKind
    /// Where prompts' `<lora:name:weight>` tags are looked up.
    public var loraDirectory: String?
    /// The pipeline's phase timings summed over every frame generated so far.
    public let timings = TimingTotals()

    /// A running sum of `StableDiffusionPipeline.Timings`, shared by the generator's copies.
    public final class TimingTotals: @unchecked Sendable {
        private let lock = NSLock()
        private var sum = StableDiffusionPipeline.Timings()

        /// The sum so far.
        public var total: StableDiffusionPipeline.Timings { lock.withLock { sum } }

        func add(_ timings: StableDiffusionPipeline.Timings) {
            lock.withLock { sum = sum + timings }
        }
    }

    public init(pipeline: StableDiffusionPipeline, randomSource: RandomSourceKind = .cuda, defaultSchedule: ScheduleKind = .normal) {
        self.pipeline = pipeline
        self.randomSource = randomSource
        self.defaultSchedule = defaultSchedule
    }

    public func generate(_ frame: FrameGenerationRequest, progress: (_ step: Int, _ total: Int) -> Void) throws -> RGBImage {
        let (sampler, schedule) = try SamplerKind.parse(frame.sampler)
        var request = GenerationRequest(prompt: frame.prompt)
        request.negativePrompt = frame.negativePrompt
        request.seed = UInt64(bitPattern: frame.seed)
        request.steps = frame.steps
        request.guidanceScale = frame.cfg
        request.sampler = sampler
        request.schedule = schedule ?? defaultSchedule
        request.width = frame.width
        request.height = frame.height
        request.randomSource = randomSource
        request.clipSkip = frame.clipSkip ?? 1
        request.initImage = frame.initImage
        request.strength = frame.denoisingStrength
        request.img2imgSteps = .a1111
        request.noiseMultiplier = frame.noiseMultiplier
        request.promptBlend = frame.promptBlend.map {
            GenerationRequest.PromptBlend(prompt: $0.prompt, negativePrompt: $0.negativePrompt, weight: $0.weight)
        }
        request.loraDirectory = loraDirectory
        request.seedBlend = frame.seedBlend.map { GenerationRequest.SeedBlend(seed: UInt64(bitPattern: $0.seed), weight: $0.weight) }
        let output = try pipeline.generate(request) { step in
            progress(step.step, step.totalSteps)
            return .proceed
        }
        timings.add(output.timings)
        return output.image
    }

    /// `FrameGenerator.blendInLatentSpace` with the pipeline's autoencoder
    /// (`StableDiffusionPipeline.blendInLatentSpace`: the VAE posterior's mean, or TAESD's latents,
    /// mixed and decoded). Its VAE time counts in `timings`.
    public func blendInLatentSpace(_ a: RGBImage, _ b: RGBImage, weight: Double) throws -> RGBImage {
        let output = try pipeline.blendInLatentSpace(a, b, weight: weight)
        timings.add(output.timings)
        return output.image
    }
}
