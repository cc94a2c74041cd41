import Animation
import ArgumentParser
import Foundation

extension Zoetrope {
    /// `zoetrope render`: renders an animation spec, a Deforum settings file or a built-in preset
    /// to PNG frames and a video, resumably.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Renders an animation spec or a Deforum settings file to frames and a video.",
            discussion: """
                SPEC is a Zoetrope animation spec (JSON), a Deforum settings file (settings.txt, from a run \
                or saved from its UI; detected by its keys) or the name of a built-in preset \
                ('zoetrope presets list'). Frames go to DIR/frame_00000.png … with A1111-style parameters, \
                the resolved spec to DIR/settings.json and the video to DIR/DIR.mp4 (the spec's codec). \
                Every frame is on disk before the next diffusion starts: after Ctrl-C, an error or a crash, \
                'zoetrope render --resume DIR' continues and writes exactly the frames an uninterrupted run \
                would. --plan prints every frame's resolved parameters as JSON and renders nothing. \
                A spec with "mode": "animatediff" denoises all frames together with an AnimateDiff motion \
                module (--motion-module or the spec's animatediff.motion_module; the demo model has a \
                built-in one).
                """)

        @Argument(help: "The spec: a JSON file, a Deforum settings file or a preset name (optional with --resume).")
        var spec: String?

        @OptionGroup var modelOptions: ModelOptions

        @Option(help: "Seeds' random stream: cuda (A1111's GPU noise, as Deforum users get; default) or cpu (diffusers/ComfyUI).")
        var rng: String = "cuda"

        @Option(name: .customLong("motion-module"), help: "animatediff mode: the motion module (overrides the spec's animatediff.motion_module).")
        var motionModule: String?

        @Option(help: "The output folder (default: renders/<spec name>-<date and time>).")
        var output: String?

        @Option(help: "Continue the run in this folder.")
        var resume: String?

        @Option(name: .customLong("from-frame"), help: "Start at this frame (rounded down to a diffused frame).")
        var fromFrame: Int?

        @Option(name: .customLong("to-frame"), help: "Stop after this frame (resumable later).")
        var toFrame: Int?

        @Flag(help: "Print the resolved per-frame plan as JSON instead of rendering.")
        var plan = false

        @Flag(help: "No progress output.")
        var quiet = false

        func validate() throws {
            if spec == nil && resume == nil { throw ValidationError("give a SPEC, or --resume DIR") }
            if resume != nil && output != nil { throw ValidationError("--resume continues in its own folder; --output cannot be used with it") }
            if resume != nil && fromFrame != nil { throw ValidationError("--from-frame cannot be used with --resume (the run keeps its first frame)") }
            if let fromFrame, fromFrame < 0 { throw ValidationError("--from-frame must not be negative") }
            if let toFrame, toFrame < 0 { throw ValidationError("--to-frame must not be negative") }
            if let fromFrame, let toFrame, toFrame < fromFrame { throw ValidationError("--to-frame must not be before --from-frame") }
            if plan && resume != nil { throw ValidationError("--plan cannot be used with --resume") }
        }

        func run() throws {
            let loaded = try spec.map(SpecSource.load)
            if let loaded {
                for note in loaded.spec.notes where !quiet { Console.note("deforum: " + note) }
                for warning in loaded.spec.warnings { Console.note("warning: " + warning) }
            }
            let renderer: AnimationRenderer
            do {
                if let resume {
                    renderer = try AnimationRenderer.resume(folder: URL(fileURLWithPath: resume, isDirectory: true),
                                                            spec: loaded?.spec.spec, file: loaded?.file)
                } else if let loaded {
                    renderer = try AnimationRenderer.prepare(spec: loaded.spec.spec, file: loaded.file,
                                                             folder: outputFolder(for: loaded.name), firstFrame: fromFrame ?? 0)
                } else {
                    return
                }
            } catch let error as AnimationError {
                throw UserError(error.description)
            }
            if plan {
                try printPlan(renderer.plan)
                return
            }
            if renderer.plan.spec.mode == .animateDiff {
                try renderVideo(renderer)
                return
            }
            let generator = try makeFrameGenerator(
                modelPath: modelOptions.model ?? renderer.plan.spec.model, vae: modelOptions.vae,
                loraDirectory: modelOptions.loraDirectory, embeddingsDirectory: modelOptions.embeddingsDirectory, rng: rng,
                quiet: quiet)
            try render(renderer, with: generator)
        }

        /// The default output folder: `renders/<name>-<yyyyMMdd-HHmmss>`.
        private func outputFolder(for name: String) -> URL {
            if let output { return URL(fileURLWithPath: output, isDirectory: true) }
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyyMMdd-HHmmss"
            formatter.locale = Locale(identifier: "en_US_POSIX")
            return URL(fileURLWithPath: "renders", isDirectory: true).appendingPathComponent("\(name)-\(formatter.string(from: Date()))")
        }

        private func printPlan(_ plan: AnimationPlan) throws {
            struct Document: Encodable {
                let spec: AnimationSpec
                let cadence: Int
                let frames: [FramePlan]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(Document(spec: plan.spec, cadence: plan.cadence, frames: plan.frames))
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }

        /// What `run(_:_:)` did.
        struct Outcome {
            let summary: RenderSummary
            /// Seconds spent rendering and building the video.
            let rendering: Double
            let videoSeconds: Double
            let video: URL?
        }

        /// Names the model in `renderer`'s frames, creates its folder (for a new run), renders with
        /// `body` under Ctrl-C handling and the progress bar, then builds the video from the frames
        /// present — also when `body` fails, whose error then says how to resume.
        func run(
            _ renderer: AnimationRenderer,
            _ body: (AnimationRenderer, _ shouldStop: () -> Bool, _ progress: (RenderProgress) -> Void) throws -> RenderSummary
        ) throws -> Outcome {
            var renderer = renderer
            renderer.modelName = (modelOptions.model ?? renderer.plan.spec.model).map { URL(fileURLWithPath: $0).lastPathComponent } ?? "demo"
            let folder = renderer.folder
            if resume == nil {
                do { try renderer.createFolder() } catch let error as AnimationError { throw UserError(error.description) }
            }
            let interrupt = InterruptFlag()
            let bar = RenderProgressBar(quiet: quiet)
            let summary: RenderSummary
            let started = Date()
            do {
                summary = try body(renderer, interrupt.isSet) { bar.update($0) }
            } catch {
                bar.finish()
                _ = try? buildVideo(folder, spec: renderer.plan.spec)
                let message = (error as? AnimationError)?.description ?? "\(error)"
                throw UserError("\(message); the frames so far are in \(folder.url.path); continue with 'zoetrope render --resume \(folder.url.path)'")
            }
            bar.finish()
            let rendering = Date().timeIntervalSince(started)
            let videoStarted = Date()
            let video = try buildVideo(folder, spec: renderer.plan.spec)
            return Outcome(summary: summary, rendering: rendering, videoSeconds: Date().timeIntervalSince(videoStarted), video: video)
        }

        private func render(_ renderer: AnimationRenderer, with generator: any FrameGenerator) throws {
            let folder = renderer.folder
            let outcome = try run(renderer) { renderer, shouldStop, progress in
                try renderer.render(with: generator, through: toFrame, shouldStop: shouldStop, progress: progress)
            }
            let (summary, video) = (outcome.summary, outcome.video)
            if !quiet {
                reportTimes(summary, rendering: outcome.rendering, video: outcome.videoSeconds, generator: generator)
            }
            let done = folder.framesPresent().count
            var line = "wrote \(folder.url.path): \(done) frames (\(summary.framesWritten) new, \(summary.diffusionsRun) diffusions"
            if summary.latentBlends > 0 { line += ", \(summary.latentBlends) cadence in-betweens blended in latent space" }
            line += ")"
            if let video { line += ", video \(video.path)" }
            print(line)
            if summary.stopped || (toFrame.map { $0 < (renderer.plan.frames.last?.frame ?? 0) } ?? false) {
                Console.note("stopped early; continue with 'zoetrope render --resume \(folder.url.path)'")
            }
        }

        /// Where the render's time went: the pipeline's phases, the frame effects (warps, colour,
        /// noise, cross-fades: the rest of the loop), writing PNGs and encoding the video.
        private func reportTimes(_ summary: RenderSummary, rendering: Double, video: Double, generator: any FrameGenerator) {
            var parts: [String] = []
            if let pipeline = (generator as? PipelineFrameGenerator)?.timings.total {
                parts += [
                    String(format: "sampling (UNet) %.1f s", pipeline.sampling),
                    String(format: "VAE encode %.1f s", pipeline.vaeEncode),
                    String(format: "VAE decode %.1f s", pipeline.vaeDecode),
                    String(format: "prompts %.1f s", pipeline.conditioning),
                ]
            } else {
                parts.append(String(format: "generation %.1f s", summary.generationSeconds))
            }
            let effects = max(0, rendering - summary.generationSeconds - summary.writingSeconds)
            parts += [
                String(format: "warp/colour/noise/blend %.1f s", effects), String(format: "PNG writing %.1f s", summary.writingSeconds),
                String(format: "video %.1f s", video),
            ]
            Console.note("time: " + parts.joined(separator: ", "))
        }

        func buildVideo(_ folder: RunFolder, spec: AnimationSpec) throws -> URL? {
            do {
                return try folder.buildVideo(spec: spec)
            } catch {
                throw UserError("\(folder.url.path): the video could not be built: \(error)")
            }
        }
    }
}

