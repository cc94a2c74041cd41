/// A 3×3 homography in double precision, mapping source pixel coordinates to destination pixel
/// coordinates as OpenCV's `warpPerspective` matrix does: `(x', y', w') = M · (x, y, 1)`, then
/// `(x'/w', y'/w')`. Pixel centres are at integer coordinates (OpenCV's convention).
public struct ProjectiveMatrix: Sendable, Equatable, CustomStringConvertible {
    /// The nine entries, row-major.
    public var entries: [Double]

    /// The matrix with these row-major entries; there must be nine.
    public init(_ entries: [Double]) {
        precondition(entries.count == 9, "a projective matrix has 9 entries, got \(entries.count)")
        self.entries = entries
    }

    /// The matrix from three rows of three.
    public init(rows: [[Double]]) {
        precondition(rows.count == 3 && rows.allSatisfy { $0.count == 3 }, "a projective matrix has 3×3 entries")
        self.init(rows.flatMap { $0 })
    }

    public static let identity = ProjectiveMatrix([1, 0, 0, 0, 1, 0, 0, 0, 1])

    /// A translation by `(x, y)` pixels.
    public static func translation(x: Double, y: Double) -> ProjectiveMatrix {
        ProjectiveMatrix([1, 0, x, 0, 1, y, 0, 0, 1])
    }

    /// The entry at `row`, `column`.
    public subscript(row: Int, column: Int) -> Double {
        get { entries[row * 3 + column] }
        set { entries[row * 3 + column] = newValue }
    }

    /// The matrix product `lhs · rhs` (apply `rhs` first), summed in index order as numpy's
    /// `matmul` of 3×3 float64 arrays does.
    public static func * (lhs: ProjectiveMatrix, rhs: ProjectiveMatrix) -> ProjectiveMatrix {
        var out = [Double](repeating: 0, count: 9)
        for r in 0..<3 {
            for c in 0..<3 {
                out[r * 3 + c] = lhs[r, 0] * rhs[0, c] + lhs[r, 1] * rhs[1, c] + lhs[r, 2] * rhs[2, c]
            }
        }
        return ProjectiveMatrix(out)
    }

    /// Where the point `(x, y)` lands, after the homogeneous divide.
    public func apply(x: Double, y: Double) -> (x: Double, y: Double) {
        let w = self[2, 0] * x + self[2, 1] * y + self[2, 2]
        return ((self[0, 0] * x + self[0, 1] * y + self[0, 2]) / w,
                (self[1, 0] * x + self[1, 1] * y + self[1, 2]) / w)
    }

    /// The inverse by the adjugate over the determinant, as OpenCV's `invert` computes 3×3
    /// matrices, or nil when the determinant is 0.
    public func inverted() -> ProjectiveMatrix? {
        let m = entries
        let det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
            + m[2] * (m[3] * m[7] - m[4] * m[6])
        guard det != 0, det.isFinite else { return nil }
        let d = 1.0 / det
        return ProjectiveMatrix([
            (m[4] * m[8] - m[5] * m[7]) * d, (m[2] * m[7] - m[1] * m[8]) * d, (m[1] * m[5] - m[2] * m[4]) * d,
            (m[5] * m[6] - m[3] * m[8]) * d, (m[0] * m[8] - m[2] * m[6]) * d, (m[2] * m[3] - m[0] * m[5]) * d,
            (m[3] * m[7] - m[4] * m[6]) * d, (m[1] * m[6] - m[0] * m[7]) * d, (m[0] * m[4] - m[1] * m[3]) * d,
        ])
    }

    /// The homography taking each of four source points to its destination point, solved as
    /// OpenCV's `getPerspectiveTransform` does (the 8×8 linear system with `M[2][2] = 1`, in
    /// double precision). Nil when the points are degenerate.
    public static func perspectiveTransform(from source: [(x: Double, y: Double)],
                                            to destination: [(x: Double, y: Double)]) -> ProjectiveMatrix? {
        precondition(source.count == 4 && destination.count == 4, "a perspective transform needs 4 point pairs")
        var a = [Double](repeating: 0, count: 64)
        var b = [Double](repeating: 0, count: 8)
        for i in 0..<4 {
            let (sx, sy) = source[i]
            let (dx, dy) = destination[i]
            a[i * 8 + 0] = sx; a[i * 8 + 1] = sy; a[i * 8 + 2] = 1
            a[i * 8 + 6] = -sx * dx; a[i * 8 + 7] = -sy * dx
            a[(i + 4) * 8 + 3] = sx; a[(i + 4) * 8 + 4] = sy; a[(i + 4) * 8 + 5] = 1
            a[(i + 4) * 8 + 6] = -sx * dy; a[(i + 4) * 8 + 7] = -sy * dy
            b[i] = dx
            b[i + 4] = dy
        }
        guard let solution = solveLinearSystem(a, b, size: 8) else { return nil }
        return ProjectiveMatrix(solution + [1])
    }

    /// Solves `a · x = b` for a square `size`×`size` system as OpenCV's `LUImpl` does: partial
    /// pivoting, rows updated with the negated reciprocal pivot, back substitution multiplying by
    /// the stored reciprocal.
    private static func solveLinearSystem(_ matrix: [Double], _ rhs: [Double], size n: Int) -> [Double]? {
        var a = matrix
        var b = rhs
        for i in 0..<n {
            var k = i
            for j in (i + 1)..<n where abs(a[j * n + i]) > abs(a[k * n + i]) { k = j }
            if abs(a[k * n + i]) < Double.ulpOfOne * 10 { return nil }
            if k != i {
                for j in i..<n { a.swapAt(i * n + j, k * n + j) }
                b.swapAt(i, k)
            }
            let d = -1 / a[i * n + i]
            for j in (i + 1)..<n {
                let alpha = a[j * n + i] * d
                for c in (i + 1)..<n { a[j * n + c] += alpha * a[i * n + c] }
                b[j] += alpha * b[i]
            }
            a[i * n + i] = -d
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = b[i]
            for c in (i + 1)..<n { s -= a[i * n + c] * b[c] }
            b[i] = s * a[i * n + i]
        }
        return b
    }

    public var description: String {
        (0..<3).map { r in "[" + (0..<3).map { String(self[r, $0]) }.joined(separator: ", ") + "]" }
            .joined(separator: "\n")
    }
}
