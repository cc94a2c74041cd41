import Foundation
import ModelIO

extension StableDiffusionPipeline {
    /// The pipeline and request that run `request`'s LoRAs, or nil when it has none: the LoRAs of
    /// `request.loras` and of the prompt's `<lora:…>` tags (removed from the text), merged into a
    /// variant of the model. With a prompt blend of weight w, the prompt's LoRA multipliers count
    /// (1 − w) and the blend prompt's w, so a LoRA fades with its prompt. Files are found by name in
    /// `request.loraDirectory`; one LoRA named twice gets the sum of its multipliers.
    func loraAdapted(_ request: GenerationRequest) throws -> (pipeline: StableDiffusionPipeline, request: GenerationRequest)? {
        var adapted = request
        adapted.loras = []
        let positive = try LoRAPromptTags.extract(from: request.prompt)
        adapted.prompt = positive.prompt
        var selections = request.loras
        var share = 1.0
        if var blend = request.promptBlend {
            let tags = try LoRAPromptTags.extract(from: blend.prompt)
            blend.prompt = tags.prompt
            adapted.promptBlend = blend
            selections += tags.loras.map { $0.scaled(by: blend.weight) }
            share = 1 - blend.weight
        }
        selections += positive.loras.map { $0.scaled(by: share) }
        guard !selections.isEmpty else { return nil }
        var combined: [(path: String, selection: LoRASelection)] = []
        for selection in selections {
            let path = try LoRABaseWeights.path(of: selection.name, directory: request.loraDirectory)
            if let index = combined.firstIndex(where: { $0.path == path }) {
                combined[index].selection.unetStrength += selection.unetStrength
                combined[index].selection.textEncoderStrength += selection.textEncoderStrength
            } else {
                combined.append((path, selection))
            }
        }
        guard let base = model.addOns.loraBase else {
            throw PipelineError.modelUnavailable("LoRAs need a model loaded from a checkpoint; \(model.name) keeps no base weights to merge into")
        }
        let files = try combined.map { (file: try base.file(at: $0.path), selection: $0.selection) }
        return (StableDiffusionPipeline(model: try model.merging(files)), adapted)
    }
}
