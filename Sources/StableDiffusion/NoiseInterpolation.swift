import Foundation
import Tensors

/// Spherical interpolation between two noise tensors (Shoemake 1985, as stable-diffusion-videos
/// and Deforum's interpolation mode use it): unlike a linear mix, it keeps the result's norm that
/// of unit Gaussian noise, so in-between seeds still look like noise to the sampler.
public enum NoiseInterpolation {
    /// `slerp(a, b, weight)`; falls back to linear interpolation when the two are nearly parallel
    /// (|cos θ| > 0.9995), as the reference does.
    public static func slerp(_ a: Tensor, _ b: Tensor, weight: Double) -> Tensor {
        precondition(a.shape == b.shape, "slerp of \(a.shape) and \(b.shape)")
        let (dot, normA, normB) = a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                var dot = 0.0, normA = 0.0, normB = 0.0
                for index in 0..<x.count {
                    dot += Double(x[index]) * Double(y[index])
                    normA += Double(x[index]) * Double(x[index])
                    normB += Double(y[index]) * Double(y[index])
                }
                return (dot, normA.squareRoot(), normB.squareRoot())
            }
        }
        let cosine = normA > 0 && normB > 0 ? dot / (normA * normB) : 1
        if abs(cosine) > 0.9995 {
            return Tensor.weightedSum(a, Float(1 - weight), b, Float(weight))
        }
        let theta = acos(cosine)
        let sine = sin(theta)
        return Tensor.weightedSum(a, Float(sin(theta * (1 - weight)) / sine), b, Float(sin(theta * weight) / sine))
    }
}
