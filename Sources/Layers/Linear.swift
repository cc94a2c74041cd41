import Tensors

/// A fully connected layer, `y = x·Wᵀ + b` (torch.nn.Linear): keys `weight` [out, in] and `bias` [out].
public struct Linear: Sendable {
    public let weight: Tensor
    public let bias: Tensor?

    /// Loads `prefix.weight` and, when `bias` is true, `prefix.bias`.
    public init(from weights: WeightReader, prefix: String, inputs: Int, outputs: Int, bias: Bool = true) {
        weight = weights.tensor(prefix + ".weight", shape: [outputs, inputs])
        self.bias = bias ? weights.tensor(prefix + ".bias", shape: [outputs], initializer: .zeros) : nil
    }

    /// `x` [..., in] → [..., out].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.linear(weight: weight, bias: bias)
    }
}
