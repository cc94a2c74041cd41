/// The settings of `mode: "animatediff"` (the spec's `animatediff` object): a motion module turns
/// the keyframed prompts into one coherent video, denoised all frames together (Guo et al. 2023,
/// "AnimateDiff"), in context windows when it is longer than a window (AnimateDiff-Evolved's
/// scheme). The spec's frames, fps, size, seed, prompts (prompt travel between keys), the
/// sampler, steps, CFG and clip skip at frame 0, and the output settings apply; motion, colour,
/// noise and cadence do not.
extension AnimationSpec {
    public struct AnimateDiff: Codable, Sendable, Equatable {
        /// The motion module: `mm_sd_v15.ckpt` (v1), `mm_sd_v15_v2.ckpt` (v2), `v3_sd15_mm.ckpt` (v3),
        /// AnimateLCM, as `.ckpt`, `.safetensors` or a diffusers `MotionAdapter` folder;
        /// `--motion-module` overrides it. Default null: the built-in demo module, which only the
        /// demo model accepts.
        public var motionModule: String? = nil
        /// MotionLoRAs (the official v2 camera-motion LoRAs) merged into the module. Default none.
        public var motionLoras: [MotionLoRA] = []
        /// Frames per context window: the motion modules see this many frames at once (16, their
        /// training length, is best; at most 24 for v1, 32 for v2/v3). Default 16.
        public var contextLength: Int = 16
        /// Frames neighbouring windows share. Default 4.
        public var contextOverlap: Int = 4
        /// Dilation levels: stride N adds windows of every 2nd, 4th, … 2^(N−1)th frame, tying far
        /// frames together. Default 1 (none).
        public var contextStride: Int = 1
        /// How windows are placed: `"standard_uniform"` (windows shift every step and never wrap
        /// past the last frame), `"looped_uniform"` (Evolved's and sd-webui's uniform, whose windows
        /// wrap from the end to the start, so the video tends to loop), `"standard_static"` (fixed
        /// windows) or `"batched"` (disjoint windows, visible seams). Default `"standard_uniform"`.
        public var contextSchedule: ContextSchedule = .standardUniform
        /// Join the end of the video to its start (windows across the seam; prompt travel from the
        /// last key back to the first). Default false.
        public var closedLoop: Bool = false
        /// How overlapping windows' predictions are averaged per frame: `"pyramid"` (frames near a
        /// window's edge count less), `"flat"`, `"overlap_linear"` or `"relative"`. Default `"pyramid"`.
        public var fusion: Fusion = .pyramid
        /// How the text conditioning moves between prompt keys: `"linear"` (Evolved's default) or
        /// `"slerp"` (sd-webui-animatediff's). Default `"linear"`.
        public var promptInterpolation: PromptInterpolation = .linear

        public init() {}

        /// A MotionLoRA and the strength its update is added with (default 1).
        public struct MotionLoRA: Codable, Sendable, Equatable {
            public var path: String
            public var strength: Double = 1

            public init(path: String, strength: Double = 1) {
                self.path = path
                self.strength = strength
            }

            enum CodingKeys: String, CodingKey, CaseIterable {
                case path, strength
            }

            public init(from decoder: Decoder) throws {
                try decoder.rejectUnknownKeys(CodingKeys.self)
                let container = try decoder.container(keyedBy: CodingKeys.self)
                path = try container.decode(String.self, forKey: .path)
                strength = try container.value(.strength, or: 1)
            }
        }

        public enum ContextSchedule: String, SpecChoice {
            case standardUniform = "standard_uniform"
            case loopedUniform = "looped_uniform"
            case standardStatic = "standard_static"
            case batched
        }

        public enum Fusion: String, SpecChoice {
            case pyramid, flat
            case overlapLinear = "overlap_linear"
            case relative
        }

        public enum PromptInterpolation: String, SpecChoice {
            case linear, slerp
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case motionModule = "motion_module"
            case motionLoras = "motion_loras"
            case contextLength = "context_length"
            case contextOverlap = "context_overlap"
            case contextStride = "context_stride"
            case contextSchedule = "context_schedule"
            case closedLoop = "closed_loop"
            case fusion
            case promptInterpolation = "prompt_interpolation"
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = AnimateDiff()
            motionModule = try container.decodeIfPresent(String.self, forKey: .motionModule)
            motionLoras = try container.value(.motionLoras, or: defaults.motionLoras)
            contextLength = try container.value(.contextLength, or: defaults.contextLength)
            contextOverlap = try container.value(.contextOverlap, or: defaults.contextOverlap)
            contextStride = try container.value(.contextStride, or: defaults.contextStride)
            contextSchedule = try container.value(.contextSchedule, or: defaults.contextSchedule)
            closedLoop = try container.value(.closedLoop, or: defaults.closedLoop)
            fusion = try container.value(.fusion, or: defaults.fusion)
            promptInterpolation = try container.value(.promptInterpolation, or: defaults.promptInterpolation)
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(motionModule, forKey: .motionModule)
            try container.encode(motionLoras, forKey: .motionLoras)
            try container.encode(contextLength, forKey: .contextLength)
            try container.encode(contextOverlap, forKey: .contextOverlap)
            try container.encode(contextStride, forKey: .contextStride)
            try container.encode(contextSchedule, forKey: .contextSchedule)
            try container.encode(closedLoop, forKey: .closedLoop)
            try container.encode(fusion, forKey: .fusion)
            try container.encode(promptInterpolation, forKey: .promptInterpolation)
        }

        /// Range checks, naming the key.
        func validate(invalid: (String) -> AnimationError) throws {
            guard (1...64).contains(contextLength) else {
                throw invalid("animatediff.context_length: \(contextLength) is not between 1 and 64")
            }
            guard contextOverlap >= 0, contextOverlap < contextLength else {
                throw invalid("animatediff.context_overlap: \(contextOverlap) must be at least 0 and below context_length \(contextLength)")
            }
            guard (1...8).contains(contextStride) else {
                throw invalid("animatediff.context_stride: \(contextStride) is not between 1 and 8")
            }
            for (index, lora) in motionLoras.enumerated() where !lora.strength.isFinite || lora.path.isEmpty {
                throw invalid("animatediff.motion_loras[\(index)]: needs a path and a finite strength")
            }
        }
    }
}
