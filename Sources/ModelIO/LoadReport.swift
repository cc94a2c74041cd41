/// What loading a checkpoint did with its keys, beyond the tensors it exposes: shown by
/// `zoetrope inspect`, and available to callers that want to warn.
public struct LoadReport: Sendable, Equatable {
    /// Keys skipped on purpose: EMA copies, DDPM schedule buffers, CLIP `position_ids`, entries of a
    /// `.ckpt` state dict that are not tensors (such as `global_step`).
    public var ignoredKeys: [String] = []
    /// Keys that no mapping rule places in a component (kept out of every component).
    public var unmappedKeys: [String] = []
    /// Components the checkpoint lacks (`unet`, `vae`, `text_encoder`) and why; `open` refuses
    /// such a checkpoint, `CheckpointInspection` lists them.
    public var missingComponents: [String: String] = [:]

    public init() {}
}
