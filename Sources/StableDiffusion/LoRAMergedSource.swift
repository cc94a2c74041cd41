import Tensors

/// A component's weights with LoRA differences added: `base` as it is, except the tensors in
/// `deltas`, which read as `base + delta`. Models built from it share every unchanged tensor with
/// the base model (tensors are copy-on-write values), so a merged variant costs only the memory of
/// the layers the LoRAs touch, and the base weights stay intact for merging again at other strengths.
struct LoRAMergedSource: TensorSource {
    let base: any TensorSource
    /// Weight key → the sum of its LoRA differences, already of the weight's shape.
    let deltas: [String: Tensor]

    var tensorNames: [String] { base.tensorNames }

    func shape(of name: String) -> [Int]? { base.shape(of: name) }

    func tensor(named name: String) throws -> Tensor {
        let weight = try base.tensor(named: name)
        guard let delta = deltas[name] else { return weight }
        return weight + delta
    }
}
