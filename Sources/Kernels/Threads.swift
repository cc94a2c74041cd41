import Foundation

/// The number of threads every kernel uses: our own parallel loops (`Parallel`) and OpenBLAS's GEMM
/// threads alike. Results are deterministic for a given count.
///
/// Defaults to the active processor count. Setting it also sets OpenBLAS's thread count, so the
/// two owners of threads (DESIGN.md §4) always agree.
public enum Threads {
    private static let state = LockedValue(ProcessInfo.processInfo.activeProcessorCount)

    /// Threads used by kernels; values below 1 are treated as 1.
    public static var count: Int {
        get { state.value }
        set {
            let count = max(1, newValue)
            state.value = count
            BLAS.setThreadCount(count)
        }
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
