import DiffusionModels
import Foundation
import Layers
import ModelIO
import Tensors

extension StableDiffusionModel {
    /// This model with `loras` merged into its weights: every adapted weight `W` becomes
    /// `W + Σ strength · (alpha / rank) · up · down` (A1111's and diffusers' `fuse_lora` merge), the
    /// UNet part at `unetStrength` and the text-encoder part at `textEncoderStrength`. The merge
    /// starts from the weights the model was loaded from, so merging again at other strengths (a
    /// LoRA weight that changes between frames) never accumulates; variants are cached by the set
    /// of (file, strengths). A component no LoRA changes is shared with this model.
    /// - Throws: `PipelineError.modelUnavailable` when the model keeps no base weights (the demo
    ///   model) or a LoRA module matches no layer or the wrong shape, naming the file and key.
    public func merging(_ loras: [(file: LoRAFile, selection: LoRASelection)]) throws -> StableDiffusionModel {
        let active = loras.filter { $0.selection.unetStrength != 0 || $0.selection.textEncoderStrength != 0 }
        guard !active.isEmpty else { return self }
        guard let base = addOns.loraBase else {
            throw PipelineError.modelUnavailable("LoRAs need a model loaded from a checkpoint; \(name) keeps no base weights to merge into")
        }
        let key = active.map { "\($0.file.path)\u{0}\($0.selection.unetStrength)\u{0}\($0.selection.textEncoderStrength)" }
            .sorted().joined(separator: "\u{1}") + "\u{2}" + prompts.embeddings.embeddings.map(\.path).joined(separator: "\u{1}")
        let parts: (unet: UNet2DConditionModel, prompts: PromptEncoder)
        if let cached = base.variant(key) {
            parts = cached
        } else {
            let unetDeltas = try Self.deltas(.unet, of: active, base: base.unet)
            let textDeltas = try Self.deltas(.textEncoder, of: active, base: base.textEncoder)
            let mergedUNet = unetDeltas.isEmpty ? unet : try UNet2DConditionModel(
                from: WeightReader(LoRAMergedSource(base: base.unet, deltas: unetDeltas), component: "UNet of \(name) with LoRAs"),
                configuration: unet.configuration)
            var mergedPrompts = prompts
            if !textDeltas.isEmpty {
                let textModel = try CLIPTextModel(
                    from: WeightReader(LoRAMergedSource(base: base.textEncoder, deltas: textDeltas), component: "text encoder of \(name) with LoRAs"),
                    configuration: prompts.textModel.configuration)
                mergedPrompts = PromptEncoder(tokenizer: prompts.chunker.tokenizer, textModel: textModel, embeddings: prompts.embeddings)
            }
            parts = (mergedUNet, mergedPrompts)
            base.store(key, unet: mergedUNet, prompts: mergedPrompts)
        }
        var model = StableDiffusionModel(
            name: name, prompts: parts.prompts, unet: parts.unet, vae: vae, scheduler: scheduler, isDemo: isDemo)
        model.addOns = addOns
        return model
    }

    /// The summed difference of every weight of `component` that `loras` adapt, each of the weight's shape.
    static func deltas(
        _ component: LoRAComponent, of loras: [(file: LoRAFile, selection: LoRASelection)], base: any TensorSource
    ) throws -> [String: Tensor] {
        let names = base.tensorNames
        let known = Set(names)
        let index = LoRAKeyMapping.kohyaIndex(names)
        var deltas: [String: Tensor] = [:]
        for (file, selection) in loras {
            let strength = Float(component == .unet ? selection.unetStrength : selection.textEncoderStrength)
            guard strength != 0 else { continue }
            var unmatched: [String] = []
            for module in file.modules where module.component == component {
                guard let target = LoRAKeyMapping.target(for: module, in: known, kohyaIndex: index), let shape = base.shape(of: target)
                else {
                    unmatched.append(module.key)
                    continue
                }
                let delta = module.delta()
                guard delta.count == Tensor.elementCount(shape) else {
                    throw PipelineError.modelUnavailable(
                        "\(file.path): '\(module.key)' (\(module.up.shape[0])×\(module.down.count / module.rank)) does not fit '\(target)' \(shape)")
                }
                let scaled = delta.reshaped(shape) * strength
                deltas[target] = deltas[target].map { $0 + scaled } ?? scaled
            }
            guard unmatched.isEmpty else {
                let shown = unmatched.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
                throw PipelineError.modelUnavailable(
                    "\(file.path): \(unmatched.count) module(s) match no layer of the \(component.rawValue) (\(shown)); is it a LoRA for another model family?")
            }
        }
        return deltas
    }
}
