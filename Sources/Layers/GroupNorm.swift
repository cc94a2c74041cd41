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

    /// The same over consecutive runs of `frames` items of `x` [N·frames, C, H, W] taken together:
    /// each group's statistics span all frames of a video (AnimateDiff v1's "non-inflated" GroupNorm,
    /// official `use_inflated_groupnorm: false`). `frames` 1 is the plain per-item norm.
    public func callAsFunction(_ x: Tensor, applySiLU: Bool = false, frames: Int) -> Tensor {
        guard frames > 1 else { return self(x, applySiLU: applySiLU) }
        let (items, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let videos = items / frames
        let joined = x.reshaped([videos, frames, channels, height * width]).permuted([0, 2, 1, 3])
        return self(joined, applySiLU: applySiLU).permuted([0, 2, 1, 3]).reshaped([items, channels, height, width])
    }
}
