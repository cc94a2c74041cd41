import Foundation
import ModelIO
import StableDiffusion
import Tensors
import TestSupport
import Testing

/// LoRA-merged UNet and text-encoder outputs of the tiny model against the explicit merge that
/// diffusers' `load_lora_weights` + `set_adapters` reproduce (make_tiny_sd_addons.py): kohya/A1111 with LoCon
/// convolutions and `.alpha`, diffusers/PEFT with `lora_alpha` in the header metadata, and both
/// stacked, within relative L2 1e-4 (DESIGN.md §3).
@Suite struct LoRAParityTests {
    static func merged(_ testCase: AddOnFixtures.LoRACase) throws -> StableDiffusionModel {
        let model = try #require(AddOnFixtures.model)
        let files = try AddOnFixtures.selections(testCase).map { name, strength in
            (file: try LoRAFile(path: AddOnFixtures.loraDirectory + "/\(name).safetensors"), selection: LoRASelection(name: name, strength: strength))
        }
        return try model.merging(files)
    }

    static func unetOutput(_ model: StableDiffusionModel) throws -> Tensor {
        let parity = try #require(AddOnFixtures.parity)
        return try model.unet(
            parity.tensor(named: "unet.sample"), timestep: Double(parity.tensor(named: "unet.timestep").scalars[0]),
            context: parity.tensor(named: "unet.context"))
    }

    @Test func fixturesLoad() throws {
        #expect(try #require(AddOnFixtures.cases).lora.count == 3)
        _ = try #require(AddOnFixtures.model)
    }

    @Test(arguments: AddOnFixtures.cases?.lora ?? [])
    func mergedUNetMatchesReference(_ testCase: AddOnFixtures.LoRACase) throws {
        let output = try Self.unetOutput(try Self.merged(testCase))
        let expected = try #require(AddOnFixtures.parity).tensor(named: "lora.\(testCase.name).unet")
        #expect(output.shape == expected.shape)
        #expect(Numerics.relativeL2(output.scalars, reference: expected.scalars) <= 1e-4)
    }

    @Test(arguments: AddOnFixtures.cases?.lora ?? [])
    func mergedTextEncoderMatchesReference(_ testCase: AddOnFixtures.LoRACase) throws {
        let model = try Self.merged(testCase)
        let expected = try #require(AddOnFixtures.parity).tensor(named: "lora.\(testCase.name).clip")
        for (row, prompt) in AddOnFixtures.clipPrompts.enumerated() {
            let hidden = try model.prompts.encode(prompt).hiddenStates
            let reference = expected.slice(axis: 0, row..<row + 1)
            #expect(Numerics.relativeL2(hidden.scalars, reference: reference.scalars) <= 1e-4)
        }
    }

    /// Merging starts from the loaded weights every time: other strengths in between change nothing,
    /// and the base model is untouched.
    @Test func remergingAtAnotherStrengthDoesNotAccumulate() throws {
        let model = try #require(AddOnFixtures.model)
        let baseBefore = try Self.unetOutput(model)
        let file = try LoRAFile(path: AddOnFixtures.loraDirectory + "/kohya_locon.safetensors")
        for strength in [0.3, -1.2, 0.5, 2.0] {
            _ = try model.merging([(file, LoRASelection(name: "kohya_locon", strength: strength))])
        }
        let again = try Self.unetOutput(try model.merging([(file, LoRASelection(name: "kohya_locon", strength: 0.8))]))
        let expected = try #require(AddOnFixtures.parity).tensor(named: "lora.kohya.unet")
        #expect(Numerics.relativeL2(again.scalars, reference: expected.scalars) <= 1e-4)
        #expect(try Self.unetOutput(model).scalars == baseBefore.scalars)
        let zero = try model.merging([(file, LoRASelection(name: "kohya_locon", strength: 0))])
        #expect(try Self.unetOutput(zero).scalars == baseBefore.scalars)
    }

    /// A UNet-only multiplier leaves the text encoder as loaded (A1111's `<lora:name:0:1>`).
    @Test func separateMultipliersApplyPerComponent() throws {
        let model = try #require(AddOnFixtures.model)
        let file = try LoRAFile(path: AddOnFixtures.loraDirectory + "/kohya_locon.safetensors")
        let merged = try model.merging([(file, LoRASelection(name: "kohya_locon", unetStrength: 0.8, textEncoderStrength: 0))])
        let prompt = AddOnFixtures.clipPrompts[0]
        #expect(try merged.prompts.encode(prompt).hiddenStates.scalars == model.prompts.encode(prompt).hiddenStates.scalars)
        let expected = try #require(AddOnFixtures.parity).tensor(named: "lora.kohya.unet")
        #expect(Numerics.relativeL2(try Self.unetOutput(merged).scalars, reference: expected.scalars) <= 1e-4)
    }

    @Test func theDemoModelRefusesLoRAs() throws {
        let file = try LoRAFile(path: AddOnFixtures.loraDirectory + "/kohya_locon.safetensors")
        #expect(throws: PipelineError.self) {
            try StableDiffusionModel.demo().merging([(file, LoRASelection(name: "kohya_locon"))])
        }
    }

    /// A LoRA naming layers the model lacks, or of the wrong size, is refused with its key.
    @Test func aLoRAForAnotherModelIsRefusedByKey() throws {
        let model = try #require(AddOnFixtures.model)
        func file(_ module: String, inputs: Int) throws -> LoRAFile {
            try LoRAFile(
                source: InMemoryTensorSource([
                    "lora_unet_\(module).lora_down.weight": Tensor(shape: [2, inputs], repeating: 0.1),
                    "lora_unet_\(module).lora_up.weight": Tensor(shape: [16, 2], repeating: 0.1),
                ]), path: "other.safetensors")
        }
        let missing = try file("input_blocks_1_1_proj_in", inputs: 16)
        #expect {
            try model.merging([(missing, LoRASelection(name: "other"))])
        } throws: { error in
            "\(error)".contains("lora_unet_input_blocks_1_1_proj_in.lora_down.weight")
        }
        let wrongSize = try file("time_embedding_linear_1", inputs: 7)
        #expect {
            try model.merging([(wrongSize, LoRASelection(name: "other"))])
        } throws: { error in
            "\(error)".contains("time_embedding.linear_1.weight")
        }
    }

    @Test func anUnknownLoRANameIsAnInvalidRequest() throws {
        var request = GenerationRequest(prompt: "x <lora:missing_one:1>")
        request.loraDirectory = AddOnFixtures.loraDirectory
        request.width = 64
        request.height = 64
        request.steps = 1
        #expect(throws: PipelineError.self) { try StableDiffusionPipeline(model: try #require(AddOnFixtures.model)).generate(request) }
    }
}
