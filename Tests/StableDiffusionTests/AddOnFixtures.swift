import Foundation
import ModelIO
import StableDiffusion
import TestSupport
import Testing

/// The add-on fixtures of `scripts/fixtures/make_tiny_sd_addons.py` (Tests/Fixtures/addons/).
enum AddOnFixtures {
    struct LoRACase: Decodable, CustomTestStringConvertible {
        let name: String
        let loras: [[LoRAEntry]]
        var testDescription: String { name }
    }

    /// `["file", strength]` pairs as the script writes them.
    enum LoRAEntry: Decodable {
        case name(String)
        case strength(Double)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { self = .name(text) } else { self = .strength(try container.decode(Double.self)) }
        }
    }

    struct LCMCase: Decodable, CustomTestStringConvertible {
        let name, prompt, negative, tensor: String
        let seed: UInt64
        let steps: Int
        let cfg: Double
        let unet: String?
        var testDescription: String { name }
    }

    struct Cases: Decodable {
        let lora: [LoRACase]
        let embedding_prompts: [String]
        let lcm: [LCMCase]
    }

    static let cases: Cases? = try? JSONDecoder().decode(Cases.self, from: Fixtures.data("addons/cases.json"))
    static let parity: SafetensorsFile? = try? SafetensorsFile(path: Fixtures.url("addons/parity.safetensors").path)
    static let model: StableDiffusionModel? = try? StableDiffusionModel.load(path: Fixtures.url("tiny-sd/model").path)
    static let loraDirectory = Fixtures.url("addons/loras").path
    /// The prompts of `clip.ids` (transformers' tokenizer ids of these, padded to 77).
    static let clipPrompts = ["a photo of a cat", "an oil painting of a lighthouse at dusk"]

    /// (file name, strength) pairs of a case.
    static func selections(_ testCase: LoRACase) -> [(String, Double)] {
        testCase.loras.compactMap { pair in
            guard pair.count == 2, case .name(let name) = pair[0], case .strength(let strength) = pair[1] else { return nil }
            return (name, strength)
        }
    }
}
