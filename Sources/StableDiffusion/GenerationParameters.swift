/// The generation settings as A1111 writes them into a PNG's `parameters` text chunk, so that
/// A1111's "PNG Info", Civitai and other readers show them:
///
///     prompt
///     Negative prompt: negative
///     Steps: 20, Sampler: Euler a, Schedule type: Karras, CFG scale: 7.5, Seed: 42, Size: 512x512, Model: name, …
public enum GenerationParameters {
    /// The text for `request` generated with the model named `modelName` (hash when known).
    public static func text(for request: GenerationRequest, modelName: String, modelHash: String? = nil) -> String {
        var fields: [(String, String)] = [
            ("Steps", "\(request.steps)"),
            ("Sampler", request.sampler.displayName),
            ("Schedule type", request.schedule.rawValue.prefix(1).uppercased() + request.schedule.rawValue.dropFirst()),
            ("CFG scale", format(request.guidanceScale)),
            ("Seed", "\(request.seed)"),
            ("Size", "\(request.width)x\(request.height)"),
        ]
        if let modelHash { fields.append(("Model hash", modelHash)) }
        fields.append(("Model", modelName))
        if request.initImage != nil { fields.append(("Denoising strength", format(request.strength))) }
        if request.clipSkip > 1 { fields.append(("Clip skip", "\(request.clipSkip)")) }
        if let eta = request.eta { fields.append(("Eta", format(eta))) }
        fields.append(("RNG", request.randomSource == .cpu ? "CPU" : "NV"))
        fields.append(("Version", "zoetrope"))
        return text(prompt: request.prompt, negativePrompt: request.negativePrompt, fields: fields)
    }

    /// The text of `prompt`, `negativePrompt` (left out when empty) and `fields` in order, each
    /// value quoted as A1111 does when it holds a comma, colon or quote.
    public static func text(prompt: String, negativePrompt: String, fields: [(String, String)]) -> String {
        var lines = [prompt]
        if !negativePrompt.isEmpty { lines.append("Negative prompt: " + negativePrompt) }
        lines.append(fields.map { "\($0.0): \(quoted($0.1))" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// Numbers as A1111 prints them: no trailing `.0`.
    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// A1111 quotes values containing commas, colons or quotes.
    private static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == ":" || $0 == "\"" || $0 == "\n" }) else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}
