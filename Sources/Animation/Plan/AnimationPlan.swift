/// Every frame of a run, resolved before anything is rendered: the schedules evaluated, the
/// prompts prepared, the seeds of every diffusion, and the cadence (which frames are diffused and
/// how the others are cross-faded), following Deforum's `render.py` loop
/// (deforum-art/sd-webui-deforum 32242685; `../shared/deforum/SEMANTICS.md` §B, §C, §E).
///
/// Cadence N (2D and 3D only; 1 in video input and interpolation): frames s, s+N, s+2N, … are
/// diffused, where s is the first frame. Frame g of the block after the diffusion at d is
/// `(1 − τ)·W(G_{d−N}) + τ·W(G_d)` with τ = (g − d + 1)/N, each image warped frame by frame up to g;
/// the first block has no older image. Deforum stops at the last diffusion and never writes its
/// block (up to N−1 frames short, and the last diffusion wasted); with `cadence_tail` (the default)
/// Zoetrope writes that block too, otherwise it plans exactly Deforum's frames and skips the
/// wasted diffusion.
///
/// Seeds advance once per diffusion from frame 0 on the full grid, so a run started later
/// (`firstFrame`) gives every frame the seed a whole run would.
public struct AnimationPlan: Sendable {
    /// The spec, with its seed resolved.
    public let spec: AnimationSpec
    /// The run's resolved seed (`s` in schedules).
    public var seed: Int64 { spec.seed }
    /// The effective cadence.
    public let cadence: Int
    /// The first frame rendered (a diffused frame).
    public let firstFrame: Int
    /// The written frames, in order.
    public let frames: [FramePlan]

    /// Plans a run.
    /// - Parameters:
    ///   - spec: the spec; its `seed` must already be resolved (not -1). In video-input mode its
    ///     `frames` must be the number of input frames.
    ///   - firstFrame: start here instead of at 0; rounded down to a diffused frame of the cadence
    ///     grid. The first frame rendered has no previous frame (txt2img, or the init image).
    ///   - file: the spec's file name, for messages.
    /// - Throws: `AnimationError.invalidSpec` naming the key and the frame.
    public init(spec: AnimationSpec, firstFrame: Int = 0, file: String) throws {
        precondition(spec.seed != -1, "resolve the seed before planning")
        func invalid(_ detail: String) -> AnimationError { .invalidSpec(file: file, detail: detail) }
        let frameCount = spec.frames
        guard (0..<frameCount).contains(firstFrame) else {
            throw invalid("the first frame \(firstFrame) is not within frames 0…\(frameCount - 1)")
        }
        self.spec = spec
        cadence = spec.mode == .twoD || spec.mode == .threeD ? spec.cadence : 1
        let values = try ScheduleValues(spec: spec, file: file)
        let prompts: PromptSchedule
        do {
            prompts = try PromptSchedule(prompts: spec.prompts, positive: spec.positivePrompt, negative: spec.negativePrompt,
                                         frameCount: frameCount, seed: spec.seed,
                                         blends: spec.mode == .interpolation || spec.smoothPrompts)
        } catch {
            throw invalid(error.description)
        }

        let start = firstFrame - firstFrame % cadence
        self.firstFrame = start
        var diffused = Array(stride(from: start, to: frameCount, by: cadence))
        var lastWritten = frameCount - 1
        if cadence > 1 && !spec.cadenceTail {
            lastWritten = (diffused.last ?? start) - 1
            diffused.removeLast()
            guard lastWritten >= start else {
                throw invalid("cadence \(cadence) with cadence_tail false writes no frames from frame \(start) of \(frameCount)")
            }
        }
        let seeds = try Self.seeds(spec: spec, values: values, diffused: diffused, keyFrames: prompts.keyFrames, file: file)

        var plans: [FramePlan] = []
        plans.reserveCapacity(lastWritten - start + 1)
        var ordinal = 0
        for frame in start...lastWritten {
            var parameters = try values.parameters(at: frame, file: file)
            do {
                parameters.prompt = try prompts.prompt(at: frame)
            } catch {
                throw invalid(error.description)
            }
            var diffusion: FramePlan.Diffusion?
            if frame % cadence == 0, ordinal < diffused.count, diffused[ordinal] == frame {
                let seed = seeds[ordinal]
                diffusion = FramePlan.Diffusion(ordinal: ordinal, seed: seed.seed, noiseSeed: seed.noiseSeed,
                                                start: Self.start(spec: spec, frame: frame, first: start, parameters: parameters),
                                                seedBlend: seed.blend)
                ordinal += 1
            }
            let output: FramePlan.Output
            if cadence == 1 {
                output = .generated
            } else {
                let block = frame - (frame - start) % cadence
                let previous = block - cadence >= start ? block - cadence : nil
                output = .crossFade(previous: previous, next: block, weight: Double(frame - block + 1) / Double(cadence))
            }
            plans.append(FramePlan(frame: frame, parameters: parameters, diffusion: diffusion, output: output))
        }
        frames = plans
    }

