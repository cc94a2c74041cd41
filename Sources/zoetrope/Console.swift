import Foundation

/// Writing to stderr: notes, and a progress line redrawn in place on a terminal (plain lines otherwise).
enum Console {
    /// Whether stderr is a terminal.
    static let isTerminal = isatty(STDERR_FILENO) != 0

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("zoetrope: \(message)\n".utf8))
    }

    /// A progress report: a bar with `done`/`total`, the rate and the ETA. On a terminal it redraws
    /// one line; otherwise it prints a plain line.
    static func progress(_ label: String, done: Int, total: Int, started: Date, unit: String = "it") {
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let speed = rate >= 1 || rate == 0 ? String(format: "%.2f %@/s", rate, unit) : String(format: "%.2f s/%@", 1 / rate, unit)
        let timing = "\(speed), ETA \(duration(remaining))"
        if isTerminal {
            let width = 24
            let filled = total > 0 ? min(width, done * width / total) : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let end = done == total ? "\n" : ""
            FileHandle.standardError.write(Data("\r\(label) \(bar) \(done)/\(total) \(timing)\u{1B}[K\(end)".utf8))
        } else {
            FileHandle.standardError.write(Data("\(label) \(done)/\(total) \(timing)\n".utf8))
        }
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600
            ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%d:%02d", total / 60, total % 60)
    }
}
