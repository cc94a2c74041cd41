import Layers
import Tensors

/// Spatial transformer (diffusers `Transformer2DModel` for continuous inputs): group norm, `proj_in`
/// to tokens, transformer blocks, `proj_out`, plus the input. `proj_in`/`proj_out` are 1×1
/// convolutions in SD1.x and linear layers when `use_linear_projection` is set.
struct Transformer2DModel: Sendable {
    enum Projection: Sendable {
        case convolution(Conv2d)
        case linear(Linear)
    }

    let norm: GroupNorm
    let projectionIn: Projection
    let blocks: [BasicTransformerBlock]
    let projectionOut: Projection

    init(
        from weights: WeightReader, prefix p: String, channels: Int, heads: Int, contextWidth: Int, groups: Int,
        linearProjection: Bool
    ) {
        norm = GroupNorm(from: weights, prefix: p + "norm", channels: channels, groups: groups, epsilon: 1e-6)
        func projection(_ name: String) -> Projection {
            linearProjection
                ? .linear(Linear(from: weights, prefix: p + name, inputs: channels, outputs: channels))
                : .convolution(Conv2d(from: weights, prefix: p + name, inputs: channels, outputs: channels, kernel: 1))
        }
        projectionIn = projection("proj_in")
        blocks = [
            BasicTransformerBlock(
                from: weights, prefix: p + "transformer_blocks.0.", width: channels, heads: heads, contextWidth: contextWidth)
        ]
        projectionOut = projection("proj_out")
    }

    /// `x` [N, C, H, W], `context` [N, L, contextWidth] → [N, C, H, W].
    func callAsFunction(_ x: Tensor, context: Tensor) -> Tensor {
        let (n, c, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        var h = norm(x)
        switch projectionIn {
        case .convolution(let conv): h = conv(h).permuted([0, 2, 3, 1]).reshaped([n, height * width, c])
        case .linear(let linear): h = linear(h.permuted([0, 2, 3, 1]).reshaped([n, height * width, c]))
        }
        for block in blocks {
            h = block(h, context: context)
        }
        switch projectionOut {
        case .convolution(let conv): h = conv(h.reshaped([n, height, width, c]).permuted([0, 3, 1, 2]))
        case .linear(let linear): h = linear(h).reshaped([n, height, width, c]).permuted([0, 3, 1, 2])
        }
        return h + x
    }
}