    /// The diffused frames, in order.
    public var diffusions: [FramePlan] { frames.filter { $0.diffusion != nil } }

    /// What the diffusion at `frame` starts from.
    private static func start(spec: AnimationSpec, frame: Int, first: Int, parameters: FrameParameters) -> FramePlan.Start {
        switch spec.mode {
        case .interpolation, .animateDiff:
            return .text
        case .videoInput:
            return .videoFrame(strength: parameters.strength)
        case .twoD, .threeD:
            if frame > first { return .previousFrame(strength: parameters.strength) }
            return spec.initImage == nil ? .text : .initImage(strength: spec.initStrength)
        }
    }

    /// The seeds of one diffusion.
    private struct DiffusionSeed {
        let seed: Int64
        let noiseSeed: Int64
        let blend: SeedBlend?
    }

    /// The seed of every planned diffusion. The sequence runs over the full cadence grid from frame
    /// 0 (diffusions before the first frame advance it too). In interpolation mode every frame's
    /// noise is anchored on the seeds at its prompt keyframes: frame f between keys a < b starts
    /// from seed(a)'s noise slerped toward seed(b)'s by (f − a)/(b − a).
    private static func seeds(spec: AnimationSpec, values: ScheduleValues, diffused: [Int], keyFrames: [Int],
                              file: String) throws -> [DiffusionSeed] {
        guard let lastPlanned = diffused.last else { return [] }
        let cadence = spec.mode == .twoD || spec.mode == .threeD ? spec.cadence : 1
        let horizon = spec.mode == .interpolation ? max(lastPlanned, keyFrames.last ?? 0) : lastPlanned
        var sequence = SeedSequence(seed: spec.seed, behavior: spec.seedBehavior, iterN: spec.seedIterN)
        var byFrame: [Int: (seed: Int64, noiseSeed: Int64)] = [:]
        for frame in stride(from: 0, through: horizon, by: cadence) {
            let noiseSeed = sequence.seed
            var seed = noiseSeed
            if spec.seedBehavior == .schedule {
                let scheduled = try values.seed(at: frame, file: file)
                seed = scheduled == -1 ? sequence.randomSeed() : scheduled
            }
            byFrame[frame] = (seed, noiseSeed)
            sequence.advance()
        }
        return diffused.map { frame in
            guard spec.mode == .interpolation, let anchor = keyFrames.last(where: { $0 <= frame }) ?? keyFrames.first,
                  let anchorSeed = byFrame[anchor]?.seed else {
                let seed = byFrame[frame] ?? (spec.seed, spec.seed)
                return DiffusionSeed(seed: seed.seed, noiseSeed: seed.noiseSeed, blend: nil)
            }
            var blend: SeedBlend?
            if frame > anchor, let next = keyFrames.first(where: { $0 > anchor }), let nextSeed = byFrame[next]?.seed {
                blend = SeedBlend(seed: nextSeed, weight: 1 / Double(next - anchor) * Double(frame - anchor))
            }
            return DiffusionSeed(seed: anchorSeed, noiseSeed: anchorSeed, blend: blend)
        }
    }
}
