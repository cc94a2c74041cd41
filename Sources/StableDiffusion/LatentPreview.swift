import Imaging
import Tensors

/// A cheap preview of an SD1.x latent: each latent pixel mapped to RGB by a fixed linear
/// projection (the widely used SD1.5 latent→RGB factors, as in ComfyUI's and A1111's
/// "approximate" previews), at 1/8 of the image size.
public enum LatentPreview {
    /// Rows: latent channels 0…3; columns: R, G, B.
    static let factors: [[Float]] = [
        [0.3512, 0.2297, 0.3227],
        [0.3250, 0.4974, 0.2350],
        [-0.2829, 0.1762, 0.2721],
        [-0.2120, -0.2616, -0.7177],
    ]

    /// The preview of the first latent of `latent` [N, 4, h, w] (as diffusers returns it, before
    /// division by the scaling factor).
    public static func image(_ latent: Tensor) -> RGBImage {
        let (height, width) = (latent.shape[2], latent.shape[3])
        let plane = width * height
        var pixels = [UInt8](repeating: 0, count: plane * 3)
        latent.withUnsafeBufferPointer { values in
            for index in 0..<plane {
                for colour in 0..<3 {
                    var sum: Float = 0
                    for channel in 0..<min(4, latent.shape[1]) {
                        sum += values[channel * plane + index] * factors[channel][colour]
                    }
                    pixels[index * 3 + colour] = UInt8(min(max((sum + 1) * 127.5, 0), 255))
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }
}
