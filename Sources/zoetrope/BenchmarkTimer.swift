import Foundation
import Kernels

/// One benchmark entry as `zoetrope bench` reports it (DESIGN.md §2: `median_s`, `min_s`, `runs`,
/// `gflops`, `peak_rss_mb`), plus optional extra numeric fields in a fixed order.
struct BenchmarkResult {
    let name: String
    let runs: Int
    let medianSeconds: Double
    let minSeconds: Double
    /// Floating-point operations of one run, when the entry has a FLOP count.
    let flops: Double?
    /// The process's peak resident set size after the entry ran (VmHWM), in MiB.
    let peakRSSMegabytes: Double?
    var extra: [(key: String, value: Double)] = []

    /// GFLOP/s at the median time.
    var gflops: Double? { flops.map { $0 / medianSeconds / 1e9 } }
}

/// Timing helpers shared by every `zoetrope bench` component.
enum BenchmarkTimer {
    /// Runs `body` once to warm caches and pools, then `runs` timed times (monotonic clock).
    static func measure(name: String, runs: Int, flops: Double?, _ body: () -> Void) -> BenchmarkResult {
        body()
        var seconds: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return BenchmarkResult(
            name: name, runs: seconds.count, medianSeconds: median(seconds), minSeconds: seconds.min() ?? 0,
            flops: flops, peakRSSMegabytes: peakRSSMegabytes())
    }

    /// One entry of an interleaved measurement.
    struct Entry {
        let name: String
        let flops: Double?
        let body: () -> Void
    }

    /// Runs every entry once to warm up, then `runs` rounds in which each entry runs once, in
    /// order. Interleaving gives every entry the same share of a changing machine load (the
    /// benchmark machine is shared), so ratios between entries of one run stay meaningful.
    /// Each result also counts the tensor buffers its timed runs took from the system allocator
    /// rather than `BufferPool` (`allocations_per_run`: 0 means no per-run allocation).
    static func measureInterleaved(_ entries: [Entry], runs: Int) -> [BenchmarkResult] {
        var seconds = [[Double]](repeating: [], count: entries.count)
        var allocations = [Int](repeating: 0, count: entries.count)
        var peaks = [Double?](repeating: nil, count: entries.count)
        for entry in entries { entry.body() }
        for _ in 0..<max(1, runs) {
            for (index, entry) in entries.enumerated() {
                let allocated = BufferPool.statistics.allocated
                let start = DispatchTime.now().uptimeNanoseconds
                entry.body()
                seconds[index].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                allocations[index] += BufferPool.statistics.allocated - allocated
                peaks[index] = peakRSSMegabytes()
            }
        }
        return entries.indices.map { index in
            var result = BenchmarkResult(
                name: entries[index].name, runs: seconds[index].count, medianSeconds: median(seconds[index]),
                minSeconds: seconds[index].min() ?? 0, flops: entries[index].flops, peakRSSMegabytes: peaks[index])
            result.extra.append((key: "allocations_per_run", value: Double(allocations[index]) / Double(seconds[index].count)))
            return result
        }
    }

    /// Median of `values` (mean of the middle two for an even count).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// VmHWM from /proc/self/status in MiB; nil where /proc is unavailable.
    static func peakRSSMegabytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kilobytes = Double(fields[1]) else { return nil }
            return kilobytes / 1024
        }
        return nil
    }

    /// `{"name": {"median_s": …, …}, …}` in entry order, one entry per line.
    static func json(_ results: [BenchmarkResult]) -> String {
        let entries = results.map { result in
            var fields: [(String, Double?)] = [
                ("gflops", result.gflops), ("median_s", result.medianSeconds), ("min_s", result.minSeconds),
                ("runs", Double(result.runs)), ("peak_rss_mb", result.peakRSSMegabytes),
            ]
            fields += result.extra.map { ($0.key, $0.value) }
            let body = fields.compactMap { key, value in value.map { "\"\(key)\": \(number($0))" } }
            return "  \"\(result.name)\": {" + body.joined(separator: ", ") + "}"
        }
        return "{\n" + entries.joined(separator: ",\n") + "\n}"
    }

    /// A human-readable table.
    static func table(_ results: [BenchmarkResult]) -> String {
        let rows = results.map { result in
            var line = result.name.padding(toLength: 18, withPad: " ", startingAt: 0)
            line += String(format: "median %9.4f s  min %9.4f s", result.medianSeconds, result.minSeconds)
            if let gflops = result.gflops { line += String(format: "  %7.1f GFLOP/s", gflops) }
            for (key, value) in result.extra { line += String(format: "  %@ %.3f", key, value) }
            if let rss = result.peakRSSMegabytes { line += String(format: "  peak RSS %.0f MB", rss) }
            return line
        }
        return rows.joined(separator: "\n")
    }

    /// A JSON number: integers without a fraction, others with 6 significant digits.
    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.6g", value)
    }
}
