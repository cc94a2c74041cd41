import Animation
import Foundation

extension Zoetrope.Render {
    /// Renders an animatediff-mode run: samples the whole video (or finds its stored latents on
    /// resume), writes the frames as they are decoded, then builds the video.
    func renderVideo(_ renderer: AnimationRenderer) throws {
        var renderer = renderer
        let spec = renderer.plan.spec
        let modelPath = modelOptions.model ?? spec.model
        renderer.modelName = modelPath.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "demo"
        let generator = try makeVideoGenerator(
            modelPath: modelPath, vae: modelOptions.vae, embeddingsDirectory: modelOptions.embeddingsDirectory,
            motionModule: motionModule ?? spec.animatediff.motionModule, motionLoRAs: spec.animatediff.motionLoras, rng: rng,
            quiet: quiet)
        let folder = renderer.folder
        do {
            _ = try renderer.videoRequest()
            if resume == nil { try renderer.createFolder() }
        } catch let error as AnimationError {
            throw UserError(error.description)
        }
        let interrupt = InterruptFlag()
        let bar = RenderProgressBar(quiet: quiet)
        let summary: RenderSummary
        do {
            summary = try renderer.renderVideo(with: generator, shouldStop: interrupt.isSet) { bar.update($0) }
        } catch {
            bar.finish()
            _ = try? folder.buildVideo(spec: spec)
            let message = (error as? AnimationError)?.description ?? "\(error)"
            throw UserError("\(message); the frames so far are in \(folder.url.path); continue with 'zoetrope render --resume \(folder.url.path)'")
        }
        bar.finish()
        let videoStarted = Date()
        let video: URL?
        do { video = try folder.buildVideo(spec: spec) } catch {
            throw UserError("\(folder.url.path): the video could not be built: \(error)")
        }
        if !quiet {
            let timings = generator.timings.total
            Console.note(String(
                format: "time: prompts %.1f s, sampling (UNet + motion modules) %.1f s, VAE decode %.1f s, PNG writing %.1f s, video %.1f s",
                timings.conditioning, timings.sampling, timings.vaeDecode, summary.writingSeconds, Date().timeIntervalSince(videoStarted)))
        }
        var line = "wrote \(folder.url.path): \(folder.framesPresent().count) frames (\(summary.framesWritten) new"
        line += summary.diffusionsReused > 0 ? ", latents from the interrupted run)" : ")"
        if let video { line += ", video \(video.path)" }
        print(line)
        if summary.stopped { Console.note("stopped early; continue with 'zoetrope render --resume \(folder.url.path)'") }
    }
}
