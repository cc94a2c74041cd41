/// The register-blocked GEMM micro-kernels of the fused attention kernel: `C[6×16] (+)= A[6×k] · B[k×16]`
/// (and `C[6×8]` for the last columns), A row-major with leading dimension `lda` (its elements broadcast), B row-major with `ldb` (its
/// rows loaded as vectors), C row-major with `ldc`.
///
/// Twelve 8-lane accumulators stay in registers over the whole `k` loop; each step loads
/// two B vectors and broadcasts six A values for twelve fused multiply-adds, which keeps the FMA
/// units busy rather than the load ports (the same register blocking as BLIS/OpenBLAS kernels).
/// (On x86-64 the package compiles this for AVX2 + FMA; see Package.swift.)
enum MicroKernel {
    typealias V = SIMD8<Float>

    @inline(__always)
    static func gemm6x16(
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, k: Int, accumulate: Bool
    ) {
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        if accumulate {
            c00 = VectorMath.load(c, 0); c01 = VectorMath.load(c, 8)
            c10 = VectorMath.load(c, ldc); c11 = VectorMath.load(c, ldc + 8)
            c20 = VectorMath.load(c, 2 * ldc); c21 = VectorMath.load(c, 2 * ldc + 8)
            c30 = VectorMath.load(c, 3 * ldc); c31 = VectorMath.load(c, 3 * ldc + 8)
            c40 = VectorMath.load(c, 4 * ldc); c41 = VectorMath.load(c, 4 * ldc + 8)
            c50 = VectorMath.load(c, 5 * ldc); c51 = VectorMath.load(c, 5 * ldc + 8)
        }
        let a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda
        var row = b
        for p in 0..<k {
            let b0 = VectorMath.load(row, 0)
            let b1 = VectorMath.load(row, 8)
            var x = V(repeating: a0[p])
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = V(repeating: a1[p])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = V(repeating: a2[p])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = V(repeating: a3[p])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            x = V(repeating: a4[p])
            c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
            x = V(repeating: a5[p])
            c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
            row += ldb
        }
        VectorMath.store(c00, c, 0); VectorMath.store(c01, c, 8)
        VectorMath.store(c10, c, ldc); VectorMath.store(c11, c, ldc + 8)
        VectorMath.store(c20, c, 2 * ldc); VectorMath.store(c21, c, 2 * ldc + 8)
        VectorMath.store(c30, c, 3 * ldc); VectorMath.store(c31, c, 3 * ldc + 8)
        VectorMath.store(c40, c, 4 * ldc); VectorMath.store(c41, c, 4 * ldc + 8)
        VectorMath.store(c50, c, 5 * ldc); VectorMath.store(c51, c, 5 * ldc + 8)
    }

    /// `C[6×8] (+)= A[6×k] · B[k×8]`: the last eight columns when a width is an odd multiple of 8
    /// (SD1.5's attention heads of 40).
    @inline(__always)
    static func gemm6x8(
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, k: Int, accumulate: Bool
    ) {
        var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
        if accumulate {
            c0 = VectorMath.load(c, 0); c1 = VectorMath.load(c, ldc); c2 = VectorMath.load(c, 2 * ldc)
            c3 = VectorMath.load(c, 3 * ldc); c4 = VectorMath.load(c, 4 * ldc); c5 = VectorMath.load(c, 5 * ldc)
        }
        let a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda
        var row = b
        for p in 0..<k {
            let b0 = VectorMath.load(row, 0)
            c0 = c0.addingProduct(V(repeating: a0[p]), b0)
            c1 = c1.addingProduct(V(repeating: a1[p]), b0)
            c2 = c2.addingProduct(V(repeating: a2[p]), b0)
            c3 = c3.addingProduct(V(repeating: a3[p]), b0)
            c4 = c4.addingProduct(V(repeating: a4[p]), b0)
            c5 = c5.addingProduct(V(repeating: a5[p]), b0)
            row += ldb
        }
        VectorMath.store(c0, c, 0); VectorMath.store(c1, c, ldc); VectorMath.store(c2, c, 2 * ldc)
        VectorMath.store(c3, c, 3 * ldc); VectorMath.store(c4, c, 4 * ldc); VectorMath.store(c5, c, 5 * ldc)
    }
}
