import Kernels

/// 2-D convolution (`Kernels.Convolution`).
extension Tensor {
    /// `torch.nn.functional.conv2d(self, weight, bias, stride)` after zero `padding`:
    /// self [N, C, H, W], weight [O, C, kh, kw], bias [O] → [N, O, H', W'] with
    /// H' = (H + top + bottom − kh) / stride + 1 and W' likewise.
    public func conv2d(weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Padding2D = .zero) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[1] == shape[1],
                     "conv2d: input \(shape) does not match weight \(weight.shape)")
        if let bias { precondition(bias.shape == [weight.shape[0]], "conv2d: bias \(bias.shape) for weight \(weight.shape)") }
        precondition(stride >= 1, "conv2d: stride \(stride)")
        let geometry = Convolution.Geometry(
            batch: shape[0], inChannels: shape[1], height: shape[2], width: shape[3], outChannels: weight.shape[0],
            kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], stride: stride,
            padTop: padding.top, padLeft: padding.left, padBottom: padding.bottom, padRight: padding.right)
        precondition(geometry.outHeight > 0 && geometry.outWidth > 0, "conv2d: empty output for input \(shape), weight \(weight.shape)")
        let outShape = [geometry.batch, geometry.outChannels, geometry.outHeight, geometry.outWidth]
        return withPointer { x in
            weight.withPointer { w in
                Tensor.make(outShape) { y in
                    if let bias {
                        bias.withPointer { b in Convolution.conv2d(input: x, weight: w, bias: b, output: y, geometry: geometry) }
                    } else {
                        Convolution.conv2d(input: x, weight: w, bias: nil, output: y, geometry: geometry)
                    }
                }
            }
        }
    }
}
