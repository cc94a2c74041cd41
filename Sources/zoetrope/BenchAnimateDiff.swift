import DiffusionModels
import Foundation
import Samplers
import StableDiffusion
import Tensors

/// `zoetrope bench animatediff`: one AnimateDiff video as the official inference runs it (DDIM,
/// CFG 7.5, one context window holding every frame), split into what it costs:
///
/// - `animatediff_sample_…`: `AnimateDiffPipeline.sample` from prompt to final latents (wall time),
///   with the median and first sampler step and the prompt-encoding time as extra fields;
/// - `unet_video_…` / `unet_image_…`: one UNet evaluation of the CFG batch (2 × frames items) with
///   the motion modules, and the same batch through the image UNet in slices of `spatialChunk`
///   items (the batch the video pass's per-frame stages see). Their difference is the motion
///   modules' cost, reported as `motion_share` = (video − image) / video on the video entry;
/// - `animatediff_decode_…`: `AnimateDiffPipeline.decodeFrames` of every frame.
///
/// The sampling and the decode run `runs` times without a warm-up run: one sampling takes minutes
/// at full size and reports its per-step times, and 16 frames amortise the decode's first frame.
/// The UNet pair gets one warm-up round: the image UNet's batch shapes differ from the sampling's,
/// and without it the image pass pays its buffers' first allocation, inflating it by seconds and
/// shrinking the motion share.
enum BenchAnimateDiff {
    static func run(
        model path: String?, motionModule: String?, frames: Int, width: Int, height: Int, steps: Int, spatialChunk: Int?,
        runs: Int
    ) throws -> [BenchmarkResult] {
        guard width > 0, height > 0, width % 8 == 0, height % 8 == 0, frames >= 1, steps >= 1 else {
            throw UserError("bench animatediff: --width/--height must be positive multiples of 8, --frames and --steps at least 1")
        }
        let model = try ModelLoading.load(path: path, vae: nil, quiet: false)
        let motion = try motionModule.map { try MotionModel.load(path: $0, for: model.unet.configuration) }
            ?? MotionModel.demo(for: model.unet.configuration)
        let pipeline = AnimateDiffPipeline(model: model, motion: motion)
        var request = AnimateDiffRequest(prompts: [.init(frame: 0, prompt: "a corgi running on the beach, waves, sunset")])
        request.frames = frames
        request.width = width
        request.height = height
        request.steps = steps
        request.guidanceScale = 7.5
        request.sampler = .ddim
        request.spatialChunk = spatialChunk
        request.context.length = max(request.context.length, frames)

        let size = "\(width)x\(height)_f\(frames)"
        var results = [try sample(pipeline, request, name: "animatediff_sample_\(size)_s\(steps)", runs: runs)]
        results += try unetPair(pipeline, request, size: size, runs: runs)
        results.append(try decode(pipeline, request, name: "animatediff_decode_\(size)", runs: runs))
        return results
    }

    /// Whole sampling runs, with per-step times from the progress callback.
    private static func sample(
        _ pipeline: AnimateDiffPipeline, _ request: AnimateDiffRequest, name: String, runs: Int
    ) throws -> BenchmarkResult {
        var seconds: [Double] = []
        var stepSeconds: [Double] = []
        var firstSteps: [Double] = []
        var conditioning: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            var previous = start
            let output = try pipeline.sample(request) { progress in
                let now = DispatchTime.now().uptimeNanoseconds
                let step = Double(now - previous) / 1e9
                if progress.step == 1 { firstSteps.append(step) } else { stepSeconds.append(step) }
                previous = now
                Console.note(String(format: "%@: step %d/%d %.1f s", name, progress.step, progress.totalSteps, step))
                return .proceed
            }
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            conditioning.append(output.timings.conditioning)
        }
        var result = timed(name: name, seconds: seconds)
        result.extra = [
            (key: "step_median_s", value: BenchmarkTimer.median(stepSeconds.isEmpty ? firstSteps : stepSeconds)),
            (key: "first_step_s", value: BenchmarkTimer.median(firstSteps)),
            (key: "conditioning_s", value: BenchmarkTimer.median(conditioning)),
        ]
        return result
    }

    /// One UNet evaluation of the CFG batch with and without the motion modules, interleaved so
    /// both see the same machine load.
    private static func unetPair(
        _ pipeline: AnimateDiffPipeline, _ request: AnimateDiffRequest, size: String, runs: Int
    ) throws -> [BenchmarkResult] {
        let unet = pipeline.model.unet
        let items = 2 * request.frames
        var random = TorchCPURandom(seed: 0)
        let sample = random.normal(shape: [items, unet.configuration.inChannels, request.height / 8, request.width / 8])
        let context = random.normal(shape: [items, 77, unet.configuration.crossAttentionDim])
        let video = VideoBatch(frames: request.frames, motion: pipeline.motion.adapter, spatialChunk: request.resolvedSpatialChunk)
        let chunk = request.resolvedSpatialChunk
        var withMotion: [Double] = []
        var withoutMotion: [Double] = []
        for _ in 0...runs {
            withMotion.append(try seconds { _ = try unet(sample, timestep: 500, context: context, video: video) })
            withoutMotion.append(try seconds {
                for start in stride(from: 0, to: items, by: chunk) {
                    let rows = start..<min(start + chunk, items)
                    _ = try unet(sample.slice(axis: 0, rows), timestep: 500, context: context.slice(axis: 0, rows))
                }
            })
        }
        withMotion.removeFirst()
        withoutMotion.removeFirst()
        var videoResult = timed(name: "unet_video_\(size)_b\(items)", seconds: withMotion)
        let imageResult = timed(name: "unet_image_\(size)_b\(items)", seconds: withoutMotion)
        let motionSeconds = videoResult.medianSeconds - imageResult.medianSeconds
        videoResult.extra = [
            (key: "motion_s", value: motionSeconds), (key: "motion_share", value: motionSeconds / videoResult.medianSeconds),
        ]
        return [videoResult, imageResult]
    }

    /// Every frame of a random latent video through the VAE, one frame at a time as the pipeline does.
    private static func decode(
        _ pipeline: AnimateDiffPipeline, _ request: AnimateDiffRequest, name: String, runs: Int
    ) throws -> BenchmarkResult {
        var random = TorchCPURandom(seed: 1)
        let latents = random.normal(
            shape: [1, pipeline.model.vae.configuration.latentChannels, request.frames, request.height / 8, request.width / 8])
        var times: [Double] = []
        for _ in 0..<runs {
            times.append(try seconds { try pipeline.decodeFrames(latents) { _, _ in } })
        }
        return timed(name: name, seconds: times)
    }

    private static func seconds(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private static func timed(name: String, seconds: [Double]) -> BenchmarkResult {
        BenchmarkResult(
            name: name, runs: seconds.count, medianSeconds: BenchmarkTimer.median(seconds), minSeconds: seconds.min() ?? 0,
            flops: nil, peakRSSMegabytes: BenchmarkTimer.peakRSSMegabytes())
    }
}
