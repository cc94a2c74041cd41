import CBLAS

extension Attention {
    /// Software prefetch of the memory the next work item reads (its query rows and, when work
    /// items pack their own K and V, its key and value rows) and writes (its output rows), a few
    /// cache lines at a time between the current item's micro-kernel calls, so that the loads of
    /// short work items (cross-attention's, AnimateDiff's temporal attention's) find their rows in
    /// cache. Each of the H heads of a query tile fetches its own part of the next tile.
    struct Lookahead {
        private let query: UnsafeRawPointer
        private let output: UnsafeRawPointer
        private let key: UnsafeRawPointer
        private let value: UnsafeRawPointer
        private var next: Int
        private let end: Int
        private var nextKey: Int
        private let endKey: Int

        /// Part `part` of `parts` of the `bytes` bytes at `query` and at `output`, and of the
        /// `keyBytes` bytes at `key` and at `value` (none when a count is 0).
        init(
            query: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, bytes: Int,
            key: UnsafePointer<Float>, value: UnsafePointer<Float>, keyBytes: Int, part: Int, of parts: Int
        ) {
            func range(_ bytes: Int) -> (Int, Int) {
                let share = (bytes / parts + 63) / 64 * 64
                let start = min(bytes, part * share)
                return (start, min(bytes, start + share))
            }
            (self.query, self.output, self.key, self.value) = (UnsafeRawPointer(query), UnsafeRawPointer(output), UnsafeRawPointer(key), UnsafeRawPointer(value))
            (next, end) = range(bytes)
            (nextKey, endKey) = range(keyBytes)
        }

        /// Cache lines of each stream per `issue` call for `calls` calls to cover what is left.
        func share(of calls: Int) -> Int {
            ((max(end - next, endKey - nextKey) + 63) / 64 + calls - 1) / max(1, calls)
        }

        /// Prefetches the next `lines` cache lines of each buffer.
        @inline(__always)
        mutating func issue(_ lines: Int) {
            for _ in 0..<lines {
                if next < end {
                    zoetrope_prefetch_read(query + next)
                    zoetrope_prefetch_write(output + next)
                    next += 64
                }
                if nextKey < endKey {
                    zoetrope_prefetch_read(key + nextKey)
                    zoetrope_prefetch_read(value + nextKey)
                    nextKey += 64
                }
            }
        }
    }
}
