import Layers
import Tensors

/// Doubles the resolution by nearest-neighbour interpolation, then a 3×3 convolution (diffusers
/// `Upsample2D`, key `conv`). When the skip connection it meets has an odd size (inputs that are not
/// a multiple of the total downsampling factor), it interpolates to that size instead, as diffusers
/// does with `upsample_size`.
struct Upsample2D: Sendable {
    let conv: Conv2d

    init(from weights: WeightReader, prefix p: String, channels: Int) {
        conv = Conv2d(from: weights, prefix: p + "conv", inputs: channels, outputs: channels, kernel: 3, padding: .uniform(1))
    }

    /// `x` [N, C, H, W] → [N, C, height, width] (default 2H × 2W).
    func callAsFunction(_ x: Tensor, height: Int? = nil, width: Int? = nil) -> Tensor {
        let targetHeight = height ?? 2 * x.shape[2]
        let targetWidth = width ?? 2 * x.shape[3]
        if targetHeight == 2 * x.shape[2] && targetWidth == 2 * x.shape[3] {
            return conv(x.upsampledNearest2x())
        }
        return conv(x.resizedNearest(height: targetHeight, width: targetWidth))
    }
}
