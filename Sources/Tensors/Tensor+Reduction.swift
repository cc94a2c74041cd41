/// Clamping and whole-tensor reductions.
extension Tensor {
    /// Every element limited to `min ... max`, as `torch.clamp`.
    public func clamped(min lower: Float, max upper: Float) -> Tensor {
        map { Swift.min(Swift.max($0, lower), upper) }
    }

    /// Σ of all elements, accumulated in Double.
    public func sum() -> Double {
        withUnsafeBufferPointer { x in
            var total = 0.0
            for value in x { total += Double(value) }
            return total
        }
    }

    /// Arithmetic mean of all elements, accumulated in Double (NaN for an empty tensor).
    public func mean() -> Double {
        sum() / Double(count)
    }
}
