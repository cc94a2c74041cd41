import Kernels
import Testing

/// Proves OpenBLAS links and computes: a broken system setup fails here first.
@Test func sgemmMultipliesThreeByThree() {
    let a: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    let b: [Float] = [9, 8, 7, 6, 5, 4, 3, 2, 1]
    var c = [Float](repeating: -1, count: 9)
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                BLAS.sgemm(m: 3, n: 3, k: 3, a: a.baseAddress!, lda: 3, b: b.baseAddress!, ldb: 3,
                           c: c.baseAddress!, ldc: 3)
            }
        }
    }
    #expect(c == [30, 24, 18, 84, 69, 54, 138, 114, 90])
}

@Test func sgemmHonoursTransposes() {
    // Aᵀ·Bᵀ with A stored 2×3 (so op(A) is 3×2) and B stored 3×2 (so op(B) is 2×3).
    let a: [Float] = [1, 2, 3, 4, 5, 6]
    let b: [Float] = [1, 0, 0, 1, 1, 1]
    var c = [Float](repeating: 0, count: 9)
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                BLAS.sgemm(transposeA: true, transposeB: true, m: 3, n: 3, k: 2,
                           a: a.baseAddress!, lda: 3, b: b.baseAddress!, ldb: 2, c: c.baseAddress!, ldc: 3)
            }
        }
    }
    // op(A) = [[1,4],[2,5],[3,6]], op(B) = [[1,0,1],[0,1,1]]
    #expect(c == [1, 4, 5, 2, 5, 7, 3, 6, 9])
}
