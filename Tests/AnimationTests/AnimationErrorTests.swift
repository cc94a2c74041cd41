import Animation
import Testing

@Test func invalidSpecNamesFileAndDetail() {
    #expect(AnimationError.invalidSpec(file: "spec.json", detail: "key 'fps': expected a number").description
        == "spec.json: key 'fps': expected a number")
}
