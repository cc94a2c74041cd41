import Tensors

/// A 2-D convolution over NCHW tensors (torch.nn.Conv2d): keys `weight` [out, in, k, k], `bias` [out].
public struct Conv2d: Sendable {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Int
    public let padding: Padding2D

    /// Loads a `kernel`×`kernel` convolution from `prefix.weight` / `prefix.bias`.
    public init(
        from weights: WeightReader, prefix: String, inputs: Int, outputs: Int, kernel: Int,
        stride: Int = 1, padding: Padding2D = .zero, bias: Bool = true
    ) {
        weight = weights.tensor(prefix + ".weight", shape: [outputs, inputs, kernel, kernel])
        self.bias = bias ? weights.tensor(prefix + ".bias", shape: [outputs], initializer: .zeros) : nil
        self.stride = stride
        self.padding = padding
    }

    /// `x` [N, in, H, W] → [N, out, H', W'].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.conv2d(weight: weight, bias: bias, stride: stride, padding: padding)
    }
}
