import StableDiffusion
import Testing

@Test func invalidRequestNamesTheField() {
    #expect(PipelineError.invalidRequest(field: "width", detail: "must be a multiple of 8, got 500").description
        == "width: must be a multiple of 8, got 500")
}
