import Foundation
import Imaging
import StableDiffusion
import VideoIO

/// The state of one `AnimationRenderer.render` call: Deforum's loop variables (`prev_img`,
/// `color_match_sample`, the two cadence chains) and the counts reported back.
struct RenderLoop {
    /// A diffused image warped frame by frame (Deforum's `turbo_prev`/`turbo_next`).
    struct Chain {
        var image: RGBImage
        /// The last frame whose motion it has been warped with.
        var index: Int
    }

    let renderer: AnimationRenderer
    let generator: any FrameGenerator
    let lastFrame: Int
    let progress: (RenderProgress) -> Void
    let framesTotal: Int
    var spec: AnimationSpec { renderer.plan.spec }

    /// Frames waiting to be written: the current diffusion's cadence block.
    var pending: [FramePlan] = []
    /// Deforum's `color_match_sample`.
    var reference: RGBImage?
    /// Deforum's `prev_img`: the last frame made.
    var last: RGBImage?
    /// The chains of the two most recent diffusions, by their frame.
    var chains: [Int: Chain] = [:]
    var video: InputVideo?
    var framesDone = 0
    var summary = RenderSummary(framesWritten: 0, framesKept: 0, diffusionsRun: 0, diffusionsReused: 0, stopped: false)

    init(renderer: AnimationRenderer, generator: any FrameGenerator, lastFrame: Int?,
         progress: @escaping (RenderProgress) -> Void) throws {
        self.renderer = renderer
        self.generator = generator
        self.lastFrame = min(lastFrame ?? Int.max, renderer.plan.frames.last?.frame ?? -1)
        self.progress = progress
        framesTotal = renderer.frameCount(through: lastFrame)
        let spec = renderer.plan.spec
        if spec.mode != .interpolation, spec.color.coherence == .image, let path = spec.color.image {
            reference = renderer.effects.fit(try readImage(path, key: "color.image"), width: spec.width, height: spec.height)
        }
    }

    private func readImage(_ path: String, key: String) throws -> RGBImage {
        do {
            return try ImageFile.read(URL(fileURLWithPath: path))
        } catch {
            throw AnimationError.invalidSpec(file: renderer.file, detail: "\(key): \(error)")
        }
    }

    private func report(frame: Int, step: Int = 0, steps: Int = 0) {
        progress(RenderProgress(frame: frame, framesDone: framesDone, framesTotal: framesTotal, step: step, steps: steps))
    }

    // MARK: Diffusion

    /// Steps 2–4 of the loop for the diffused frame `plan`, or reading its stored output back.
    mutating func diffuse(_ plan: FramePlan) throws {
        guard let diffusion = plan.diffusion else { return }
        let folder = renderer.folder
        let stored = folder.storedDiffusion(plan.frame, width: spec.width, height: spec.height)
        var initImage: RGBImage?
        var usedInit = true
        switch diffusion.start {
        case .text:
            usedInit = false
        case .initImage:
            if stored == nil, let path = spec.initImage {
                initImage = renderer.effects.fit(try readImage(path, key: "init_image"), width: spec.width, height: spec.height)
            }
        case .previousFrame:
            guard let last else { throw AnimationError.generation(frame: plan.frame, detail: "no previous frame to start from") }
            let takesReference = spec.color.coherence != .none && reference == nil
            if stored == nil || takesReference {
                let warped = renderer.effects.warp(last, motion: plan.parameters.motion, spec: spec)
                if stored == nil {
                    initImage = try renderer.effects.prepareInit(warped, plan: plan, spec: spec, reference: &reference)
                } else {
                    reference = warped
                }
            }
        case .videoFrame:
            if stored == nil {
                if video == nil { video = try InputVideo(spec: spec, file: renderer.file) }
                initImage = try video?.frame(plan.frame)
            }
        }

        var output: RGBImage
        if let stored {
            output = stored
            summary.diffusionsReused += 1
        } else {
            output = try generate(plan, diffusion: diffusion, initImage: initImage)
            output = postProcess(output, plan: plan)
            try write(output, to: folder.diffusedURL(plan.frame))
            summary.diffusionsRun += 1
        }
        let legacy = spec.color.legacy
        if spec.mode != .interpolation, spec.color.coherence != .image,
           (!legacy && !usedInit) || (legacy && plan.parameters.scheduledStrength == 0) {
            reference = output
        }
        last = output
        chains = chains.filter { $0.key > plan.frame - 2 * renderer.plan.cadence }
        chains[plan.frame] = Chain(image: output, index: plan.frame)
    }

