import Samplers

/// Every schedule of a spec expanded once to one value per frame (Deforum's `DeformAnimKeys`),
/// with the run's seed bound to `s`. Values used as integers are truncated toward zero at the point
/// of use, as Deforum's `int()` does.
struct ScheduleValues {
    let frameCount: Int
    private var numeric: [String: [Double]] = [:]
    private let samplers: [String]

    init(spec: AnimationSpec, file: String) throws {
        frameCount = spec.frames
        var samplers: [String] = []
        do {
            for field in spec.scheduleFields {
                let schedule = try Schedule(field.value.text, name: field.key, kind: field.kind)
                switch field.kind {
                case .numeric: numeric[field.key] = try schedule.values(frameCount: spec.frames, seed: spec.seed)
                case .text: samplers = try schedule.strings(frameCount: spec.frames, seed: spec.seed)
                }
            }
        } catch {
            throw AnimationError.invalidSpec(file: file, detail: error.description)
        }
        var checked: Set<String> = []
        for (frame, name) in samplers.enumerated() where !checked.contains(name) {
            do {
                _ = try SamplerKind.parse(name)
            } catch {
                throw AnimationError.invalidSpec(file: file, detail: "sampler: frame \(frame): \(error)")
            }
            checked.insert(name)
        }
        self.samplers = samplers
    }

    private func value(_ key: String, _ frame: Int) -> Double {
        numeric[key]?[frame] ?? 0
    }

    /// `int()` of a value, or an error naming the key and frame when it is out of `range`.
    private func integer(_ key: String, _ frame: Int, in range: ClosedRange<Int>, file: String) throws -> Int {
        let raw = value(key, frame)
        guard Swift.abs(raw) < 1e15, range.contains(Int(raw.rounded(.towardZero))) else {
            throw AnimationError.invalidSpec(file: file, detail: "\(key): frame \(frame): \(raw) is not between \(range.lowerBound) and \(range.upperBound)")
        }
        return Int(raw.rounded(.towardZero))
    }

    /// The seed schedule at `frame` (frames past the end hold the last value), as `int()`.
    func seed(at frame: Int, file: String) throws -> Int64 {
        let raw = value("seed_schedule", min(frame, frameCount - 1))
        guard Swift.abs(raw) < 9.0e18 else {
            throw AnimationError.invalidSpec(file: file, detail: "seed_schedule: frame \(frame): \(raw) is not a seed")
        }
        return Int64(raw.rounded(.towardZero))
    }

    /// Every value of `frame` except the prompt.
    func parameters(at frame: Int, file: String) throws -> FrameParameters {
        let motion = FrameMotion(
            angle: value("motion.angle", frame), zoom: value("motion.zoom", frame),
            translationX: value("motion.translation_x", frame), translationY: value("motion.translation_y", frame),
            translationZ: value("motion.translation_z", frame),
            transformCenterX: value("motion.transform_center_x", frame), transformCenterY: value("motion.transform_center_y", frame),
            rotation3DX: value("motion.rotation_3d_x", frame), rotation3DY: value("motion.rotation_3d_y", frame),
            rotation3DZ: value("motion.rotation_3d_z", frame),
            fov: value("motion.fov", frame), near: value("motion.near", frame), far: value("motion.far", frame),
            aspectRatio: value("motion.aspect_ratio", frame),
            perspectiveFlipTheta: value("motion.perspective_flip_theta", frame), perspectiveFlipPhi: value("motion.perspective_flip_phi", frame),
            perspectiveFlipGamma: value("motion.perspective_flip_gamma", frame), perspectiveFlipFv: value("motion.perspective_flip_fv", frame))
        let sharpenAmount = value("sharpen.amount", frame)
        var kernel = 1
        if sharpenAmount > 0 {
            kernel = try integer("sharpen.kernel", frame, in: 1...255, file: file)
            guard kernel % 2 == 1 else {
                throw AnimationError.invalidSpec(file: file, detail: "sharpen.kernel: frame \(frame): the kernel size \(kernel) must be odd")
            }
        }
        let clipSkip = numeric["clip_skip"] == nil ? nil : try integer("clip_skip", frame, in: 1...12, file: file)
        let strength = value("strength", frame)
        return FrameParameters(
            motion: motion, strength: min(1, max(0, strength)), scheduledStrength: strength,
            cfg: value("cfg", frame), steps: try integer("steps", frame, in: 1...1000, file: file),
            sampler: samplers[frame], noiseMultiplier: value("noise_multiplier", frame), clipSkip: clipSkip,
            contrast: value("color.contrast", frame), noise: value("noise.amount", frame),
            sharpenAmount: sharpenAmount, sharpenKernel: kernel, sharpenSigma: value("sharpen.sigma", frame),
            sharpenThreshold: value("sharpen.threshold", frame),
            prompt: FramePrompt(prompt: "", negativePrompt: "", keyframe: 0, blend: nil))
    }
}
