import Animation
import Samplers
import StableDiffusion

/// The one place `zoetrope render` gets its `FrameGenerator`: the Stable Diffusion pipeline for the
/// checkpoint at `modelPath` (nil: the built-in demo model) with its add-ons, following Deforum's
/// A1111 conventions.
func makeFrameGenerator(
    modelPath: String?, vae: String?, loraDirectory: String?, embeddingsDirectory: String?, rng: String, quiet: Bool
) throws -> any FrameGenerator {
    guard let source = RandomSourceKind(rawValue: rng) else { throw UserError("--rng '\(rng)' is not one of cpu, cuda") }
    let model = try ModelLoading.load(path: modelPath, vae: vae, embeddings: embeddingsDirectory, quiet: quiet)
    var generator = PipelineFrameGenerator(pipeline: StableDiffusionPipeline(model: model), randomSource: source)
    generator.loraDirectory = loraDirectory
    return generator
}
