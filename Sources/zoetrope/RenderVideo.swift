import Animation
import Foundation

extension Zoetrope.Render {
    /// Renders an animatediff-mode run: samples the whole video (or finds its stored latents on
    /// resume), writes the frames as they are decoded, then builds the video.
    func renderVideo(_ renderer: AnimationRenderer) throws {
        let spec = renderer.plan.spec
        let generator = try makeVideoGenerator(
            modelPath: modelOptions.model ?? spec.model, vae: modelOptions.vae, embeddingsDirectory: modelOptions.embeddingsDirectory,
            motionModule: motionModule ?? spec.animatediff.motionModule, motionLoRAs: spec.animatediff.motionLoras, rng: rng,
            quiet: quiet)
        do { _ = try renderer.videoRequest() } catch let error as AnimationError { throw UserError(error.description) }
        let folder = renderer.folder
        let outcome = try run(renderer) { renderer, shouldStop, progress in
            try renderer.renderVideo(with: generator, shouldStop: shouldStop, progress: progress)
        }
        let (summary, video) = (outcome.summary, outcome.video)
        if !quiet {
            let timings = generator.timings.total
            Console.note(String(
                format: "time: prompts %.1f s, sampling (UNet + motion modules) %.1f s, VAE decode %.1f s, PNG writing %.1f s, video %.1f s",
                timings.conditioning, timings.sampling, timings.vaeDecode, summary.writingSeconds, outcome.videoSeconds))
        }
        var line = "wrote \(folder.url.path): \(folder.framesPresent().count) frames (\(summary.framesWritten) new"
        line += summary.diffusionsReused > 0 ? ", latents from the interrupted run)" : ")"
        if let video { line += ", video \(video.path)" }
        print(line)
        if summary.stopped { Console.note("stopped early; continue with 'zoetrope render --resume \(folder.url.path)'") }
    }
}
