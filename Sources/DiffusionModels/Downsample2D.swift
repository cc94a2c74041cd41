import Layers
import Tensors

/// Halves the resolution with a stride-2 3×3 convolution (diffusers `Downsample2D`, key `conv`).
/// The UNet pads 1 on every side; the VAE encoder pads only right and bottom (padding 0 plus an
/// explicit `(0, 1, 0, 1)` pad), which this expresses as an asymmetric padding.
struct Downsample2D: Sendable {
    let conv: Conv2d

    init(from weights: WeightReader, prefix p: String, channels: Int, asymmetricPadding: Bool) {
        let padding = asymmetricPadding ? Padding2D(top: 0, left: 0, bottom: 1, right: 1) : .uniform(1)
        conv = Conv2d(
            from: weights, prefix: p + "conv", inputs: channels, outputs: channels, kernel: 3, stride: 2, padding: padding)
    }

    func callAsFunction(_ x: Tensor) -> Tensor { conv(x) }
}
