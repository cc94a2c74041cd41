import Tensors

/// Layer normalisation over the last axis (torch.nn.LayerNorm). Keys `weight` and `bias` [width].
public struct LayerNorm: Sendable {
    public let weight: Tensor
    public let bias: Tensor
    public let epsilon: Float

    public init(from weights: WeightReader, prefix: String, width: Int, epsilon: Float) {
        weight = weights.tensor(prefix + ".weight", shape: [width], initializer: .ones)
        bias = weights.tensor(prefix + ".bias", shape: [width], initializer: .zeros)
        self.epsilon = epsilon
    }

    /// `x` [..., width] → same shape.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.layerNorm(weight: weight, bias: bias, epsilon: epsilon)
    }
}