    private mutating func generate(_ plan: FramePlan, diffusion: FramePlan.Diffusion, initImage: RGBImage?) throws -> RGBImage {
        let parameters = plan.parameters
        var denoising = 1.0
        switch diffusion.start {
        case .text: break
        case .initImage(let strength), .previousFrame(let strength), .videoFrame(let strength): denoising = 1 - strength
        }
        let request = FrameGenerationRequest(
            frame: plan.frame, prompt: parameters.prompt.prompt, negativePrompt: parameters.prompt.negativePrompt,
            promptBlend: parameters.prompt.blend, seed: diffusion.seed, seedBlend: diffusion.seedBlend,
            steps: parameters.steps, cfg: parameters.cfg, sampler: parameters.sampler, initImage: initImage,
            denoisingStrength: denoising, noiseMultiplier: parameters.noiseMultiplier, clipSkip: parameters.clipSkip,
            width: spec.width, height: spec.height)
        report(frame: plan.frame)
        let image: RGBImage
        do {
            let started = ContinuousClock.now
            image = try generator.generate(request) { step, total in report(frame: plan.frame, step: step, steps: total) }
            summary.generationSeconds += StableDiffusionPipeline.Timings.seconds(since: started)
        } catch let error as AnimationError {
            throw error
        } catch {
            throw AnimationError.generation(frame: plan.frame, detail: "\(error)")
        }
        guard image.width == spec.width, image.height == spec.height else {
            throw AnimationError.generation(frame: plan.frame, detail: "the generator made a \(image.width)×\(image.height) image, not \(spec.width)×\(spec.height)")
        }
        return image
    }

    /// Deforum's steps after generation: colour match (to an image reference at the first frame,
    /// else to the reference unless legacy), then greyscale.
    private func postProcess(_ image: RGBImage, plan: FramePlan) -> RGBImage {
        var output = image
        let coherence = spec.color.coherence
        if spec.mode != .interpolation, coherence != .none, let reference {
            let isFirst = plan.frame == renderer.plan.firstFrame
            if (isFirst && coherence == .image) || !spec.color.legacy {
                output = renderer.effects.matchColours(output, to: reference, coherence: coherence)
            }
        }
        if spec.color.grayscale { output = output.greyscale() }
        return output
    }

    // MARK: Frames

    /// Step 1: writes the pending frames (the last diffusion's cadence block).
    mutating func emitPending() throws {
        for plan in pending {
            let kept = renderer.folder.hasFrame(plan.frame)
            let image = try frameImage(plan, kept: kept)
            last = image
            if kept {
                summary.framesKept += 1
            } else {
                try write(image, to: renderer.folder.frameURL(plan.frame),
                          text: FrameText.parameters(plan, spec: spec, model: renderer.modelName))
                summary.framesWritten += 1
            }
            framesDone += 1
            report(frame: plan.frame)
        }
        pending = []
    }

    /// The image of a frame: the diffused image, or the cadence cross-fade of the two chains, each
    /// warped up to this frame (Deforum warps a chain only when the frame is past its last warp).
    /// A latent in-between already on disk (`kept`) is read back rather than blended again: the
    /// blend is deterministic, so the file holds exactly its pixels, and it costs three VAE passes.
    private mutating func frameImage(_ plan: FramePlan, kept: Bool) throws -> RGBImage {
        switch plan.output {
        case .generated:
            guard let chain = chains[plan.frame] else { throw AnimationError.generation(frame: plan.frame, detail: "no image was diffused") }
            return chain.image
        case .crossFade(let previous, let next, let weight):
            guard let nextImage = advance(next, to: plan) else {
                throw AnimationError.generation(frame: plan.frame, detail: "no image was diffused at frame \(next)")
            }
            var image = nextImage
            if let previous, weight < 1, let previousImage = advance(previous, to: plan) {
                switch spec.cadenceBlend {
                case .pixel:
                    image = RGBImage.blend(previousImage, nextImage, t: weight)
                case .latent:
                    if kept, let stored = renderer.folder.storedFrame(plan.frame, width: spec.width, height: spec.height) {
                        return stored
                    }
                    image = try blendInLatentSpace(previousImage, nextImage, weight: weight, frame: plan.frame)
                }
            }
            if spec.color.grayscale { image = image.greyscale() }
            return image
        }
    }

    /// A cadence in-between made by the generator in latent space (`cadence_blend: "latent"`).
    private mutating func blendInLatentSpace(_ previous: RGBImage, _ next: RGBImage, weight: Double, frame: Int) throws -> RGBImage {
        let image: RGBImage
        do {
            let started = ContinuousClock.now
            image = try generator.blendInLatentSpace(previous, next, weight: weight)
            summary.generationSeconds += StableDiffusionPipeline.Timings.seconds(since: started)
        } catch let error as AnimationError {
            throw error
        } catch {
            throw AnimationError.generation(frame: frame, detail: "\(error)")
        }
        guard image.width == spec.width, image.height == spec.height else {
            throw AnimationError.generation(frame: frame, detail: "the latent blend made a \(image.width)×\(image.height) image, not \(spec.width)×\(spec.height)")
        }
        summary.latentBlends += 1
        return image
    }

    /// The chain of the diffusion at `frame`, warped with `plan`'s motion if it is behind.
    private mutating func advance(_ frame: Int, to plan: FramePlan) -> RGBImage? {
        guard var chain = chains[frame] else { return nil }
        if plan.frame > chain.index {
            chain.image = renderer.effects.warp(chain.image, motion: plan.parameters.motion, spec: spec)
            chain.index = plan.frame
            chains[frame] = chain
        }
        return chain.image
    }

    /// Writes a PNG through a temporary file and a rename (`ImageFile.write`).
    private mutating func write(_ image: RGBImage, to url: URL, text: [String: String] = [:]) throws {
        let started = ContinuousClock.now
        defer { summary.writingSeconds += StableDiffusionPipeline.Timings.seconds(since: started) }
        do {
            try ImageFile.write(image, to: url, text: text)
        } catch {
            throw AnimationError.output(path: url.path, detail: "\(error)")
        }
    }
}
