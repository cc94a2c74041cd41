import Kernels
import Synchronization
import Testing

/// The static split of `Parallel` and the recycling of `BufferPool`.
struct ParallelTests {
    @Test(arguments: [(10, 3), (2, 4), (7, 1), (1000, 2)])
    func chunksCoverTheRangeExactly(_ setup: (Int, Int)) {
        let (count, chunks) = setup
        var covered: [Int] = []
        for chunk in 0..<chunks { covered += Array(Parallel.chunkRange(chunk, of: chunks, count: count)) }
        #expect(covered == Array(0..<count))
    }

    @Test func forEachVisitsEveryIndexOnce() {
        let visits = UnsafeMutableBufferPointer<Int>.allocate(capacity: 1000)
        defer { visits.deallocate() }
        visits.initialize(repeating: 0)
        Parallel.forEach(1000) { visits[$0] += 1 }
        #expect(visits.allSatisfy { $0 == 1 })
    }

    @Test func threadCountSetsOpenBLAS() {
        // Set to its own value: other tests run concurrently and rely on a fixed count.
        Threads.count = Threads.count
        #expect(BLAS.threadCount == Threads.count)
    }

    @Test func scopedThreadCountsApplyToThisTaskOnly() {
        let global = Threads.count
        Threads.withCount(1) {
            #expect(Threads.count == 1)
            #expect(BLAS.threadCount == global)
        }
        Threads.withCount(0) { #expect(Threads.count == 1) }
        #expect(Threads.count == global)
    }

    @Test func poolReusesReleasedBuffers() {
        let count = 123_457
        let first = BufferPool.allocate(count: count)
        #expect(Int(bitPattern: first) % 64 == 0)
        BufferPool.release(first, count: count)
        let second = BufferPool.allocate(count: count)
        #expect(second == first)
        BufferPool.release(second, count: count)
    }
}
