import StableDiffusion
import Testing

/// A1111's `<lora:…>` syntax (`extra_networks.parse_prompt`, the Lora network's multipliers).
@Suite struct LoRAPromptTagsTests {
    @Test func tagsAreRemovedAndTheirMultipliersRead() throws {
        let (text, loras) = try LoRAPromptTags.extract(from: "a cat <lora:style:0.8>, <lyco:detail>  <lora:both:0.5:1.5> end")
        #expect(text == "a cat ,    end")
        #expect(loras == [
            LoRASelection(name: "style", unetStrength: 0.8, textEncoderStrength: 0.8),
            LoRASelection(name: "detail", unetStrength: 1, textEncoderStrength: 1),
            LoRASelection(name: "both", unetStrength: 1.5, textEncoderStrength: 0.5),
        ])
    }

    @Test func namedMultipliersOverridePositionalOnes() throws {
        let loras = try LoRAPromptTags.extract(from: "<lora:x:0.2:te=0.4:unet=-1>").loras
        #expect(loras == [LoRASelection(name: "x", unetStrength: -1, textEncoderStrength: 0.4)])
    }

    @Test func textThatIsNotATagStays() throws {
        let prompt = "a <b> c, 1 < 2, <:x>, <lora without colon>"
        #expect(try LoRAPromptTags.extract(from: prompt).prompt == prompt)
        #expect(try LoRAPromptTags.extract(from: prompt).loras.isEmpty)
    }

    @Test func otherNetworksAndBadNumbersNameTheTagAndPosition() throws {
        #expect(throws: PipelineError.invalidRequest(
            field: "prompt", detail: "extra network <hypernet:h:1> at character 2 is not supported (only lora and lyco)")) {
            try LoRAPromptTags.extract(from: "a <hypernet:h:1>")
        }
        #expect(throws: PipelineError.invalidRequest(field: "prompt", detail: "<lora:x:strong> at character 0: 'strong' is not a number")) {
            try LoRAPromptTags.extract(from: "<lora:x:strong>")
        }
    }
}
