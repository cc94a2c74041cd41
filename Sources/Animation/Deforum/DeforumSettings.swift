import Imaging

/// Reads a Deforum settings file (deforum-art/sd-webui-deforum 32242685) into an `AnimationSpec`.
///
/// Both producers are read: the `<timestring>_settings.txt` written at run start (prompts already
/// merged with the positive/negative fields, which it records as `positive_prompts` /
/// `negative_prompts`) and the UI's "Save settings" file (raw prompts plus
/// `animation_prompts_positive` / `animation_prompts_negative`). Deforum's deprecation upgrades run
/// first (`DeforumDeprecations`). Keys are read as Deforum's `load_args` reads them; the `enable_*`
/// switches decide whether a schedule or the plain value is used.
///
/// Unsupported settings are collected into one warning. A key is listed only when it would change
/// Deforum's output: its feature is switched on (`use_mask: true`, `hybrid_composite: "Normal"`,
/// `cn_1_enabled: true`, …) or it is a value other than Deforum's default that Zoetrope does not
/// honour (`tiling: true`, `seed_resize_from_w: 256`). Settings of features that are off are
/// inert and not listed; unknown keys are listed as not recognised.
struct DeforumSettings {
    /// Which program wrote the file.
    enum Producer: Sendable, Equatable {
        /// `save_settings_from_animation_run`: prompts already merged with the positive/negative fields.
        case runStart
        /// The UI's "Save settings" button: raw prompts plus `animation_prompts_positive/negative`.
        case userInterface
    }

    /// Keys only a Deforum settings file has; any one of them marks a file as Deforum's.
    static let markerKeys: Set<String> = ["max_frames", "animation_mode", "diffusion_cadence", "W", "H", "strength_schedule"]

    let file: String
    private(set) var values: [String: JSONValue]
    /// Deforum's own upgrade notes (renamed keys, replaced values).
    let upgradeNotes: [String]
    let producer: Producer
    /// Keys read or judged (supported, inert or listed), to find the unrecognised ones.
    private var consulted: Set<String> = []
    /// Keys that change Deforum's output but are not honoured, with their values.
    private var unsupported: [(key: String, value: JSONValue)] = []

    init(values: [String: JSONValue], file: String) {
        var values = values
        upgradeNotes = DeforumDeprecations.apply(to: &values)
        self.values = values
        self.file = file
        let hasUIFields = values["animation_prompts_positive"] != nil || values["animation_prompts_negative"] != nil
        let hasRunFields = values["positive_prompts"] != nil || values["negative_prompts"] != nil
        producer = hasRunFields && !hasUIFields ? .runStart : .userInterface
    }

    /// Whether a top-level JSON object is a Deforum settings file.
    static func isDeforum(_ object: [String: JSONValue]) -> Bool {
        object.keys.contains { markerKeys.contains($0) || $0 == "animation_prompts" }
    }

