import Tensors

/// The transformer block's feed-forward network with a GEGLU gate (diffusers `FeedForward` with
/// `activation_fn="geglu"`, Shazeer 2020): `net.0.proj` (width → 2·inner), GEGLU, `net.2` (inner → width).
public struct FeedForward: Sendable {
    public let projection: Linear
    public let output: Linear

    public init(from weights: WeightReader, prefix: String, width: Int, innerWidth: Int) {
        projection = Linear(from: weights, prefix: prefix + ".net.0.proj", inputs: width, outputs: 2 * innerWidth)
        output = Linear(from: weights, prefix: prefix + ".net.2", inputs: innerWidth, outputs: width)
    }

    /// `x` [..., width] → [..., width].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        output(projection(x).geglu())
    }
}
