import Kernels

/// Matrix products through OpenBLAS (`Kernels.BLAS`): linear layers and plain matmul. Leading
/// axes fold into the GEMM's rows, so a [B, L, in] activation is one [B·L, in] product.
extension Tensor {
    /// `torch.nn.functional.linear`: self [..., in] · weightᵀ + bias, with `weight` [out, in]
    /// (PyTorch layout) and `bias` [out] → [..., out].
    public func linear(weight: Tensor, bias: Tensor?) -> Tensor {
        precondition(rank >= 1 && weight.rank == 2 && weight.shape[1] == shape[rank - 1],
                     "linear: input \(shape) does not match weight \(weight.shape)")
        let inFeatures = weight.shape[1]
        let outFeatures = weight.shape[0]
        let rows = inFeatures == 0 ? 0 : count / inFeatures
        if let bias { precondition(bias.shape == [outFeatures], "linear: bias \(bias.shape) for \(outFeatures) outputs") }
        var outShape = shape
        outShape[rank - 1] = outFeatures
        return withPointer { x in
            weight.withPointer { w in
                Tensor.make(outShape) { y in
                    if let bias {
                        bias.withPointer { b in
                            Parallel.forEach(rows) { row in (y + row * outFeatures).update(from: b, count: outFeatures) }
                        }
                    }
                    guard rows > 0 && outFeatures > 0 else { return }
                    BLAS.sgemm(
                        transposeB: true, m: rows, n: outFeatures, k: inFeatures, a: x, lda: inFeatures,
                        b: w, ldb: inFeatures, beta: bias == nil ? 0 : 1, c: y, ldc: outFeatures)
                }
            }
        }
    }

    /// Matrix product of self [..., m, k] with `other` [k, n] → [..., m, n].
    public func matmul(_ other: Tensor) -> Tensor {
        precondition(rank >= 1 && other.rank == 2 && other.shape[0] == shape[rank - 1],
                     "matmul: \(shape) × \(other.shape)")
        let k = other.shape[0]
        let n = other.shape[1]
        let rows = k == 0 ? count : count / k
        var outShape = shape
        outShape[rank - 1] = n
        return withPointer { a in
            other.withPointer { b in
                Tensor.make(outShape) { c in
                    guard rows > 0 && n > 0 else { return }
                    if k == 0 {
                        c.update(repeating: 0, count: rows * n)
                        return
                    }
                    BLAS.sgemm(m: rows, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: c, ldc: n)
                }
            }
        }
    }
}
