import Layers
import Tensors

/// TAESD's residual block (diffusers `AutoencoderTinyBlock`): `relu(conv(relu(conv(relu(conv(x))))) + x)`
/// with 3×3 convolutions `conv.0`, `conv.2`, `conv.4` of equal width (so the skip is the identity).
struct AutoencoderTinyBlock: Sendable {
    let convolutions: [Conv2d]

    init(from weights: WeightReader, prefix: String, channels: Int) {
        convolutions = [0, 2, 4].map { index in
            Conv2d(from: weights, prefix: prefix + "conv.\(index)", inputs: channels, outputs: channels, kernel: 3, padding: .uniform(1))
        }
    }

    /// `x` [N, C, H, W] → same shape.
    func callAsFunction(_ x: Tensor) -> Tensor {
        var h = x
        for (index, convolution) in convolutions.enumerated() {
            h = convolution(h)
            if index < convolutions.count - 1 { h = h.relu() }
        }
        return (h + x).relu()
    }
}

extension Tensor {
    /// max(x, 0) elementwise.
    func relu() -> Tensor {
        clamped(min: 0, max: .greatestFiniteMagnitude)
    }
}
