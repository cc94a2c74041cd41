import CBLAS

/// Matrix products through OpenBLAS. Row-major throughout: `C[m×n] = alpha · op(A) · op(B) + beta · C`.
///
/// OpenBLAS owns its threads for these calls; callers never wrap them in a parallel loop
/// (DESIGN.md §4: one threading owner at a time).
public enum BLAS {
    /// Sets how many threads OpenBLAS uses for every following call.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The number of threads OpenBLAS currently uses.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Single-precision GEMM, row-major.
    /// - Parameters:
    ///   - transposeA: use Aᵀ; A is then stored k×m.
    ///   - transposeB: use Bᵀ; B is then stored n×k.
    ///   - lda, ldb, ldc: leading dimensions (row strides) of the stored matrices.
    public static func sgemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
