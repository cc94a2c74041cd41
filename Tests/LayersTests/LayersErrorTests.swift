import Layers
import Testing

@Test func shapeMismatchNamesKeyAndShapes() {
    let error = LayersError.shapeMismatch(key: "conv_in.weight", expected: [320, 4, 3, 3], actual: [320, 9, 3, 3])
    #expect(error.description == "weight 'conv_in.weight' has shape [320, 9, 3, 3], expected [320, 4, 3, 3]")
}
