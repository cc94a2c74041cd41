/// The interpolation of `torch.nn.functional.grid_sample`, Deforum's `sampling_mode` (3D only).
public enum SamplingMode: String, CaseIterable, Sendable, Codable {
    /// Cubic convolution with `A = −0.75` over 4×4 taps (Deforum's default).
    case bicubic
    case bilinear
    /// The nearest pixel, ties rounded to even.
    case nearest
}

/// `grid_sample`'s `padding_mode`, Deforum's 3D `padding_mode`.
public enum PaddingMode: String, CaseIterable, Sendable, Codable {
    /// Clamp to the edge (Deforum's default).
    case border
    /// Mirror about the image's outer pixel edges (`align_corners=False`).
    case reflection
    /// Black outside the image.
    case zeros
}

/// Sampling a float image at arbitrary positions as `grid_sample(…, align_corners=False)` does
/// (PyTorch `aten/src/ATen/native/GridSampler.h`), in double precision.
struct GridSampler {
    let width: Int
    let height: Int
    let padding: PaddingMode

    /// The coordinate a bilinear or nearest sample uses on an axis of `size` pixels:
    /// clamped (border) or reflected then clamped (reflection); zeros keeps it as is.
    func sourceCoordinate(_ coordinate: Double, size: Int) -> Double {
        switch padding {
        case .zeros:
            return coordinate
        case .border:
            return min(max(coordinate, 0), Double(size - 1))
        case .reflection:
            return min(max(reflect(coordinate, size: size), 0), Double(size - 1))
        }
    }

    /// Reflection about `−0.5` and `size − 0.5` (`reflect_coordinates` with `align_corners=False`).
    private func reflect(_ coordinate: Double, size: Int) -> Double {
        let minimum = -0.5
        let span = Double(size)
        var x = abs(coordinate - minimum)
        let flips = (x / span).rounded(.down)
        x -= flips * span
        let extra = x
        return flips.truncatingRemainder(dividingBy: 2) == 0 ? extra + minimum : span - extra + minimum
    }

    /// The tap index a bicubic sample reads for integer position `index`, or nil for a zero tap.
    func tapIndex(_ index: Int, size: Int) -> Int? {
        switch padding {
        case .zeros:
            return index >= 0 && index < size ? index : nil
        case .border, .reflection:
            let c = Int(sourceCoordinate(Double(index), size: size))
            return c
        }
    }

    /// The cubic convolution weights (`A = −0.75`) for fraction `t` of taps −1, 0, 1, 2.
    static func cubicWeights(_ t: Double) -> (Double, Double, Double, Double) {
        let a = -0.75
        func near(_ x: Double) -> Double { ((a + 2) * x - (a + 3)) * x * x + 1 }
        func far(_ x: Double) -> Double { ((a * x - 5 * a) * x + 8 * a) * x - 4 * a }
        return (far(t + 1), near(t), near(1 - t), far(2 - t))
    }
}
