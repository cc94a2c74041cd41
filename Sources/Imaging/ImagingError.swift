/// Errors of the Imaging operations, naming the parameter and what was expected.
public enum ImagingError: Error, Equatable, CustomStringConvertible {
    /// A Gaussian kernel size that is not a positive odd number (`cv2.GaussianBlur` requires one).
    case invalidKernelSize(Int)
    /// Perlin noise whose lattice does not divide the noise field evenly.
    case perlinLatticeMismatch(size: Int, cells: Int)
    /// Two images that had to be the same size were not.
    case sizeMismatch(expected: String, got: String)

    public var description: String {
        switch self {
        case .invalidKernelSize(let size):
            return "unsharp mask kernel size \(size): expected a positive odd integer (Deforum's kernel_schedule)"
        case .perlinLatticeMismatch(let size, let cells):
            return "Perlin noise: \(cells) lattice cells do not divide \(size) pixels evenly (lower perlin_octaves or use sizes that are multiples of 64)"
        case .sizeMismatch(let expected, let got):
            return "image size \(got): expected \(expected)"
        }
    }
}
