import VideoIO

extension AnimationSpec {
    /// Checks every value that can be checked without rendering: ranges, required companions
    /// (a video for video input, an image for image colour coherence) and the syntax of every
    /// schedule. Per-frame values (NaN, unknown sampler names) are checked when the run is planned.
    /// - Throws: `AnimationError.invalidSpec` or `.unsupported`, naming `file` and the key.
    public func validate(file: String) throws {
        func invalid(_ detail: String) -> AnimationError { .invalidSpec(file: file, detail: detail) }
        guard (1...1_000_000).contains(frames) else { throw invalid("frames: \(frames) is not between 1 and 1000000") }
        guard fps.isFinite, fps > 0, fps <= 1000 else { throw invalid("fps: \(fps) is not between 0 and 1000") }
        for (key, size) in [("width", width), ("height", height)] {
            guard (64...8192).contains(size), size % 8 == 0 else {
                throw invalid("\(key): \(size) is not a multiple of 8 between 64 and 8192")
            }
        }
        guard seedIterN >= 1 else { throw invalid("seed_iter_n: \(seedIterN) must be at least 1") }
        guard cadence >= 1 else { throw invalid("cadence: \(cadence) must be at least 1") }
        guard initStrength.isFinite, (0...1).contains(initStrength) else { throw invalid("init_strength: \(initStrength) is not between 0 and 1") }
        guard !prompts.isEmpty else { throw invalid("prompts: at least one prompt is needed") }
        guard (1...12).contains(noise.perlinOctaves) else { throw invalid("noise.perlin_octaves: \(noise.perlinOctaves) is not between 1 and 12") }
        guard noise.perlinPersistence.isFinite else { throw invalid("noise.perlin_persistence: not a finite number") }
        if mode == .threeD && motion.depthWarping {
            throw AnimationError.unsupported(file: file, detail: """
                motion.depth_warping (Deforum's use_depth_warping): 3D depth estimation needs a depth model \
                (MiDaS, AdaBins, Zoe, LeReS), which Zoetrope does not support yet; set it to false for \
                flat-depth 3D
                """)
        }
        try animatediff.validate(invalid: invalid)
        if mode == .videoInput && (videoInput.path ?? "").isEmpty {
            throw invalid("video_input.path: video-input mode needs an input video")
        }
        guard videoInput.everyNth >= 1 else { throw invalid("video_input.every_nth: \(videoInput.everyNth) must be at least 1") }
        guard videoInput.fromFrame >= 0 else { throw invalid("video_input.from_frame: \(videoInput.fromFrame) must not be negative") }
        if let to = videoInput.toFrame, to <= videoInput.fromFrame {
            throw invalid("video_input.to_frame: \(to) must be after from_frame \(videoInput.fromFrame)")
        }
        if color.coherence == .image && (color.image ?? "").isEmpty {
            throw invalid("color.image: colour coherence 'Image' needs a reference image")
        }
        if let crf = output.crf, !(0...63).contains(crf) { throw invalid("output.crf: \(crf) is not between 0 and 63") }
        if output.video {
            do {
                _ = try VideoCodec.named(output.codec)
            } catch {
                throw invalid("output.codec: \(error)")
            }
        }
        for field in scheduleFields {
            do {
                _ = try Schedule(field.value.text, name: field.key, kind: field.kind)
            } catch {
                throw invalid(error.description)
            }
        }
    }

    /// One schedule field of the spec, named by its JSON key path.
    struct ScheduleField {
        let key: String
        let value: ScheduleString
        let kind: Schedule.Kind
    }

    /// Every schedule the spec holds, under its JSON key path. A sampler given as a bare name is the
    /// text schedule `0: ("name")`.
    var scheduleFields: [ScheduleField] {
        var fields: [ScheduleField] = [
            ScheduleField(key: "sampler", value: samplerSchedule, kind: .text),
            ScheduleField(key: "steps", value: steps, kind: .numeric),
            ScheduleField(key: "cfg", value: cfg, kind: .numeric),
            ScheduleField(key: "strength", value: strength, kind: .numeric),
            ScheduleField(key: "noise_multiplier", value: noiseMultiplier, kind: .numeric),
            ScheduleField(key: "seed_schedule", value: seedSchedule, kind: .numeric),
            ScheduleField(key: "color.contrast", value: color.contrast, kind: .numeric),
            ScheduleField(key: "noise.amount", value: noise.amount, kind: .numeric),
            ScheduleField(key: "sharpen.amount", value: sharpen.amount, kind: .numeric),
            ScheduleField(key: "sharpen.kernel", value: sharpen.kernel, kind: .numeric),
            ScheduleField(key: "sharpen.sigma", value: sharpen.sigma, kind: .numeric),
            ScheduleField(key: "sharpen.threshold", value: sharpen.threshold, kind: .numeric),
        ]
        if let clipSkip { fields.append(ScheduleField(key: "clip_skip", value: clipSkip, kind: .numeric)) }
        let motionFields: [(String, ScheduleString)] = [
            ("angle", motion.angle), ("zoom", motion.zoom), ("translation_x", motion.translationX),
            ("translation_y", motion.translationY), ("translation_z", motion.translationZ),
            ("transform_center_x", motion.transformCenterX), ("transform_center_y", motion.transformCenterY),
            ("rotation_3d_x", motion.rotation3DX), ("rotation_3d_y", motion.rotation3DY), ("rotation_3d_z", motion.rotation3DZ),
            ("fov", motion.fov), ("near", motion.near), ("far", motion.far), ("aspect_ratio", motion.aspectRatio),
            ("perspective_flip_theta", motion.perspectiveFlipTheta), ("perspective_flip_phi", motion.perspectiveFlipPhi),
            ("perspective_flip_gamma", motion.perspectiveFlipGamma), ("perspective_flip_fv", motion.perspectiveFlipFv),
        ]
        fields += motionFields.map { ScheduleField(key: "motion." + $0.0, value: $0.1, kind: .numeric) }
        return fields
    }

    /// The sampler field as a text schedule: a bare name (no `:`) stands for `0: ("name")`.
    var samplerSchedule: ScheduleString {
        sampler.text.contains(":") ? sampler : ScheduleString("0: (\"\(sampler.text)\")")
    }
}
