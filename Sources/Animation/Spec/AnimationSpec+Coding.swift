import Imaging

// JSON coding of `AnimationSpec`: snake_case keys, documented defaults for missing keys, unknown keys
// rejected by name. Encoding writes every key (null for unset optionals), so a resolved spec shows
// every value used.

extension AnimationSpec {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case mode
        case frames
        case fps
        case width
        case height
        case model
        case seed
        case seedBehavior = "seed_behavior"
        case seedIterN = "seed_iter_n"
        case seedSchedule = "seed_schedule"
        case prompts
        case positivePrompt = "positive_prompt"
        case negativePrompt = "negative_prompt"
        case smoothPrompts = "smooth_prompts"
        case sampler
        case steps
        case cfg
        case strength
        case noiseMultiplier = "noise_multiplier"
        case clipSkip = "clip_skip"
        case initImage = "init_image"
        case initStrength = "init_strength"
        case cadence
        case cadenceTail = "cadence_tail"
        case cadenceBlend = "cadence_blend"
        case motion
        case color
        case noise
        case sharpen
        case videoInput = "video_input"
        case animatediff
        case output
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AnimationSpec()
        mode = try container.value(.mode, or: defaults.mode)
        frames = try container.value(.frames, or: defaults.frames)
        fps = try container.value(.fps, or: defaults.fps)
        width = try container.value(.width, or: defaults.width)
        height = try container.value(.height, or: defaults.height)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        seed = try container.value(.seed, or: defaults.seed)
        seedBehavior = try container.value(.seedBehavior, or: defaults.seedBehavior)
        seedIterN = try container.value(.seedIterN, or: defaults.seedIterN)
        seedSchedule = try container.value(.seedSchedule, or: defaults.seedSchedule)
        prompts = try container.value(.prompts, or: defaults.prompts)
        positivePrompt = try container.value(.positivePrompt, or: defaults.positivePrompt)
        negativePrompt = try container.value(.negativePrompt, or: defaults.negativePrompt)
        smoothPrompts = try container.value(.smoothPrompts, or: defaults.smoothPrompts)
        sampler = try container.value(.sampler, or: defaults.sampler)
        steps = try container.value(.steps, or: defaults.steps)
        cfg = try container.value(.cfg, or: defaults.cfg)
        strength = try container.value(.strength, or: defaults.strength)
        noiseMultiplier = try container.value(.noiseMultiplier, or: defaults.noiseMultiplier)
        clipSkip = try container.decodeIfPresent(ScheduleString.self, forKey: .clipSkip)
        initImage = try container.decodeIfPresent(String.self, forKey: .initImage)
        initStrength = try container.value(.initStrength, or: defaults.initStrength)
        cadence = try container.value(.cadence, or: defaults.cadence)
        cadenceTail = try container.value(.cadenceTail, or: defaults.cadenceTail)
        cadenceBlend = try container.value(.cadenceBlend, or: defaults.cadenceBlend)
        motion = try container.value(.motion, or: defaults.motion)
        color = try container.value(.color, or: defaults.color)
        noise = try container.value(.noise, or: defaults.noise)
        sharpen = try container.value(.sharpen, or: defaults.sharpen)
        videoInput = try container.value(.videoInput, or: defaults.videoInput)
        animatediff = try container.value(.animatediff, or: defaults.animatediff)
        output = try container.value(.output, or: defaults.output)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        try container.encode(frames, forKey: .frames)
        try container.encode(fps, forKey: .fps)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(model, forKey: .model)
        try container.encode(seed, forKey: .seed)
        try container.encode(seedBehavior, forKey: .seedBehavior)
        try container.encode(seedIterN, forKey: .seedIterN)
        try container.encode(seedSchedule, forKey: .seedSchedule)
        try container.encode(prompts, forKey: .prompts)
        try container.encode(positivePrompt, forKey: .positivePrompt)
        try container.encode(negativePrompt, forKey: .negativePrompt)
        try container.encode(smoothPrompts, forKey: .smoothPrompts)
        try container.encode(sampler, forKey: .sampler)
        try container.encode(steps, forKey: .steps)
        try container.encode(cfg, forKey: .cfg)
        try container.encode(strength, forKey: .strength)
        try container.encode(noiseMultiplier, forKey: .noiseMultiplier)
        try container.encode(clipSkip, forKey: .clipSkip)
        try container.encode(initImage, forKey: .initImage)
        try container.encode(initStrength, forKey: .initStrength)
        try container.encode(cadence, forKey: .cadence)
        try container.encode(cadenceTail, forKey: .cadenceTail)
        try container.encode(cadenceBlend, forKey: .cadenceBlend)
        try container.encode(motion, forKey: .motion)
        try container.encode(color, forKey: .color)
        try container.encode(noise, forKey: .noise)
        try container.encode(sharpen, forKey: .sharpen)
        try container.encode(videoInput, forKey: .videoInput)
        try container.encode(animatediff, forKey: .animatediff)
        try container.encode(output, forKey: .output)
    }
}

