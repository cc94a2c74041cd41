import Kernels

/// Normalisation layers (`Kernels.Normalization`), with statistics in double precision.
extension Tensor {
    /// `torch.nn.GroupNorm(groups, C, eps=epsilon)` on self [N, C, ...] with affine `weight`, `bias`
    /// [C]; followed by SiLU when `applySiLU` (fused: one pass over the data).
    public func groupNorm(groups: Int, weight: Tensor, bias: Tensor, epsilon: Float, applySiLU: Bool = false) -> Tensor {
        precondition(rank >= 2, "groupNorm needs [N, C, ...], got \(shape)")
        let channels = shape[1]
        precondition(weight.shape == [channels] && bias.shape == [channels], "groupNorm: weight \(weight.shape), bias \(bias.shape) for \(channels) channels")
        precondition(groups > 0 && channels % groups == 0, "groupNorm: \(channels) channels in \(groups) groups")
        let spatial = shape[2...].reduce(1, *)
        return withPointer { x in
            weight.withPointer { w in
                bias.withPointer { b in
                    Tensor.make(shape) { y in
                        Normalization.groupNorm(
                            x, y, batch: shape[0], channels: channels, spatial: spatial, groups: groups,
                            weight: w, bias: b, epsilon: epsilon, applySiLU: applySiLU)
                    }
                }
            }
        }
    }

    /// `torch.nn.LayerNorm(F, eps=epsilon)` over the last axis (F) with affine `weight`, `bias` [F].
    public func layerNorm(weight: Tensor, bias: Tensor, epsilon: Float) -> Tensor {
        precondition(rank >= 1, "layerNorm needs at least one axis")
        let features = shape[rank - 1]
        precondition(weight.shape == [features] && bias.shape == [features], "layerNorm: weight \(weight.shape), bias \(bias.shape) for \(features) features")
        let rows = features == 0 ? 0 : count / features
        return withPointer { x in
            weight.withPointer { w in
                bias.withPointer { b in
                    Tensor.make(shape) { y in
                        Normalization.layerNorm(x, y, rows: rows, features: features, weight: w, bias: b, epsilon: epsilon)
                    }
                }
            }
        }
    }
}