/// Where a SPEC argument came from: a file, or a built-in preset name.
struct SpecSource {
    let spec: LoadedSpec
    /// The spec's file name (for messages).
    let file: String
    /// A short name for the default output folder.
    let name: String

    static func load(_ argument: String) throws -> SpecSource {
        let url = URL(fileURLWithPath: argument)
        if !FileManager.default.fileExists(atPath: url.path), let preset = AnimationPreset.named(argument) {
            do {
                return SpecSource(spec: try preset.load(), file: "preset \(preset.name)", name: preset.name)
            } catch let error as AnimationError {
                throw UserError(error.description)
            }
        }
        do {
            return SpecSource(spec: try AnimationSpec.load(contentsOf: url), file: url.path,
                              name: url.deletingPathExtension().lastPathComponent)
        } catch let error as AnimationError {
            throw UserError(error.description)
        }
    }
}

/// Ctrl-C during a render: the first one stops after the current frame (the run stays resumable
/// and the video is built from the frames present); a second one ends the process at once.
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private let source: DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            self?.lock.withLock { self?.set = true }
            Console.note("stopping after this frame (Ctrl-C again to quit at once)")
            signal(SIGINT, SIG_DFL)
        }
        source.resume()
    }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }

    func isSet() -> Bool { lock.withLock { set } }
}