extension AnimationSpec.Motion {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case border
        case sampling
        case padding
        case angle
        case zoom
        case translationX = "translation_x"
        case translationY = "translation_y"
        case translationZ = "translation_z"
        case transformCenterX = "transform_center_x"
        case transformCenterY = "transform_center_y"
        case rotation3DX = "rotation_3d_x"
        case rotation3DY = "rotation_3d_y"
        case rotation3DZ = "rotation_3d_z"
        case fov
        case near
        case far
        case aspectRatio = "aspect_ratio"
        case depthWarping = "depth_warping"
        case perspectiveFlip = "perspective_flip"
        case perspectiveFlipTheta = "perspective_flip_theta"
        case perspectiveFlipPhi = "perspective_flip_phi"
        case perspectiveFlipGamma = "perspective_flip_gamma"
        case perspectiveFlipFv = "perspective_flip_fv"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AnimationSpec.Motion()
        border = try container.value(.border, or: defaults.border)
        sampling = try container.value(.sampling, or: defaults.sampling)
        padding = try container.value(.padding, or: defaults.padding)
        angle = try container.value(.angle, or: defaults.angle)
        zoom = try container.value(.zoom, or: defaults.zoom)
        translationX = try container.value(.translationX, or: defaults.translationX)
        translationY = try container.value(.translationY, or: defaults.translationY)
        translationZ = try container.value(.translationZ, or: defaults.translationZ)
        transformCenterX = try container.value(.transformCenterX, or: defaults.transformCenterX)
        transformCenterY = try container.value(.transformCenterY, or: defaults.transformCenterY)
        rotation3DX = try container.value(.rotation3DX, or: defaults.rotation3DX)
        rotation3DY = try container.value(.rotation3DY, or: defaults.rotation3DY)
        rotation3DZ = try container.value(.rotation3DZ, or: defaults.rotation3DZ)
        fov = try container.value(.fov, or: defaults.fov)
        near = try container.value(.near, or: defaults.near)
        far = try container.value(.far, or: defaults.far)
        aspectRatio = try container.value(.aspectRatio, or: defaults.aspectRatio)
        depthWarping = try container.value(.depthWarping, or: defaults.depthWarping)
        perspectiveFlip = try container.value(.perspectiveFlip, or: defaults.perspectiveFlip)
        perspectiveFlipTheta = try container.value(.perspectiveFlipTheta, or: defaults.perspectiveFlipTheta)
        perspectiveFlipPhi = try container.value(.perspectiveFlipPhi, or: defaults.perspectiveFlipPhi)
        perspectiveFlipGamma = try container.value(.perspectiveFlipGamma, or: defaults.perspectiveFlipGamma)
        perspectiveFlipFv = try container.value(.perspectiveFlipFv, or: defaults.perspectiveFlipFv)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(border, forKey: .border)
        try container.encode(sampling, forKey: .sampling)
        try container.encode(padding, forKey: .padding)
        try container.encode(angle, forKey: .angle)
        try container.encode(zoom, forKey: .zoom)
        try container.encode(translationX, forKey: .translationX)
        try container.encode(translationY, forKey: .translationY)
        try container.encode(translationZ, forKey: .translationZ)
        try container.encode(transformCenterX, forKey: .transformCenterX)
        try container.encode(transformCenterY, forKey: .transformCenterY)
        try container.encode(rotation3DX, forKey: .rotation3DX)
        try container.encode(rotation3DY, forKey: .rotation3DY)
        try container.encode(rotation3DZ, forKey: .rotation3DZ)
        try container.encode(fov, forKey: .fov)
        try container.encode(near, forKey: .near)
        try container.encode(far, forKey: .far)
        try container.encode(aspectRatio, forKey: .aspectRatio)
        try container.encode(depthWarping, forKey: .depthWarping)
        try container.encode(perspectiveFlip, forKey: .perspectiveFlip)
        try container.encode(perspectiveFlipTheta, forKey: .perspectiveFlipTheta)
        try container.encode(perspectiveFlipPhi, forKey: .perspectiveFlipPhi)
        try container.encode(perspectiveFlipGamma, forKey: .perspectiveFlipGamma)
        try container.encode(perspectiveFlipFv, forKey: .perspectiveFlipFv)
    }
}

