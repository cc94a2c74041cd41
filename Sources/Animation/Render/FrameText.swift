import Foundation
import StableDiffusion

/// The PNG text of a rendered frame: A1111's `parameters` text (prompt, negative prompt, then
/// `Steps: …, Sampler: …, CFG scale: …, Seed: …, Size: WxH, …`), which other tools read, plus
/// Zoetrope's own `zoetrope_frame` entry with the frame's full plan as JSON.
enum FrameText {
    static func parameters(_ plan: FramePlan, spec: AnimationSpec, model: String?) -> [String: String] {
        let parameters = plan.parameters
        var fields = [("Steps", "\(parameters.steps)"), ("Sampler", parameters.sampler),
                      ("CFG scale", ScheduleString.format(parameters.cfg))]
        if let diffusion = plan.diffusion {
            fields.append(("Seed", "\(diffusion.seed)"))
            switch diffusion.start {
            case .text: break
            case .initImage(let strength), .previousFrame(let strength), .videoFrame(let strength):
                fields.append(("Denoising strength", ScheduleString.format(1 - strength)))
            }
        }
        fields.append(("Size", "\(spec.width)x\(spec.height)"))
        if let model { fields.append(("Model", model)) }
        if let clipSkip = parameters.clipSkip { fields.append(("Clip skip", "\(clipSkip)")) }
        fields.append(("Frame", "\(plan.frame)"))
        if case .crossFade(let previous, let next, let weight) = plan.output, plan.diffusion == nil || previous != nil {
            let inLatentSpace = spec.cadenceBlend == .latent && previous != nil && weight < 1
            fields.append(("Cadence", "\(previous.map { "\($0)→" } ?? "")\(next) at \(ScheduleString.format(weight))"
                           + (inLatentSpace ? " in latent space" : "")))
        }
        var entries = [
            "parameters": GenerationParameters.text(
                prompt: parameters.prompt.prompt, negativePrompt: parameters.prompt.negativePrompt, fields: fields)
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(plan), let json = String(data: data, encoding: .utf8) {
            entries["zoetrope_frame"] = json
        }
        return entries
    }

    /// The text of frame `index` of an AnimateDiff video: the prompt key it falls under, the one
    /// negative prompt of the video (the first key's), the settings at frame 0 and the motion module.
    static func parameters(videoFrame index: Int, request: VideoGenerationRequest, motion: String, model: String?) -> [String: String] {
        let key = request.keys.last { $0.frame <= index } ?? request.keys[0]
        var fields = [("Steps", "\(request.steps)"), ("Sampler", request.sampler), ("CFG scale", ScheduleString.format(request.cfg)),
                      ("Seed", "\(request.seed)"), ("Size", "\(request.width)x\(request.height)")]
        if let model { fields.append(("Model", model)) }
        if let clipSkip = request.clipSkip { fields.append(("Clip skip", "\(clipSkip)")) }
        fields.append(("AnimateDiff", "\(motion), \(request.frames) frames, context \(request.settings.contextLength)"))
        fields.append(("Frame", "\(index)"))
        return ["parameters": GenerationParameters.text(prompt: key.prompt, negativePrompt: request.keys[0].negativePrompt, fields: fields)]
    }
}
