import Foundation

/// A ready-made animation spec (`zoetrope presets list`, `zoetrope render NAME`). Each has an
/// editable copy in the repository's `presets/NAME.json`; a test checks that the two agree.
public struct AnimationPreset: Sendable, Equatable {
    /// The preset's name, as the CLI takes it (`zoom-tunnel`).
    public let name: String
    /// One line saying what it shows.
    public let summary: String
    /// The spec as JSON (only the keys that differ from the defaults).
    public let json: String

    /// The spec, decoded and validated.
    /// - Throws: `AnimationError` (a built-in preset always decodes; the tests check it).
    public func load() throws -> LoadedSpec {
        try AnimationSpec.load(Data(json.utf8), file: "preset \(name)")
    }

    /// The preset called `name`, if there is one.
    public static func named(_ name: String) -> AnimationPreset? {
        all.first { $0.name == name }
    }

    /// Every built-in preset, in the order `presets list` prints them.
    public static let all: [AnimationPreset] = [
        AnimationPreset(name: "zoom-tunnel", summary: "2D: a steady zoom with a slow twist, through a shifting tunnel", json: """
            {
              "mode": "2D",
              "frames": 96,
              "fps": 24,
              "prompts": {
                "0": "an endless tunnel of glowing crystal arches, volumetric light, highly detailed --neg blurry, text",
                "48": "an endless tunnel of overgrown stone arches, bioluminescent moss, highly detailed --neg blurry, text"
              },
              "strength": "0: (0.6)",
              "cadence": 2,
              "motion": { "zoom": "0: (1.04)", "angle": "0: (0.4)" },
              "noise": { "amount": "0: (0.04)" }
            }
            """),
        AnimationPreset(name: "slow-orbit", summary: "3D (flat depth): the camera pans and rolls slowly around the scene", json: """
            {
              "mode": "3D",
              "frames": 120,
              "fps": 24,
              "prompts": { "0": "a lighthouse on a rocky island at dusk, dramatic clouds, oil painting --neg blurry" },
              "strength": "0: (0.65)",
              "cadence": 3,
              "motion": {
                "translation_x": "0: (-1.2)",
                "translation_z": "0: (0.4)",
                "rotation_3d_y": "0: (0.35)",
                "rotation_3d_z": "0: (0.1)",
                "fov": "0: (60)"
              }
            }
            """),
        AnimationPreset(name: "pan-colour-coherence", summary: "2D: a sideways pan whose palette is held to the first frame (LAB histogram matching)", json: """
            {
              "mode": "2D",
              "frames": 72,
              "prompts": { "0": "a wide panorama of a watercolour village by a river, soft morning light" },
              "strength": "0: (0.7)",
              "cadence": 2,
              "motion": { "zoom": "0: (1.0)", "translation_x": "0: (-4)" },
              "color": { "coherence": "LAB" },
              "noise": { "amount": "0: (0.03)" }
            }
            """),
        AnimationPreset(name: "dolly-3d", summary: "3D (flat depth): a dolly push forward that eases out", json: """
            {
              "mode": "3D",
              "frames": 90,
              "fps": 24,
              "prompts": {
                "0": "a long corridor of an abandoned art deco hotel, cinematic lighting --neg blurry, people",
                "60": "a grand ballroom of an abandoned art deco hotel, chandeliers, cinematic lighting --neg blurry, people"
              },
              "cadence": 2,
              "motion": { "translation_z": "0: (4), 60: (4), 89: (0.5)", "fov": "0: (55)" }
            }
            """),
        AnimationPreset(name: "prompt-morph", summary: "Interpolation: one scene morphs into the next, conditioning blended frame by frame", json: """
            {
              "mode": "interpolation",
              "frames": 73,
              "fps": 12,
              "seed_behavior": "fixed",
              "prompts": {
                "0": "a portrait of a fox in a forest, autumn, detailed fur",
                "24": "a portrait of an owl in a forest, winter, detailed feathers",
                "48": "a portrait of a deer in a forest, spring blossoms",
                "72": "a portrait of a fox in a forest, autumn, detailed fur"
              },
              "steps": "0: (20)"
            }
            """),
        AnimationPreset(name: "seed-travel", summary: "Interpolation: one prompt, the initial noise slerped between seeds", json: """
            {
              "mode": "interpolation",
              "frames": 61,
              "fps": 12,
              "seed_behavior": "iter",
              "prompts": {
                "0": "a surreal floating island with waterfalls, fantasy concept art",
                "20": "a surreal floating island with waterfalls, fantasy concept art",
                "40": "a surreal floating island with waterfalls, fantasy concept art",
                "60": "a surreal floating island with waterfalls, fantasy concept art"
              },
              "steps": "0: (20)"
            }
            """),
        AnimationPreset(name: "video-stylise", summary: "Video input: every frame of input.mp4 repainted by img2img (set video_input.path)", json: """
            {
              "mode": "video-input",
              "fps": 24,
              "prompts": { "0": "a hand-painted anime scene, studio ghibli style, soft colours --neg photo, realistic" },
              "strength": "0: (0.45)",
              "seed_behavior": "fixed",
              "color": { "coherence": "None" },
              "video_input": { "path": "input.mp4", "every_nth": 2, "soundtrack": true }
            }
            """),
        AnimationPreset(name: "cadence-fast-preview", summary: "2D preview: 256×256, 12 steps, a diffusion every 4th frame", json: """
            {
              "mode": "2D",
              "frames": 48,
              "fps": 12,
              "width": 256,
              "height": 256,
              "prompts": { "0": "a neon city street at night in the rain, cyberpunk" },
              "steps": "0: (12)",
              "cadence": 4,
              "motion": { "zoom": "0: (1.02)", "translation_y": "0: (-1)" },
              "sharpen": { "amount": "0: (0)" }
            }
            """),
        AnimationPreset(name: "animatediff-travel", summary: "AnimateDiff: 32 frames with a motion module, travelling between two prompts in 16-frame windows", json: """
            {
              "mode": "animatediff",
              "frames": 32,
              "fps": 8,
              "width": 256,
              "height": 256,
              "seed": 1234,
              "sampler": "ddim",
              "steps": "0: (20)",
              "cfg": "0: (7.5)",
              "prompts": {
                "0": "a red fox running through a snowy forest, masterpiece --neg blurry, lowres, watermark",
                "20": "a red fox running through an autumn forest, masterpiece"
              },
              "animatediff": { "context_length": 16, "context_overlap": 4, "fusion": "pyramid" }
            }
            """),
    ]
}
