import ArgumentParser
import Foundation
import Kernels

extension Zoetrope {
    /// `zoetrope bench`: measures kernels and model components (release builds only).
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench", abstract: "Measures kernels and model components (release builds only).",
            discussion: "Results go to stdout; --json prints one object per measured entry.")

        /// What to measure.
        enum Component: String, CaseIterable, ExpressibleByArgument {
            case kernels, clip, unet
            case vaeDecode = "vae-decode"
            case vaeEncode = "vae-encode"
            case animatediff
            case all
        }

        @Argument(help: "kernels, clip, unet, vae-decode, vae-encode, animatediff, or all (every one but animatediff).")
        var component: Component = .all

        @Option(help: "Checkpoint to measure the model components with (default: the demo model).")
        var model: String?

        @Option(help: "Image width for model components.")
        var width = 512

        @Option(help: "Image height for model components.")
        var height = 512

        @Option(help: "Batch size for model components.")
        var batch = 2

        @Option(help: "AnimateDiff motion module for animatediff (default: the demo motion module).")
        var motionModule: String?

        @Option(help: "Video frames for animatediff (one context window).")
        var frames = 16

        @Option(help: "Sampler steps for animatediff.")
        var steps = 8

        @Option(help: "Frames the per-frame UNet stages process at a time in animatediff (default: automatic, 16 at 256², 4 at 512²).")
        var spatialChunk: Int?

        @Option(help: "Timed runs per entry (after one warm-up run; in animatediff only the UNet pair has one).")
        var runs = 5

        @Option(help: "Threads for kernels and OpenBLAS (default: all active processors).")
        var threads: Int?

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func validate() throws {
            guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
            if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
            if let spatialChunk, spatialChunk < 1 { throw ValidationError("--spatial-chunk must be at least 1") }
        }

        func run() throws {
            Threads.count = threads ?? Threads.count
            var results: [BenchmarkResult] = []
            let components = component == .all ? Component.allCases.filter { $0 != .all && $0 != .animatediff } : [component]
            for component in components {
                switch component {
                case .kernels: results += BenchKernels.run(runs: runs)
                case .clip: results += try BenchModels.run(.clip, model: model, width: width, height: height, batch: batch, runs: runs)
                case .unet: results += try BenchModels.run(.unet, model: model, width: width, height: height, batch: batch, runs: runs)
                case .vaeDecode:
                    results += try BenchModels.run(.vaeDecode, model: model, width: width, height: height, batch: 1, runs: runs)
                case .vaeEncode:
                    results += try BenchModels.run(.vaeEncode, model: model, width: width, height: height, batch: 1, runs: runs)
                case .animatediff:
                    results += try BenchAnimateDiff.run(
                        model: model, motionModule: motionModule, frames: frames, width: width, height: height, steps: steps,
                        spatialChunk: spatialChunk, runs: runs)
                case .all: break
                }
            }
            print(json ? BenchmarkTimer.json(results) : BenchmarkTimer.table(results))
        }
    }
}
