/// Python's `round(x, digits)` for a float: the exact binary value of `x` times 10^digits, rounded
/// half to even, then divided by 10^digits with one rounding (CPython's `double_round`, which goes
/// through a correctly rounded decimal string). torchsde rounds every time of its Brownian tree so.
enum PythonRound {
    /// `round(x, digits)` for 0 ≤ `digits` ≤ 15. Values whose `x·10^digits` reaches 2⁵² (where every
    /// double is within half a unit of the decimal grid's spacing) are returned unchanged.
    static func round(_ x: Double, digits: Int) -> Double {
        guard x.isFinite, x != 0 else { return x }
        var power: UInt64 = 1
        for _ in 0..<digits { power *= 10 }
        let magnitude = x.magnitude
        guard magnitude * Double(power) < 0x1p52 else { return x }
        // magnitude · 10^digits = significand · 5^digits · 2^(−shift), exactly.
        let significand = UInt64(magnitude.significand * 0x1p52)
        let shift = 52 - Int(magnitude.exponent) - digits
        guard shift > 0 else { return x }
        guard shift < 128 else { return x < 0 ? -0.0 : 0 }
        let fivePower = power >> digits
        let (high, low) = significand.multipliedFullWidth(by: fivePower)
        var quotient: UInt64
        let roundUp: Bool
        if shift < 64 {
            quotient = (high << (64 - shift)) | (low >> shift)
            let remainder = low & ((1 << shift) - 1)
            let half: UInt64 = 1 << (shift - 1)
            roundUp = remainder > half || (remainder == half && quotient & 1 == 1)
        } else {
            let highShift = shift - 64
            quotient = high >> highShift
            let remainder = (high: high & ((1 << highShift) - 1), low: low)
            let half: (high: UInt64, low: UInt64) = highShift == 0 ? (0, 1 << 63) : (1 << (highShift - 1), 0)
            let above = remainder.high > half.high || (remainder.high == half.high && remainder.low > half.low)
            let tie = remainder.high == half.high && remainder.low == half.low
            roundUp = above || (tie && quotient & 1 == 1)
        }
        if roundUp { quotient += 1 }
        let result = Double(quotient) / Double(power)
        return x < 0 ? -result : result
    }
}
