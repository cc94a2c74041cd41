import Kernels

/// Activations and softmax (`Kernels.Activation`, `Kernels.Softmax`), shape-preserving except GEGLU.
extension Tensor {
    /// SiLU: x · σ(x), as `torch.nn.functional.silu`.
    public func silu() -> Tensor {
        withPointer { x in Tensor.make(shape) { Activation.silu(x, $0, count: count) } }
    }

    /// GELU, exact erf form, as `torch.nn.functional.gelu` with its default `approximate='none'`.
    public func gelu() -> Tensor {
        withPointer { x in Tensor.make(shape) { Activation.gelu(x, $0, count: count) } }
    }

    /// QuickGELU: x · σ(1.702 x), as OpenAI CLIP (`transformers` `quick_gelu`).
    public func quickGELU() -> Tensor {
        withPointer { x in Tensor.make(shape) { Activation.quickGELU(x, $0, count: count) } }
    }

    /// GEGLU as diffusers' `GEGLU.forward` after its projection: the last axis (2F) splits into
    /// `hidden, gate` halves and the result is `hidden · gelu(gate)`: [..., 2F] → [..., F].
    public func geglu() -> Tensor {
        precondition(rank >= 1 && shape[rank - 1] % 2 == 0, "geglu needs an even last axis, got \(shape)")
        let features = shape[rank - 1] / 2
        let rows = features == 0 ? 0 : count / (2 * features)
        var outShape = shape
        outShape[rank - 1] = features
        return withPointer { x in
            Tensor.make(outShape) { Activation.geglu(x, $0, rows: rows, features: features) }
        }
    }

    /// Softmax over the last axis, max-subtracted, as `torch.softmax(x, dim=-1)`.
    public func softmax() -> Tensor {
        precondition(rank >= 1, "softmax needs at least one axis")
        let length = shape[rank - 1]
        let rows = length == 0 ? 0 : count / length
        return withPointer { x in Tensor.make(shape) { Softmax.rows(x, $0, rows: rows, length: length) } }
    }
}
