import Foundation
import Imaging
import StableDiffusion
import VideoIO

/// Rendering of `mode: "animatediff"`: the whole video is sampled at once, its latents stored in
/// the run folder, then the frames are decoded and written one by one. A run stopped while
/// sampling samples again on resume (same seed, same result); a run stopped while decoding only
/// decodes the frames not yet on disk.
extension AnimationRenderer {
    /// Where the sampled latents of an AnimateDiff run are kept.
    var videoLatentsURL: URL { folder.stateURL.appendingPathComponent("animatediff-latents.safetensors") }

    /// The video request of this run: the prompt keys (each evaluated at its frame) and the
    /// sampling settings at frame 0.
    /// - Throws: `AnimationError.invalidSpec` when the run does not start at frame 0.
    public func videoRequest() throws -> VideoGenerationRequest {
        guard plan.firstFrame == 0, let first = plan.frames.first else {
            throw AnimationError.invalidSpec(
                file: file, detail: "animatediff renders the whole video together; it cannot start at frame \(plan.firstFrame)")
        }
        var keys: [VideoGenerationRequest.Key] = []
        for frame in plan.frames {
            let prompt = frame.parameters.prompt
            guard keys.last?.frame != prompt.keyframe, !keys.contains(where: { $0.frame == prompt.keyframe }) else { continue }
            keys.append(.init(frame: max(prompt.keyframe, 0), prompt: prompt.prompt, negativePrompt: prompt.negativePrompt))
        }
        let parameters = first.parameters
        return VideoGenerationRequest(
            keys: keys, frames: plan.spec.frames, width: plan.spec.width, height: plan.spec.height,
            seed: first.diffusion?.seed ?? plan.spec.seed, steps: parameters.steps, cfg: parameters.cfg,
            sampler: parameters.sampler, clipSkip: parameters.clipSkip, settings: plan.spec.animatediff)
    }

    /// Renders the frames of an AnimateDiff run that are not on disk yet.
    /// - Parameters:
    ///   - generator: samples and decodes the video.
    ///   - shouldStop: asked after every sampling step and every frame; true stops (resumable).
    ///   - progress: called after every sampling step and every frame.
    /// - Throws: `AnimationError` naming the frame or file, or the generator's error.
    public func renderVideo(with generator: any VideoGenerator, shouldStop: () -> Bool = { false },
                            progress: (RenderProgress) -> Void = { _ in }) throws -> RenderSummary {
        let request = try videoRequest()
        let total = plan.frames.count
        let missing = plan.frames.map(\.frame).filter { !folder.hasFrame($0) }
        var summary = RenderSummary(framesWritten: 0, framesKept: total - missing.count, diffusionsRun: 0,
                                    diffusionsReused: 0, stopped: false)
        guard !missing.isEmpty else { return summary }
        let started = ContinuousClock.now
        if generator.hasLatents(request, at: videoLatentsURL) {
            summary.diffusionsReused = 1
        } else {
            try generator.sample(request, latents: videoLatentsURL, progress: { step, steps in
                progress(RenderProgress(frame: 0, framesDone: summary.framesKept, framesTotal: total, step: step, steps: steps))
            }, shouldStop: shouldStop)
            guard generator.hasLatents(request, at: videoLatentsURL) else {
                summary.stopped = true
                summary.generationSeconds = StableDiffusionPipeline.Timings.seconds(since: started)
                return summary
            }
            summary.diffusionsRun = 1
        }
        var writing = 0.0
        try generator.decode(request, latents: videoLatentsURL, frames: missing, shouldStop: shouldStop) { index, image in
            let writeStarted = ContinuousClock.now
            let url = folder.frameURL(index)
            do {
                try ImageFile.write(image, to: url, text: FrameText.parameters(videoFrame: index, request: request, motion: generator.motionModuleName, model: modelName))
            } catch {
                throw AnimationError.output(path: url.path, detail: "\(error)")
            }
            writing += StableDiffusionPipeline.Timings.seconds(since: writeStarted)
            summary.framesWritten += 1
            progress(RenderProgress(frame: index, framesDone: summary.framesKept + summary.framesWritten, framesTotal: total,
                                    step: 0, steps: 0))
        }
        summary.stopped = summary.framesKept + summary.framesWritten < total
        summary.writingSeconds = writing
        summary.generationSeconds = StableDiffusionPipeline.Timings.seconds(since: started) - writing
        return summary
    }
}
