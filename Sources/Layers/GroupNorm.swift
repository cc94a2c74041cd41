import Tensors

/// Group normalisation (torch.nn.GroupNorm, Wu & He 2018) over NCHW tensors, optionally fused with
/// the SiLU that follows it everywhere in the UNet and VAE. Keys `weight` and `bias` [channels].
public struct GroupNorm: Sendable {
    public let weight: Tensor
    public let bias: Tensor
    public let groups: Int
    public let epsilon: Float

    public init(from weights: WeightReader, prefix: String, channels: Int, groups: Int, epsilon: Float) {
        weight = weights.tensor(prefix + ".weight", shape: [channels], initializer: .ones)
        bias = weights.tensor(prefix + ".bias", shape: [channels], initializer: .zeros)
        self.groups = groups
        self.epsilon = epsilon
    }

    /// `x` [N, C, ...] normalised per sample and group, then scaled and shifted per channel;
    /// `silu(…)` of that when `applySiLU`.
    public func callAsFunction(_ x: Tensor, applySiLU: Bool = false) -> Tensor {
        x.groupNorm(groups: groups, weight: weight, bias: bias, epsilon: epsilon, applySiLU: applySiLU)
    }
}
