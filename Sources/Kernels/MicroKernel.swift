/// The register-blocked GEMM micro-kernels of the fused attention kernel,
/// `C[R×16] (+)= A[R×k] · B[k×16]` and `C[R×8] (+)= A[R×k] · B[k×8]` (for the last columns),
/// R = `rows(for:)`, both through `gemm`: A row-major with leading dimension `lda` (its elements broadcast),
/// B row-major with `ldb` (its rows loaded as vectors), C row-major with `ldc`.
///
/// The accumulators stay in registers over the whole `k` loop, the register blocking of
/// BLIS/OpenBLAS kernels. With AVX2 (16 registers of 8 lanes) a block is 6 rows of two vectors:
/// each step loads two B vectors and broadcasts six A values for twelve fused multiply-adds. With
/// AVX-512 (32 registers of 16 lanes; Package.swift enables it when the building machine has it)
/// it is 12 rows of one vector: one B load and twelve broadcasts for twelve multiply-adds of twice
/// the width (short query sequences, such as AnimateDiff's 16 frames, keep 6-row blocks: 12 would
/// pad 16 queries to 24). Both compute each element's sum over k in the same order, so results do
/// not depend on the block shape.
enum MicroKernel {
    typealias V = SIMD8<Float>

    /// Rows of C per call: 12 with AVX-512 when `queryRows` (the rows to be computed) fill such
    /// blocks without much padding, else 6.
    static func rows(for queryRows: Int) -> Int {
#if ZOETROPE_AVX512
        queryRows >= 24 ? 12 : 6
#else
        6
#endif
    }

    /// The columns of the next `gemm` call when `remaining` columns of C are left: 40 (with
    /// AVX-512's 12-row blocks, exactly 40 left), 16, or 8 (the rest, a multiple of 8).
    @inline(__always)
    static func columns(remaining: Int, rows: Int) -> Int {
#if ZOETROPE_AVX512
        if rows == 12 && remaining == 40 { return 40 }
#endif
        return remaining >= 16 ? 16 : 8
    }

    /// `C[rows×columns] (+)= A[rows×k] · B[k×columns]`, `rows` from `rows(for:)`, `columns` from
    /// `columns(remaining:rows:)`.
    @inline(__always)
    static func gemm(
        rows: Int, columns: Int, _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, k: Int, accumulate: Bool
    ) {
#if ZOETROPE_AVX512
        if rows == 12 {
            if columns == 40 {
                gemm6x40(a, lda, b, ldb, c, ldc, k: k, accumulate: accumulate)
                gemm6x40(a + 6 * lda, lda, b, ldb, c + 6 * ldc, ldc, k: k, accumulate: accumulate)
            } else if columns == 16 {
                gemm12(a, lda, b, ldb, c, ldc, k: k, accumulate: accumulate, lanes: SIMD16<Float>.self)
            } else {
                gemm12(a, lda, b, ldb, c, ldc, k: k, accumulate: accumulate, lanes: SIMD8<Float>.self)
            }
            return
        }
#endif
        if columns == 16 {
            gemm6x16(a, lda, b, ldb, c, ldc, k: k, accumulate: accumulate)
        } else {
            gemm6x8(a, lda, b, ldb, c, ldc, k: k, accumulate: accumulate)
        }
    }

