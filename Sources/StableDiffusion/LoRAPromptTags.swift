import Foundation

/// A1111's extra-network tags in a prompt: `<lora:name>`, `<lora:name:0.8>`,
/// `<lora:name:te:unet>` and the named forms `te=`/`unet=` (`extra_networks.parse_prompt` and the
/// Lora network's `activate`: the text-encoder multiplier defaults to 1, the UNet's to the text
/// encoder's; a fourth positional value, A1111's dynamic rank, is ignored). `<lyco:…>` is the same.
/// Tags are removed from the prompt text, which is then encoded without them, as in A1111.
public enum LoRAPromptTags {
    /// The prompt without its tags, and the LoRAs they name (in order; repeats are kept).
    /// - Throws: `PipelineError.invalidRequest` for another network type (`<hypernet:…>`) or a
    ///   multiplier that is not a number, naming it and its character position.
    public static func extract(from prompt: String) throws(PipelineError) -> (prompt: String, loras: [LoRASelection]) {
        var text = ""
        var loras: [LoRASelection] = []
        var rest = Substring(prompt)
        while let open = rest.firstIndex(of: "<") {
            text += rest[..<open]
            let body = rest[rest.index(after: open)...]
            guard let close = body.firstIndex(of: ">"), let colon = body[..<close].firstIndex(of: ":"),
                !body[..<colon].isEmpty, body[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            else {
                text.append("<")
                rest = body
                continue
            }
            let position = prompt.distance(from: prompt.startIndex, to: open)
            let kind = String(body[..<colon])
            let tag = "<\(body[..<close])>"
            guard kind == "lora" || kind == "lyco" else {
                throw .invalidRequest(field: "prompt", detail: "extra network \(tag) at character \(position) is not supported (only lora and lyco)")
            }
            loras.append(try selection(String(body[body.index(after: colon)..<close]), tag: tag, position: position))
            rest = body[body.index(after: close)...]
        }
        text += rest
        return (text, loras)
    }

    private static func selection(_ parameters: String, tag: String, position: Int) throws(PipelineError) -> LoRASelection {
        var positional: [String] = []
        var named: [String: String] = [:]
        for item in parameters.split(separator: ":", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1)
            if parts.count == 2 {
                named[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
            } else {
                positional.append(item.trimmingCharacters(in: .whitespaces))
            }
        }
        guard let name = positional.first, !name.isEmpty else {
            throw .invalidRequest(field: "prompt", detail: "\(tag) at character \(position) names no LoRA")
        }
        func number(_ text: String?) throws(PipelineError) -> Double? {
            guard let text else { return nil }
            guard let value = Double(text), value.isFinite else {
                throw .invalidRequest(field: "prompt", detail: "\(tag) at character \(position): '\(text)' is not a number")
            }
            return value
        }
        let positionalTextEncoder = try number(positional.count > 1 ? positional[1] : nil)
        let positionalUNet = try number(positional.count > 2 ? positional[2] : nil)
        let textEncoder = try number(named["te"]) ?? positionalTextEncoder ?? 1
        let unet = try number(named["unet"]) ?? positionalUNet ?? textEncoder
        return LoRASelection(name: name, unetStrength: unet, textEncoderStrength: textEncoder)
    }
}
