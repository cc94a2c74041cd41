import Foundation
import Imaging
import VideoIO

/// Where a render is, reported after every sampling step and every written frame.
public struct RenderProgress: Sendable, Equatable {
    /// The frame being diffused or written.
    public var frame: Int
    /// Frames of this run on disk (including those a resume found).
    public var framesDone: Int
    /// Frames this run will have on disk when it finishes.
    public var framesTotal: Int
    /// The sampling step of the current diffusion and its step count (0 and 0 between diffusions).
    public var step: Int
    public var steps: Int
}

/// What a render did.
public struct RenderSummary: Sendable, Equatable {
    /// Frames written by this call.
    public var framesWritten: Int
    /// Frames already on disk (from an earlier, interrupted call).
    public var framesKept: Int
    /// Diffusions run by this call.
    public var diffusionsRun: Int
    /// Diffusions read back from the run folder instead of run again.
    public var diffusionsReused: Int
    /// Whether the render stopped early because `shouldStop` said so.
    public var stopped: Bool
    /// Cadence in-betweens this call mixed in latent space (`cadence_blend: "latent"`).
    public var latentBlends = 0
    /// Wall-clock seconds of the generator's work (diffusions and latent blends) and of writing PNGs
    /// in this call.
    public var generationSeconds = 0.0
    public var writingSeconds = 0.0
}

/// Renders an `AnimationPlan` into a `RunFolder`, frame by frame, in the order of Deforum's
/// `render.py` loop (deforum-art/sd-webui-deforum 32242685; `../shared/deforum/SEMANTICS.md` §B):
///
/// 1. before each diffusion, write the frames of the previous diffusion's cadence block: both
///    neighbouring diffusions' images warped frame by frame and cross-faded (§E) — pixel by pixel
///    as Deforum, or with `cadence_blend: "latent"` through the generator's latent space;
/// 2. warp the previous frame with this frame's motion, colour-match it to the reference (or take
///    it as the reference), greyscale, contrast gain, unsharp mask, frame noise (§B.2–B.7);
/// 3. img2img at 1 − strength (or txt2img for the first frame) through the `FrameGenerator`;
/// 4. colour-match the output, greyscale, update the reference (§B.9), store the output.
///
/// Every frame is on disk (written to a temporary name, then renamed) before the next diffusion
/// starts, and every diffusion's output is stored in the folder, so a render that stops — at
/// `through`, on `shouldStop`, on an error or a crash — continues with `resume` and writes exactly
/// the frames an uninterrupted render writes: the stored outputs are read back instead of being
/// diffused again and the warps, reference and seeds are replayed.
public struct AnimationRenderer {
    public let plan: AnimationPlan
    public let folder: RunFolder
    /// The spec's file name, for messages.
    public let file: String
    /// The model's name, written into each frame's parameters text.
    public var modelName: String?
    let effects: any FrameEffects

    init(plan: AnimationPlan, folder: RunFolder, file: String, effects: any FrameEffects) {
        self.plan = plan
        self.folder = folder
        self.file = file
        self.effects = effects
    }

    /// Plans a new run in `folder` without touching the disk: resolves the seed (-1 draws one),
    /// counts the input video's frames in video-input mode and plans every frame. `createFolder()`
    /// then records it; `start` does both.
    /// - Parameters:
    ///   - spec: the validated spec.
    ///   - file: the spec's file name, for messages.
    ///   - folder: the output folder.
    ///   - firstFrame: start at this frame (rounded down to a diffused frame).
    /// - Throws: `AnimationError` naming the key and frame.
    public static func prepare(spec: AnimationSpec, file: String, folder: URL, firstFrame: Int = 0) throws -> AnimationRenderer {
        var resolved = spec
        var generator = SystemRandomNumberGenerator()
        resolved.seed = SeedSequence.resolve(spec.seed, using: &generator)
        if spec.mode == .videoInput { resolved.frames = try InputVideo.frameCount(spec: spec, file: file) }
        let plan = try AnimationPlan(spec: resolved, firstFrame: firstFrame, file: file)
        return AnimationRenderer(plan: plan, folder: RunFolder(url: folder), file: file, effects: ImagingEffects())
    }

    /// Creates the output folder and records the run's resolved spec and first frame.
    /// - Throws: `AnimationError.output` when the folder already holds a run or cannot be written.
    public func createFolder() throws {
        try folder.create(spec: plan.spec, firstFrame: plan.firstFrame)
    }

    /// `prepare` then `createFolder`.
    public static func start(spec: AnimationSpec, file: String, folder: URL, firstFrame: Int = 0) throws -> AnimationRenderer {
        let renderer = try prepare(spec: spec, file: file, folder: folder, firstFrame: firstFrame)
        try renderer.createFolder()
        return renderer
    }

    /// Prepares to continue the run in `folder` with the settings it recorded.
    /// - Parameters:
    ///   - folder: a folder `start` made.
    ///   - spec: if given, must describe the same run (its seed may be -1); a mismatch is an error
    ///     naming the keys that differ.
    ///   - file: the spec's file name, for messages.
    /// - Throws: `AnimationError.output` when the folder holds no run or the spec differs.
    public static func resume(folder: URL, spec: AnimationSpec? = nil, file: String? = nil) throws -> AnimationRenderer {
        let run = RunFolder(url: folder)
        let (saved, firstFrame) = try run.open()
        if let spec {
            var candidate = spec
            if candidate.seed == -1 { candidate.seed = saved.seed }
            if candidate.mode == .videoInput { candidate.frames = saved.frames }
            let differences = try SpecDifference.keys(candidate, saved)
            if !differences.isEmpty {
                throw AnimationError.output(path: folder.path, detail: "the spec differs from the run being resumed in: "
                                            + differences.joined(separator: ", "))
            }
        }
        let plan = try AnimationPlan(spec: saved, firstFrame: firstFrame, file: run.settingsURL.path)
        return AnimationRenderer(plan: plan, folder: run, file: file ?? run.settingsURL.path, effects: ImagingEffects())
    }

    /// The frames this run writes when it goes `through` a frame (or to the end).
    public func frameCount(through lastFrame: Int? = nil) -> Int {
        plan.frames.count { $0.frame <= (lastFrame ?? Int.max) }
    }

    /// Renders every planned frame up to `through` (inclusive) that is not on disk yet.
    /// - Parameters:
    ///   - generator: makes the diffused images.
    ///   - lastFrame: stop after this frame; nil renders to the end.
    ///   - shouldStop: asked between frames; true stops the render (it stays resumable).
    ///   - progress: called after every sampling step and every frame.
    /// - Throws: `AnimationError` naming the frame, or the generator's error.
    public func render(with generator: any FrameGenerator, through lastFrame: Int? = nil,
                       shouldStop: () -> Bool = { false },
                       progress: (RenderProgress) -> Void = { _ in }) throws -> RenderSummary {
        try withoutActuallyEscaping(progress) { progress in
            var loop = try RenderLoop(renderer: self, generator: generator, lastFrame: lastFrame, progress: progress)
            for frame in plan.frames where frame.frame <= loop.lastFrame {
                if frame.diffusion != nil {
                    try loop.emitPending()
                    if shouldStop() {
                        loop.summary.stopped = true
                        return loop.summary
                    }
                    try loop.diffuse(frame)
                }
                loop.pending.append(frame)
            }
            try loop.emitPending()
            return loop.summary
        }
    }
}