    /// `C[6×16] (+)= A[6×k] · B[k×16]`: two 8-lane accumulators per row.
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

#if ZOETROPE_AVX512
    /// `C[6×40] (+)= A[6×k] · B[k×40]`: SD1.5's heads of 40 in one pass over A, with two 16-lane
    /// and one 8-lane accumulator per row (three loads of B and six broadcasts for eighteen
    /// multiply-adds; as 16 + 16 + 8 separate columns, each pass broadcast A again: 5–11 % of a
    /// cross-attention call).
    @inline(__always)
    static func gemm6x40(
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, k: Int, accumulate: Bool
    ) {
        typealias W = SIMD16<Float>
        @inline(__always) func wide(_ p: UnsafePointer<Float>) -> W { UnsafeRawPointer(p).loadUnaligned(as: W.self) }
        @inline(__always) func narrow(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
        var c00 = W(), c01 = W(), c02 = V(), c10 = W(), c11 = W(), c12 = V(), c20 = W(), c21 = W(), c22 = V()
        var c30 = W(), c31 = W(), c32 = V(), c40 = W(), c41 = W(), c42 = V(), c50 = W(), c51 = W(), c52 = V()
        if accumulate {
            c00 = wide(c); c01 = wide(c + 16); c02 = narrow(c + 32)
            c10 = wide(c + ldc); c11 = wide(c + ldc + 16); c12 = narrow(c + ldc + 32)
            c20 = wide(c + 2 * ldc); c21 = wide(c + 2 * ldc + 16); c22 = narrow(c + 2 * ldc + 32)
            c30 = wide(c + 3 * ldc); c31 = wide(c + 3 * ldc + 16); c32 = narrow(c + 3 * ldc + 32)
            c40 = wide(c + 4 * ldc); c41 = wide(c + 4 * ldc + 16); c42 = narrow(c + 4 * ldc + 32)
            c50 = wide(c + 5 * ldc); c51 = wide(c + 5 * ldc + 16); c52 = narrow(c + 5 * ldc + 32)
        }
        let a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda
        var row = b
        for p in 0..<k {
            let b0 = wide(row), b1 = wide(row + 16), b2 = narrow(row + 32)
            var x = W(repeating: a0[p])
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1); c02 = c02.addingProduct(x.lowHalf, b2)
            x = W(repeating: a1[p])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1); c12 = c12.addingProduct(x.lowHalf, b2)
            x = W(repeating: a2[p])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1); c22 = c22.addingProduct(x.lowHalf, b2)
            x = W(repeating: a3[p])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1); c32 = c32.addingProduct(x.lowHalf, b2)
            x = W(repeating: a4[p])
            c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1); c42 = c42.addingProduct(x.lowHalf, b2)
            x = W(repeating: a5[p])
            c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1); c52 = c52.addingProduct(x.lowHalf, b2)
            row += ldb
        }
        @inline(__always) func store(_ w0: W, _ w1: W, _ n: V, _ r: Int) {
            let out = UnsafeMutableRawPointer(c + r * ldc)
            out.storeBytes(of: w0, as: W.self); (out + 64).storeBytes(of: w1, as: W.self); (out + 128).storeBytes(of: n, as: V.self)
        }
        store(c00, c01, c02, 0); store(c10, c11, c12, 1); store(c20, c21, c22, 2)
        store(c30, c31, c32, 3); store(c40, c41, c42, 4); store(c50, c51, c52, 5)
    }

    /// `C[12×L] (+)= A[12×k] · B[k×L]`, L the lane count of `Lanes`: one accumulator per row (16
    /// lanes: one AVX-512 register; 8: the last eight columns of heads of 40).
    @inline(__always)
    static func gemm12<Lanes: SIMD>(
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, k: Int, accumulate: Bool, lanes: Lanes.Type
    ) where Lanes.Scalar == Float {
        @inline(__always) func load(_ pointer: UnsafePointer<Float>) -> Lanes { UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self) }
        @inline(__always) func initial(_ r: Int) -> Lanes { accumulate ? load(c + r * ldc) : Lanes() }
        @inline(__always) func store(_ value: Lanes, _ r: Int) { UnsafeMutableRawPointer(c + r * ldc).storeBytes(of: value, as: Lanes.self) }
        var c0 = initial(0), c1 = initial(1), c2 = initial(2), c3 = initial(3), c4 = initial(4), c5 = initial(5)
        var c6 = initial(6), c7 = initial(7), c8 = initial(8), c9 = initial(9), c10 = initial(10), c11 = initial(11)
        let a0 = a, a1 = a + 1 * lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda
        let a6 = a + 6 * lda, a7 = a + 7 * lda, a8 = a + 8 * lda, a9 = a + 9 * lda, a10 = a + 10 * lda, a11 = a + 11 * lda
        var row = b
        for p in 0..<k {
            let b0 = load(row)
            c0 = c0.addingProduct(Lanes(repeating: a0[p]), b0)
            c1 = c1.addingProduct(Lanes(repeating: a1[p]), b0)
            c2 = c2.addingProduct(Lanes(repeating: a2[p]), b0)
            c3 = c3.addingProduct(Lanes(repeating: a3[p]), b0)
            c4 = c4.addingProduct(Lanes(repeating: a4[p]), b0)
            c5 = c5.addingProduct(Lanes(repeating: a5[p]), b0)
            c6 = c6.addingProduct(Lanes(repeating: a6[p]), b0)
            c7 = c7.addingProduct(Lanes(repeating: a7[p]), b0)
            c8 = c8.addingProduct(Lanes(repeating: a8[p]), b0)
            c9 = c9.addingProduct(Lanes(repeating: a9[p]), b0)
            c10 = c10.addingProduct(Lanes(repeating: a10[p]), b0)
            c11 = c11.addingProduct(Lanes(repeating: a11[p]), b0)
            row += ldb
        }
        store(c0, 0); store(c1, 1); store(c2, 2); store(c3, 3)
        store(c4, 4); store(c5, 5); store(c6, 6); store(c7, 7)
        store(c8, 8); store(c9, 9); store(c10, 10); store(c11, 11)
    }
#endif
}
