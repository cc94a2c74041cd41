import Animation
import StableDiffusion

/// The one place `zoetrope render` gets its `FrameGenerator`: the Stable Diffusion pipeline for the
/// checkpoint at `modelPath` (nil: the built-in demo model), with Deforum's A1111 conventions.
func makeFrameGenerator(modelPath: String?) throws -> any FrameGenerator {
    let model = try ModelLoading.load(path: modelPath, vae: nil, quiet: false)
    return PipelineFrameGenerator(pipeline: StableDiffusionPipeline(model: model))
}
