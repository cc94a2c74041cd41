import Animation
import Samplers
import StableDiffusion

/// The one place `zoetrope render` gets its `FrameGenerator`: the Stable Diffusion pipeline for the
/// checkpoint at `modelPath` (nil: the built-in demo model) with its add-ons, following Deforum's
/// A1111 conventions.
func makeFrameGenerator(
    modelPath: String?, vae: String?, loraDirectory: String?, embeddingsDirectory: String?, rng: String, quiet: Bool
) throws -> any FrameGenerator {
    let source = try RandomSourceKind(option: rng)
    let model = try ModelLoading.load(path: modelPath, vae: vae, embeddings: embeddingsDirectory, quiet: quiet)
    var generator = PipelineFrameGenerator(pipeline: StableDiffusionPipeline(model: model), randomSource: source)
    generator.loraDirectory = loraDirectory
    return generator
}

/// The `VideoGenerator` of `zoetrope render` in animatediff mode: the AnimateDiff pipeline for the
/// checkpoint at `modelPath` with the motion module at `motionModule` and the spec's MotionLoRAs.
/// The demo model gets the built-in demo motion module when none is given; a real model needs one.
func makeVideoGenerator(
    modelPath: String?, vae: String?, embeddingsDirectory: String?, motionModule: String?,
    motionLoRAs: [AnimationSpec.AnimateDiff.MotionLoRA], rng: String, quiet: Bool
) throws -> PipelineVideoGenerator {
    let source = try RandomSourceKind(option: rng)
    let model = try ModelLoading.load(path: modelPath, vae: vae, embeddings: embeddingsDirectory, quiet: quiet)
    let motion: MotionModel
    if let motionModule {
        motion = try MotionModel.load(
            path: motionModule, for: model.unet.configuration,
            loras: motionLoRAs.map { MotionModel.LoRA(path: $0.path, strength: $0.strength) })
    } else if model.isDemo {
        guard motionLoRAs.isEmpty else { throw UserError("animatediff.motion_loras need a motion module (animatediff.motion_module or --motion-module)") }
        motion = try MotionModel.demo(for: model.unet.configuration)
    } else {
        throw UserError("animatediff mode needs a motion module: set animatediff.motion_module in the spec or give --motion-module PATH (mm_sd_v15_v2.ckpt, v3_sd15_mm.ckpt, …)")
    }
    for warning in motion.warnings { Console.note("warning: " + warning) }
    if !quiet { Console.note("motion module \(motion.name): AnimateDiff \(motion.version.rawValue), \(motion.adapter.configuration.maxFrames) frames per window at most") }
    return PipelineVideoGenerator(pipeline: AnimateDiffPipeline(model: model, motion: motion), randomSource: source)
}
