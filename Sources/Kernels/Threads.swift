import Foundation

/// The number of threads every kernel uses: our own parallel loops (`Parallel`) and OpenBLAS's GEMM
/// threads alike. Results are deterministic for a given count.
///
/// Defaults to the active processor count. Setting it also sets OpenBLAS's thread count, so the
/// two owners of threads (DESIGN.md §4) always agree.
public enum Threads {
    private static let state = LockedValue(ProcessInfo.processInfo.activeProcessorCount)

    /// A count for our own loops in the current task only (`withCount`).
    @TaskLocal static var scopedCount: Int?

    /// Threads used by kernels; values below 1 are treated as 1.
    public static var count: Int {
        get { scopedCount ?? state.value }
        set {
            let count = max(1, newValue)
            state.value = count
            BLAS.setThreadCount(count)
        }
    }

    /// Runs `body` with our own parallel loops split over `count` threads (at least 1), in the
    /// current task only; OpenBLAS keeps its threads. For checking that results do not depend on
    /// the thread count without changing it under other work running at the same time (tests run
    /// concurrently in one process).
    public static func withCount<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        try $scopedCount.withValue(max(1, count), operation: body)
    }
}

/// A value guarded by a lock, for the few process-wide settings the kernels keep.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        try lock.withLock { try body(&stored) }
    }
}
