/// Nearest-neighbour resizing to an arbitrary size, as `torch.nn.functional.interpolate(mode="nearest")`
/// does it: output pixel `i` reads input pixel `floor(i · in / out)`. The UNet needs it when a skip
/// connection's size is not twice the upsampled one (inputs not a multiple of the downsampling factor).
extension Tensor {
    /// `self` [N, C, H, W] → [N, C, height, width].
    public func resizedNearest(height: Int, width: Int) -> Tensor {
        precondition(rank == 4 && height > 0 && width > 0, "resizedNearest needs [N, C, H, W] and a positive size")
        let (planes, inHeight, inWidth) = (shape[0] * shape[1], shape[2], shape[3])
        let heightScale = Float(inHeight) / Float(height)
        let widthScale = Float(inWidth) / Float(width)
        let rows = (0..<height).map { min(Int((Float($0) * heightScale).rounded(.down)), inHeight - 1) }
        let columns = (0..<width).map { min(Int((Float($0) * widthScale).rounded(.down)), inWidth - 1) }
        return withUnsafeBufferPointer { input in
            Tensor(shape: [shape[0], shape[1], height, width], unsafeUninitialized: { output in
                for plane in 0..<planes {
                    let source = plane * inHeight * inWidth
                    let target = plane * height * width
                    for (y, row) in rows.enumerated() {
                        for (x, column) in columns.enumerated() {
                            output[target + y * width + x] = input[source + row * inWidth + column]
                        }
                    }
                }
            })
        }
    }
}
