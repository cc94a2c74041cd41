/// Error measures used by the numerical bar of DESIGN.md §3.
public enum Numerics {
    /// max |a − b| over all elements; `.infinity` when the lengths differ.
    public static func maxAbsDiff(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return .infinity }
        var worst: Float = 0
        for i in a.indices { worst = max(worst, abs(a[i] - b[i])) }
        return worst
    }

    /// max |x| over all elements.
    public static func maxAbs(_ a: [Float]) -> Float {
        a.reduce(0) { max($0, abs($1)) }
    }

    /// ‖a − b‖₂ / ‖b‖₂ in double precision, with `b` the reference; `.infinity` when the lengths
    /// differ. When the reference is all zero, returns ‖a‖₂.
    public static func relativeL2(_ a: [Float], reference b: [Float]) -> Double {
        guard a.count == b.count else { return .infinity }
        var difference = 0.0
        var norm = 0.0
        for i in a.indices {
            let d = Double(a[i]) - Double(b[i])
            difference += d * d
            norm += Double(b[i]) * Double(b[i])
        }
        return norm == 0 ? difference.squareRoot() : (difference / norm).squareRoot()
    }

    /// Whether `a` is within DESIGN.md's kernel bar of `reference`:
    /// max abs diff ≤ `tolerance` × max(1, max abs of reference).
    public static func kernelClose(_ a: [Float], reference: [Float], tolerance: Float = 1e-5) -> Bool {
        maxAbsDiff(a, reference) <= tolerance * max(1, maxAbs(reference))
    }
}
