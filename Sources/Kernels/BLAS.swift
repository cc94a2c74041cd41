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

extension BLAS {
    /// Environment settings OpenBLAS reads once, when the library loads, and that this package
    /// relies on. `OPENBLAS_THREAD_TIMEOUT=4`: OpenBLAS's idle threads sleep after 2⁴ cycles
    /// instead of spinning on `sched_yield` for 2²⁸ — on a 2-core machine the spinning steals
    /// the cores our own parallel loops (attention, norms, Winograd transforms) run on. Measured on
    /// the SD1.5 UNet at 512×512, batch 2: 10.2 s → 8.3 s. A program applies them by setting them
    /// before OpenBLAS loads (the `zoetrope` executable re-executes itself with them).
    public static let loadTimeEnvironment: [(name: String, value: String)] = [("OPENBLAS_THREAD_TIMEOUT", "4")]
}
