/// Zero padding around the spatial plane of a 2-D convolution, per side. Asymmetric padding is
/// what diffusers' VAE `Downsample2D` does (`F.pad(x, (0, 1, 0, 1))` then a stride-2 convolution
/// without padding).
public struct Padding2D: Sendable, Equatable {
    public var top: Int
    public var left: Int
    public var bottom: Int
    public var right: Int

    /// Padding per side; all must be ≥ 0.
    public init(top: Int, left: Int, bottom: Int, right: Int) {
        precondition(top >= 0 && left >= 0 && bottom >= 0 && right >= 0, "negative padding")
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
    }

    /// No padding.
    public static let zero = Padding2D(top: 0, left: 0, bottom: 0, right: 0)

    /// `p` on every side, as `torch.nn.Conv2d(padding=p)`.
    public static func uniform(_ p: Int) -> Padding2D {
        Padding2D(top: p, left: p, bottom: p, right: p)
    }
}

extension Tensor {
    /// `Tensor.Padding2D` names the module-level `Padding2D`.
    public typealias Padding2D = Tensors.Padding2D
}
