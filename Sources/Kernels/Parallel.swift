import Dispatch

/// Our own parallel loops for everything that is not a GEMM (OpenBLAS threads those itself; never
/// wrap a BLAS call in these loops, DESIGN.md §4).
///
/// The split is static and deterministic: `count` items are cut into `Threads.count` contiguous
/// ranges of near-equal size, so each item is always computed by the same code path in the same
/// order, whatever the scheduling.
public enum Parallel {
    /// Calls `body(i)` for every `i` in `0..<count`, spread over `Threads.count` threads.
    @inlinable
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        forRanges(count) { range in
            for i in range { body(i) }
        }
    }

    /// Calls `body` once per contiguous chunk of `0..<count`; the chunks cover the range exactly and
    /// depend only on `count` and `Threads.count`. Runs inline when one chunk suffices.
    @inlinable
    public static func forRanges(_ count: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = min(Threads.count, max(1, count / max(1, minimumChunk)))
        if chunks == 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UnsafeSendableBox(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                box.value(chunkRange(chunk, of: chunks, count: count))
            }
        }
    }

    /// The `chunk`-th of `chunks` near-equal contiguous ranges covering `0..<count`.
    @inlinable
    public static func chunkRange(_ chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        let base = count / chunks
        let extra = count % chunks
        let start = chunk * base + min(chunk, extra)
        return start..<(start + base + (chunk < extra ? 1 : 0))
    }
}

/// Carries a non-Sendable value (a closure over raw buffers) into `concurrentPerform`. Sound here
/// because each chunk writes a disjoint part of the output and the call returns only after every
/// chunk has finished.
@usableFromInline
struct UnsafeSendableBox<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @usableFromInline init(_ value: Value) { self.value = value }
}
