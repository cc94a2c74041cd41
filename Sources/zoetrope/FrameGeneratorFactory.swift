import Animation

/// The one place `zoetrope render` gets its `FrameGenerator`: the Stable Diffusion pipeline loaded
/// from `modelPath` (nil: the built-in demo model). Until the pipeline is wired in here, rendering
/// refuses clearly (after the spec and plan have been checked).
/// - Throws: `UserError` when the generator cannot be made.
func makeFrameGenerator(modelPath: String?) throws -> any FrameGenerator {
    throw UserError.notImplemented("render: the diffusion pipeline")
}