extension AnimationSpec.Color {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case coherence
        case image
        case legacy
        case grayscale
        case contrast
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AnimationSpec.Color()
        coherence = try container.value(.coherence, or: defaults.coherence)
        image = try container.decodeIfPresent(String.self, forKey: .image)
        legacy = try container.value(.legacy, or: defaults.legacy)
        grayscale = try container.value(.grayscale, or: defaults.grayscale)
        contrast = try container.value(.contrast, or: defaults.contrast)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(coherence, forKey: .coherence)
        try container.encode(image, forKey: .image)
        try container.encode(legacy, forKey: .legacy)
        try container.encode(grayscale, forKey: .grayscale)
        try container.encode(contrast, forKey: .contrast)
    }
}

extension AnimationSpec.Noise {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case amount
        case type
        case perlinOctaves = "perlin_octaves"
        case perlinPersistence = "perlin_persistence"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AnimationSpec.Noise()
        amount = try container.value(.amount, or: defaults.amount)
        type = try container.value(.type, or: defaults.type)
        perlinOctaves = try container.value(.perlinOctaves, or: defaults.perlinOctaves)
        perlinPersistence = try container.value(.perlinPersistence, or: defaults.perlinPersistence)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(amount, forKey: .amount)
        try container.encode(type, forKey: .type)
        try container.encode(perlinOctaves, forKey: .perlinOctaves)
        try container.encode(perlinPersistence, forKey: .perlinPersistence)
    }
}

extension AnimationSpec.Sharpen {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case amount
        case kernel
        case sigma
        case threshold
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AnimationSpec.Sharpen()
        amount = try container.value(.amount, or: defaults.amount)
        kernel = try container.value(.kernel, or: defaults.kernel)
        sigma = try container.value(.sigma, or: defaults.sigma)
        threshold = try container.value(.threshold, or: defaults.threshold)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(amount, forKey: .amount)
        try container.encode(kernel, forKey: .kernel)
        try container.encode(sigma, forKey: .sigma)
        try container.encode(threshold, forKey: .threshold)
    }
}

extension AnimationSpec.VideoInput {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case path
        case everyNth = "every_nth"
        case fromFrame = "from_frame"
        case toFrame = "to_frame"
        case soundtrack
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AnimationSpec.VideoInput()
        path = try container.decodeIfPresent(String.self, forKey: .path)
        everyNth = try container.value(.everyNth, or: defaults.everyNth)
        fromFrame = try container.value(.fromFrame, or: defaults.fromFrame)
        toFrame = try container.decodeIfPresent(Int.self, forKey: .toFrame)
        soundtrack = try container.value(.soundtrack, or: defaults.soundtrack)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(everyNth, forKey: .everyNth)
        try container.encode(fromFrame, forKey: .fromFrame)
        try container.encode(toFrame, forKey: .toFrame)
        try container.encode(soundtrack, forKey: .soundtrack)
    }
}

extension AnimationSpec.Output {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case video
        case codec
        case crf
        case soundtrack
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AnimationSpec.Output()
        video = try container.value(.video, or: defaults.video)
        codec = try container.value(.codec, or: defaults.codec)
        crf = try container.decodeIfPresent(Int.self, forKey: .crf)
        soundtrack = try container.decodeIfPresent(String.self, forKey: .soundtrack)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(video, forKey: .video)
        try container.encode(codec, forKey: .codec)
        try container.encode(crf, forKey: .crf)
        try container.encode(soundtrack, forKey: .soundtrack)
    }
}
