import Foundation

/// A recycling pool of 64-byte-aligned Float32 buffers, so that a loop which makes tensors of the
/// same sizes every step (the denoising loop) stops allocating after its first step.
///
/// Released buffers go to a free list keyed by their exact element count (model shapes repeat
/// exactly from step to step); the next allocation of that count takes one back. The pool holds at
/// most `capacityBytes`; a buffer released beyond that is freed at once. One lock guards the lists:
/// it is taken once per tensor, never per element.
public enum BufferPool {
    /// Counters describing how the pool has served allocations since the last `resetStatistics()`.
    public struct Statistics: Sendable, Equatable {
        /// Allocations served from the free lists.
        public var reused: Int
        /// Allocations that went to the system allocator.
        public var allocated: Int
        /// Bytes currently held in the free lists.
        public var pooledBytes: Int
    }

    private struct State {
        var free: [Int: [UnsafeMutableRawPointer]] = [:]
        var capacityBytes = 1 << 30
        var statistics = Statistics(reused: 0, allocated: 0, pooledBytes: 0)
    }

    private static let state = LockedValue(State())

    /// Most bytes the free lists may hold (default 1 GiB). Lowering it frees pooled buffers at once.
    public static var capacityBytes: Int {
        get { state.value.capacityBytes }
        set {
            state.withLock { $0.capacityBytes = max(0, newValue) }
            if statistics.pooledBytes > capacityBytes { drain() }
        }
    }

    /// Current counters.
    public static var statistics: Statistics { state.value.statistics }

    /// Zeroes the reuse and allocation counters (the pooled byte count is kept).
    public static func resetStatistics() {
        state.withLock {
            $0.statistics.reused = 0
            $0.statistics.allocated = 0
        }
    }

    /// Storage for `count` floats, uninitialised, 64-byte aligned; give it back with `release`.
    public static func allocate(count: Int) -> UnsafeMutablePointer<Float> {
        precondition(count >= 0, "negative buffer size")
        let key = max(count, 1)
        let reused: UnsafeMutableRawPointer? = state.withLock { state in
            guard var list = state.free[key], let pointer = list.popLast() else {
                state.statistics.allocated += 1
                return nil
            }
            state.free[key] = list.isEmpty ? nil : list
            state.statistics.reused += 1
            state.statistics.pooledBytes -= key * MemoryLayout<Float>.stride
            return pointer
        }
        let raw = reused ?? systemAllocate(bytes: key * MemoryLayout<Float>.stride)
        return raw.bindMemory(to: Float.self, capacity: key)
    }

    /// Returns a buffer obtained from `allocate(count:)` with the same `count`.
    public static func release(_ pointer: UnsafeMutablePointer<Float>, count: Int) {
        let key = max(count, 1)
        let bytes = key * MemoryLayout<Float>.stride
        let kept = state.withLock { state in
            guard state.statistics.pooledBytes + bytes <= state.capacityBytes else { return false }
            state.free[key, default: []].append(UnsafeMutableRawPointer(pointer))
            state.statistics.pooledBytes += bytes
            return true
        }
        if !kept { free(pointer) }
    }

    /// Frees every pooled buffer (for example after a model is unloaded).
    public static func drain() {
        let lists = state.withLock { state in
            defer {
                state.free = [:]
                state.statistics.pooledBytes = 0
            }
            return state.free
        }
        for list in lists.values { for pointer in list { free(pointer) } }
    }

    private static func systemAllocate(bytes: Int) -> UnsafeMutableRawPointer {
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, 64, bytes) == 0, let raw else {
            fatalError("out of memory allocating \(bytes) bytes for a tensor")
        }
        return raw
    }
}
