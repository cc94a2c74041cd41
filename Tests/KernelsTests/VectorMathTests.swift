import Foundation
import Kernels
import Testing

/// The SIMD exponential and error function against libm in double precision.
struct VectorMathTests {
    @Test func expIsAccurateOverTheFloatRange() {
        var worst = 0.0
        var x: Float = -87
        while x < 88 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.013 })
            let y = VectorMath.exp(lanes)
            for lane in 0..<8 {
                let reference = Foundation.exp(Double(lanes[lane]))
                worst = max(worst, abs(Double(y[lane]) - reference) / reference)
            }
            x += 0.37
        }
        #expect(worst < 3e-7)
    }

    @Test func expOfMinusInfinityIsZero() {
        let y = VectorMath.exp(SIMD8<Float>(repeating: -.infinity))
        #expect(y == SIMD8<Float>(repeating: 0))
    }

    @Test func erfIsWithinTheApproximationBound() {
        var worst = 0.0
        var x: Float = -6
        while x < 6 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.0011 })
            let y = VectorMath.erf(lanes)
            for lane in 0..<8 { worst = max(worst, abs(Double(y[lane]) - Foundation.erf(Double(lanes[lane])))) }
            x += 0.01
        }
        #expect(worst < 5e-7)  // 1.5e-7 for the formula plus Float32 rounding
    }
}

/// The base-2 exponential of the attention kernel, and the horizontal maximum.
struct VectorMathBase2Tests {
    @Test func exp2IsAccurateOverTheFloatRange() {
        var worst = 0.0
        var x: Float = -126
        while x < 127 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.019 })
            let y = VectorMath.exp2(lanes)
            for lane in 0..<8 {
                let reference = Foundation.exp2(Double(lanes[lane]))
                worst = max(worst, abs(Double(y[lane]) - reference) / reference)
            }
            x += 0.53
        }
        #expect(worst < 3e-7)
        #expect(VectorMath.exp2(SIMD8<Float>(repeating: -.infinity)) == SIMD8<Float>(repeating: 0))
        #expect(VectorMath.exp2(SIMD8<Float>(repeating: 0)) == SIMD8<Float>(repeating: 1))
    }

    @Test func horizontalMaximumFindsEveryLane() {
        for lane in 0..<8 {
            var v = SIMD8<Float>(repeating: -3)
            v[lane] = 2
            #expect(VectorMath.horizontalMaximum(v) == 2)
        }
    }
}
