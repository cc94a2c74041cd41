import ModelIO
import Testing

@Test func malformedNamesTheFile() {
    #expect(ModelIOError.malformed(file: "model.safetensors", detail: "header length 9999 past end of file").description
        == "model.safetensors: header length 9999 past end of file")
}