    /// The spec the file describes and one warning per problem (at most one listing unsupported keys).
    mutating func spec() throws -> (spec: AnimationSpec, warnings: [String]) {
        var spec = AnimationSpec()
        var warnings: [String] = []

        spec.mode = try mode()
        spec.frames = try integer("max_frames", or: 120)
        let width = try integer("W", or: 512), height = try integer("H", or: 512)
        spec.width = width - width % 8
        spec.height = height - height % 8
        if spec.width != width || spec.height != height {
            warnings.append("\(file): W×H \(width)×\(height) is floored to \(spec.width)×\(spec.height), as Deforum's pipeline does")
        }
        spec.fps = try number("fps", or: 15)
        spec.seed = Int64(try number("seed", or: -1))
        spec.seedBehavior = try choice("seed_behavior", or: .iter)
        spec.seedIterN = try integer("seed_iter_N", or: 1)
        spec.seedSchedule = try schedule("seed_schedule", or: spec.seedSchedule)

        try readPrompts(into: &spec)
        try readGeneration(into: &spec)
        try readMotion(into: &spec)
        try readColourAndNoise(into: &spec)
        try readVideo(into: &spec)
        judgeUnsupported()

        let unrecognised = values.keys.filter { !consulted.contains($0) && !Self.inertKeys.contains($0) }.sorted()
        var listed = unsupported.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value.jsonText))" }
        listed += unrecognised.map { "\($0) (not recognised)" }
        if !listed.isEmpty {
            warnings.append("\(file): ignoring Deforum settings Zoetrope does not support: " + listed.joined(separator: ", "))
        }
        return (spec, warnings)
    }

    // MARK: Sections

    private mutating func mode() throws -> AnimationMode {
        let text = try string("animation_mode", or: "2D")
        switch text {
        case "2D": return .twoD
        case "3D": return .threeD
        case "Interpolation": return .interpolation
        case "Video Input": return .videoInput
        default:
            throw AnimationError.invalidSpec(file: file, detail: "animation_mode: '\(text)' is not one of '2D', '3D', 'Interpolation', 'Video Input'")
        }
    }

    private mutating func readPrompts(into spec: inout AnimationSpec) throws {
        consulted.insert("prompts")
        guard case .object(let prompts)? = values["prompts"] else {
            throw AnimationError.invalidSpec(file: file, detail: "prompts: expected an object mapping frames to prompts")
        }
        var result: [String: String] = [:]
        for (key, value) in prompts {
            guard case .string(let text) = value else {
                throw AnimationError.invalidSpec(file: file, detail: "prompts.\(key): expected a string")
            }
            result[key] = text
        }
        spec.prompts = result
        switch producer {
        case .userInterface:
            spec.positivePrompt = try string("animation_prompts_positive", or: "")
            spec.negativePrompt = try string("animation_prompts_negative", or: "")
        case .runStart:
            // The prompts already carry both fields; merging again would repeat them.
            consulted.formUnion(["positive_prompts", "negative_prompts"])
        }
    }

    private mutating func readGeneration(into spec: inout AnimationSpec) throws {
        if try bool("enable_sampler_scheduling", or: false) {
            spec.sampler = try schedule("sampler_schedule", or: spec.sampler)
        } else {
            consulted.insert("sampler_schedule")
            switch values["sampler"] {
            case .string(let name)?: spec.sampler = ScheduleString(name)
            case .number?: unsupported.append(("sampler", values["sampler"] ?? .null))
            default: break
            }
            consulted.insert("sampler")
        }
        if try bool("enable_steps_scheduling", or: false) {
            spec.steps = try schedule("steps_schedule", or: spec.steps)
            consulted.insert("steps")
        } else {
            spec.steps = ScheduleString(constant: Double(try integer("steps", or: 25)))
            consulted.insert("steps_schedule")
        }
        spec.cfg = try schedule("cfg_scale_schedule", or: spec.cfg)
        spec.strength = try schedule("strength_schedule", or: spec.strength)
        if try bool("enable_clipskip_scheduling", or: false) {
            spec.clipSkip = try schedule("clipskip_schedule", or: "0: (2)")
        } else {
            consulted.insert("clipskip_schedule")
        }
        if try bool("enable_noise_multiplier_scheduling", or: true) {
            spec.noiseMultiplier = try schedule("noise_multiplier_schedule", or: spec.noiseMultiplier)
        } else {
            spec.noiseMultiplier = "0: (1.0)"
            consulted.insert("noise_multiplier_schedule")
        }
        let useInit = try bool("use_init", or: false)
        let initImage = try optionalString("init_image")
        spec.initStrength = min(1, max(0, try number("strength", or: 0.8)))
        if useInit, let initImage, !initImage.isEmpty {
            spec.initImage = initImage
        }
        consulted.formUnion(["strength_0_no_init"])
        spec.cadence = max(1, try integer("diffusion_cadence", or: 2))
    }

    private mutating func readMotion(into spec: inout AnimationSpec) throws {
        var motion = spec.motion
        motion.border = try imagingChoice("border", or: .replicate)
        motion.sampling = try imagingChoice("sampling_mode", or: .bicubic)
        motion.padding = try imagingChoice("padding_mode", or: .border)
        motion.angle = try schedule("angle", or: motion.angle)
        motion.zoom = try schedule("zoom", or: motion.zoom)
        motion.translationX = try schedule("translation_x", or: motion.translationX)
        motion.translationY = try schedule("translation_y", or: motion.translationY)
        motion.translationZ = try schedule("translation_z", or: motion.translationZ)
        motion.transformCenterX = try schedule("transform_center_x", or: motion.transformCenterX)
        motion.transformCenterY = try schedule("transform_center_y", or: motion.transformCenterY)
        motion.rotation3DX = try schedule("rotation_3d_x", or: motion.rotation3DX)
        motion.rotation3DY = try schedule("rotation_3d_y", or: motion.rotation3DY)
        motion.rotation3DZ = try schedule("rotation_3d_z", or: motion.rotation3DZ)
        motion.fov = try schedule("fov_schedule", or: motion.fov)
        motion.near = try schedule("near_schedule", or: motion.near)
        motion.far = try schedule("far_schedule", or: motion.far)
        motion.aspectRatio = try schedule("aspect_ratio_schedule", or: motion.aspectRatio)
        if try bool("aspect_ratio_use_old_formula", or: false) {
            motion.aspectRatio = ScheduleString(constant: Double(spec.width) / Double(spec.height))
        }
        let depthWarping = try bool("use_depth_warping", or: true)
        motion.depthWarping = spec.mode == .threeD && depthWarping
        motion.perspectiveFlip = try bool("enable_perspective_flip", or: false)
        motion.perspectiveFlipTheta = try schedule("perspective_flip_theta", or: motion.perspectiveFlipTheta)
        motion.perspectiveFlipPhi = try schedule("perspective_flip_phi", or: motion.perspectiveFlipPhi)
        motion.perspectiveFlipGamma = try schedule("perspective_flip_gamma", or: motion.perspectiveFlipGamma)
        motion.perspectiveFlipFv = try schedule("perspective_flip_fv", or: motion.perspectiveFlipFv)
        spec.motion = motion
    }

    private mutating func readColourAndNoise(into spec: inout AnimationSpec) throws {
        let coherence = try string("color_coherence", or: "LAB")
        if let value = ColorCoherence(spelling: coherence) {
            spec.color.coherence = value
        } else if coherence == "Video Input" {
            unsupported.append(("color_coherence", .string(coherence)))
            spec.color.coherence = .none
        } else {
            throw AnimationError.invalidSpec(file: file, detail: "color_coherence: '\(coherence)' is not one of 'None', 'LAB', 'HSV', 'RGB', 'Image', 'Video Input'")
        }
        let image = try optionalString("color_coherence_image_path")
        spec.color.image = (image?.isEmpty ?? true) ? nil : image
        spec.color.legacy = try bool("legacy_colormatch", or: false)
        spec.color.grayscale = try bool("color_force_grayscale", or: false)
        spec.color.contrast = try schedule("contrast_schedule", or: spec.color.contrast)
        spec.noise.amount = try schedule("noise_schedule", or: spec.noise.amount)
        spec.noise.type = try imagingChoice("noise_type", or: .perlin)
        spec.noise.perlinOctaves = try integer("perlin_octaves", or: 4)
        spec.noise.perlinPersistence = try number("perlin_persistence", or: 0.5)
        spec.sharpen.amount = try schedule("amount_schedule", or: spec.sharpen.amount)
        spec.sharpen.kernel = try schedule("kernel_schedule", or: spec.sharpen.kernel)
        spec.sharpen.sigma = try schedule("sigma_schedule", or: spec.sharpen.sigma)
        spec.sharpen.threshold = try schedule("threshold_schedule", or: spec.sharpen.threshold)
    }

    private mutating func readVideo(into spec: inout AnimationSpec) throws {
        let videoPath = try optionalString("video_init_path")
        spec.videoInput.path = (videoPath?.isEmpty ?? true) ? nil : videoPath
        spec.videoInput.everyNth = try integer("extract_nth_frame", or: 1)
        spec.videoInput.fromFrame = try integer("extract_from_frame", or: 0)
        let to = try integer("extract_to_frame", or: -1)
        spec.videoInput.toFrame = to < 0 ? nil : to
        spec.output.video = !(try bool("skip_video_creation", or: false))
        switch try string("add_soundtrack", or: "None") {
        case "File":
            let path = try optionalString("soundtrack_path")
            spec.output.soundtrack = (path?.isEmpty ?? true) ? nil : path
        case "Init Video":
            if spec.mode == .videoInput { spec.videoInput.soundtrack = true } else { spec.output.soundtrack = spec.videoInput.path }
            consulted.insert("soundtrack_path")
        default:
            consulted.insert("soundtrack_path")
        }
    }

    // MARK: Unsupported features

    /// Keys with no effect on the frames or the video (bookkeeping, UI state, webui pass-throughs
    /// Zoetrope has no counterpart for), never warned about.
    static let inertKeys: Set<String> = [
        "batch_name", "show_info_on_ui", "resume_from_timestring", "resume_timestring", "sd_model_name", "sd_model_hash",
        "deforum_git_commit_id", "store_frames_in_ram", "overwrite_extracted_frames", "delete_input_frames",
        "frame_interpolation_keep_imgs", "r_upscale_keep_imgs", "ffmpeg_crf", "ffmpeg_preset", "ffmpeg_location",
        "pix2pix_img_cfg_scale_schedule", "color_coherence_video_every_N_frames", "perlin_w", "perlin_h",
        "parseq_use_deltas", "parseq_non_schedule_overrides", "depth_algorithm", "midas_weight",
    ]

    /// A feature Zoetrope does not have: the key that switches it on, whether it is on, and the keys
    /// that only matter when it is.
    private struct Feature: Sendable {
        let key: String
        let isOn: @Sendable (JSONValue) -> Bool
        let dependents: @Sendable (String) -> Bool
    }

    private static func on(_ value: JSONValue) -> Bool {
        switch value {
        case .bool(let flag): flag
        case .number(let number): number != 0
        case .string(let text): !text.isEmpty && text != "None" && text != "0"
        case .null: false
        case .array(let items): !items.isEmpty
        case .object(let items): !items.isEmpty
        }
    }

    private static let features: [Feature] = {
        func prefix(_ prefixes: String...) -> @Sendable (String) -> Bool { { key in prefixes.contains { key.hasPrefix($0) } } }
        func keys(_ names: String...) -> @Sendable (String) -> Bool { { names.contains($0) } }
        var features: [Feature] = [
            Feature(key: "use_mask", isOn: on, dependents: keys("use_alpha_as_mask", "mask_file", "invert_mask", "mask_contrast_adjust",
                "mask_brightness_adjust", "overlay_mask", "mask_overlay_blur", "fill", "full_res_mask", "full_res_mask_padding", "mask_schedule")),
            Feature(key: "use_noise_mask", isOn: on, dependents: keys("noise_mask_schedule")),
            Feature(key: "use_mask_video", isOn: on, dependents: keys("video_mask_path")),
            Feature(key: "tiling", isOn: on, dependents: keys()),
            Feature(key: "restore_faces", isOn: on, dependents: keys()),
            Feature(key: "seed_resize_from_w", isOn: on, dependents: keys()),
            Feature(key: "seed_resize_from_h", isOn: on, dependents: keys()),
            Feature(key: "motion_preview_mode", isOn: on, dependents: keys()),
            Feature(key: "reroll_blank_frames", isOn: { $0 != .string("ignore") }, dependents: keys("reroll_patience")),
            Feature(key: "enable_subseed_scheduling", isOn: on, dependents: keys("subseed_schedule", "subseed_strength_schedule")),
            Feature(key: "enable_checkpoint_scheduling", isOn: on, dependents: keys("checkpoint_schedule")),
            Feature(key: "enable_ddim_eta_scheduling", isOn: on, dependents: keys("ddim_eta_schedule")),
            Feature(key: "enable_ancestral_eta_scheduling", isOn: on, dependents: keys("ancestral_eta_schedule")),
            Feature(key: "optical_flow_cadence", isOn: on, dependents: keys("cadence_flow_factor_schedule")),
            Feature(key: "optical_flow_redo_generation", isOn: on, dependents: keys("redo_flow_factor_schedule")),
            Feature(key: "diffusion_redo", isOn: on, dependents: keys()),
            Feature(key: "save_depth_maps", isOn: on, dependents: keys()),
            Feature(key: "hybrid_composite", isOn: on, dependents: prefix("hybrid_")),
            Feature(key: "hybrid_motion", isOn: on, dependents: prefix("hybrid_")),
            Feature(key: "use_looper", isOn: on, dependents: keys("init_images", "image_strength_schedule", "blendFactorMax",
                "blendFactorSlope", "tweening_frames_schedule", "color_correction_factor")),
            Feature(key: "parseq_manifest", isOn: on, dependents: keys()),
            Feature(key: "make_gif", isOn: on, dependents: keys()),
            Feature(key: "delete_imgs", isOn: on, dependents: keys()),
            Feature(key: "r_upscale_video", isOn: on, dependents: prefix("r_upscale_")),
            Feature(key: "frame_interpolation_engine", isOn: on, dependents: prefix("frame_interpolation_")),
        ]
        for unit in 1...5 {
            features.append(Feature(key: "cn_\(unit)_enabled", isOn: on, dependents: prefix("cn_\(unit)_")))
        }
        return features
    }()

    /// Lists the switched-on unsupported features and marks their inert dependents as consulted.
    private mutating func judgeUnsupported() {
        for feature in Self.features {
            let value = values[feature.key]
            let isOn = value.map(feature.isOn) ?? false
            if isOn, let value, !unsupported.contains(where: { $0.key == feature.key }) {
                unsupported.append((feature.key, value))
            }
            consulted.insert(feature.key)
            for key in values.keys where key != feature.key && feature.dependents(key) {
                consulted.insert(key)
            }
        }
    }

    // MARK: Typed reads

    private mutating func raw(_ key: String) -> JSONValue? {
        consulted.insert(key)
        guard let value = values[key], value != .null else { return nil }
        return value
    }

    private func mismatch(_ key: String, _ expected: String, _ value: JSONValue) -> AnimationError {
        .invalidSpec(file: file, detail: "\(key): expected \(expected), found \(value.jsonText)")
    }

    private mutating func number(_ key: String, or fallback: Double) throws -> Double {
        guard let value = raw(key) else { return fallback }
        switch value {
        case .number(let number): return number
        case .string(let text):
            if let number = Double(text.trimmingWhitespace()) { return number }
            throw mismatch(key, "a number", value)
        default: throw mismatch(key, "a number", value)
        }
    }

    private mutating func integer(_ key: String, or fallback: Int) throws -> Int {
        let value = try number(key, or: Double(fallback))
        guard value.isFinite, Swift.abs(value) < 1e15 else { throw mismatch(key, "a whole number", .number(value)) }
        return Int(value.rounded(.towardZero))
    }

    private mutating func bool(_ key: String, or fallback: Bool) throws -> Bool {
        guard let value = raw(key) else { return fallback }
        guard case .bool(let flag) = value else { throw mismatch(key, "true or false", value) }
        return flag
    }

    private mutating func string(_ key: String, or fallback: String) throws -> String {
        try optionalString(key) ?? fallback
    }

    private mutating func optionalString(_ key: String) throws -> String? {
        guard let value = raw(key) else { return nil }
        guard case .string(let text) = value else { throw mismatch(key, "a string", value) }
        return text
    }

    private mutating func schedule(_ key: String, or fallback: ScheduleString) throws -> ScheduleString {
        guard let value = raw(key) else { return fallback }
        switch value {
        case .string(let text): return ScheduleString(text)
        case .number(let number): return ScheduleString(constant: number)
        default: throw mismatch(key, "a schedule string", value)
        }
    }

    private mutating func imagingChoice<T: RawRepresentable<String> & CaseIterable>(_ key: String, or fallback: T) throws -> T {
        guard let text = try optionalString(key) else { return fallback }
        guard let value = T(rawValue: text) else {
            let valid = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw AnimationError.invalidSpec(file: file, detail: "\(key): '\(text)' is not one of \(valid)")
        }
        return value
    }

    private mutating func choice<T: SpecChoice>(_ key: String, or fallback: T) throws -> T {
        guard let text = try optionalString(key) else { return fallback }
        guard let value = T(spelling: text) else {
            let valid = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw AnimationError.invalidSpec(file: file, detail: "\(key): '\(text)' is not one of \(valid)")
        }
        return value
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