/// The progress line of `render` on stderr: frames done of the total with a bar, the current
/// diffusion's step, frames per minute and the ETA.
final class RenderProgressBar {
    private let quiet: Bool
    private let started = Date()
    private var firstDone: Int?
    private var lastFramesDone = -1

    init(quiet: Bool) { self.quiet = quiet }

    func update(_ progress: RenderProgress) {
        guard !quiet else { return }
        if firstDone == nil { firstDone = progress.framesDone }
        let stepOnly = progress.steps > 0
        // Without a terminal, print one line per frame, not per step.
        if !Console.isTerminal && (stepOnly || progress.framesDone == lastFramesDone) { return }
        lastFramesDone = progress.framesDone
        let newFrames = progress.framesDone - (firstDone ?? 0)
        let minutes = Date().timeIntervalSince(started) / 60
        let rate = minutes > 0 && newFrames > 0 ? Double(newFrames) / minutes : 0
        let eta = rate > 0 ? Console.duration(Double(progress.framesTotal - progress.framesDone) / rate * 60) : "–"
        let width = 24
        let filled = progress.framesTotal > 0 ? min(width, progress.framesDone * width / progress.framesTotal) : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        var line = "frames \(bar) \(progress.framesDone)/\(progress.framesTotal)"
        if stepOnly { line += " · frame \(progress.frame) step \(progress.step)/\(progress.steps)" }
        line += String(format: " · %.1f frames/min · ETA %@", rate, eta)
        if Console.isTerminal {
            FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
        } else {
            FileHandle.standardError.write(Data("\(line)\n".utf8))
        }
    }

    func finish() {
        if !quiet && Console.isTerminal && lastFramesDone >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
