import CBLAS

extension Attention {
    /// Software prefetch of the memory the next work item reads (its query rows) and writes (its
    /// output rows), a few cache lines at a time between the current item's micro-kernel calls, so
    /// that the loads of cross-attention's short work items find their rows in cache. Each of the
    /// H heads of a query tile fetches its own part of the next tile.
    struct Lookahead {
        private let query: UnsafeRawPointer
        private let output: UnsafeRawPointer
        private var next: Int
        private let end: Int

        /// Part `part` of `parts` of the `bytes` bytes at `query` and at `output` (none when `bytes` is 0).
        init(query: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, bytes: Int, part: Int, of parts: Int) {
            let share = (bytes / parts + 63) / 64 * 64
            self.query = UnsafeRawPointer(query)
            self.output = UnsafeRawPointer(output)
            next = min(bytes, part * share)
            end = min(bytes, next + share)
        }

        /// Cache lines per `issue` call for `calls` calls to cover what is left.
        func share(of calls: Int) -> Int {
            ((end - next + 63) / 64 + calls - 1) / max(1, calls)
        }

        /// Prefetches the next `lines` cache lines of both buffers.
        @inline(__always)
        mutating func issue(_ lines: Int) {
            var line = 0
            while line < lines && next < end {
                zoetrope_prefetch_read(query + next)
                zoetrope_prefetch_write(output + next)
                next += 64
                line += 1
            }
        }
    }
}
