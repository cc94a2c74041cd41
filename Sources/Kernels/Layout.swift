/// Data movement kernels: matrix transposes for layout changes (NCHW ↔ NHWC, head splitting).
public enum Layout {
    /// Writes the transpose of each of `count` matrices `source` [rows, columns] into
    /// `destination` [columns, rows], in 16×16 blocks so both sides stream through the cache.
    /// Threaded over (matrix, 16-row block) pairs.
    public static func transpose(
        _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int, rows: Int, columns: Int
    ) {
        let block = 16
        let rowBlocks = (rows + block - 1) / block
        Parallel.forEach(count * rowBlocks) { item in
            let matrix = item / rowBlocks
            let r0 = (item % rowBlocks) * block
            let src = source + matrix * rows * columns
            let dst = destination + matrix * rows * columns
            let r1 = min(rows, r0 + block)
            var c0 = 0
            while c0 < columns {
                let c1 = min(columns, c0 + block)
                for r in r0..<r1 {
                    for c in c0..<c1 { dst[c * rows + r] = src[r * columns + c] }
                }
                c0 = c1
            }
        }
    }
}
