import Foundation
import Kernels

/// Settings that must be in the environment before OpenBLAS loads (`BLAS.loadTimeEnvironment`):
/// when one is missing, `zoetrope` sets it and re-executes itself, once, with the same arguments.
/// A user's own value is kept.
enum ProcessEnvironment {
    static func relaunchIfNeeded() {
        let missing = BLAS.loadTimeEnvironment.filter { getenv($0.name) == nil }
        guard !missing.isEmpty else { return }
        for setting in missing { setenv(setting.name, setting.value, 1) }
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv returns only on failure: carry on with OpenBLAS's defaults (slower, same results).
    }
}
