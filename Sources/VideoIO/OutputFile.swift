import Foundation

/// Output files appear under their final name only when complete: they are written to a hidden
/// temporary name in the same folder and renamed on success, and removed on failure.
enum OutputFile {
    /// A temporary path beside `url` (same folder, so the rename is atomic), keeping the extension
    /// so FFmpeg's muxer guessing still works.
    static func temporaryURL(for url: URL) -> URL {
        let name = ".\(url.deletingPathExtension().lastPathComponent).partial-\(UUID().uuidString.prefix(8))"
        return url.deletingLastPathComponent().appendingPathComponent(name).appendingPathExtension(url.pathExtension)
    }

    /// Checks that `url`'s folder exists and is writable, before any work is done.
    static func checkWritable(_ url: URL) throws {
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw VideoIOError.unwritableOutput(path: url.path, reason: "folder '\(folder)' does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw VideoIOError.unwritableOutput(path: url.path, reason: "folder '\(folder)' is not writable")
        }
    }

    /// Moves the finished `temporary` file to `url`, replacing what was there.
    static func commit(_ temporary: URL, to url: URL) throws {
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw VideoIOError.unwritableOutput(path: url.path, reason: reason)
        }
    }

    static func writeAtomically(_ data: Data, to url: URL) throws {
        try checkWritable(url)
        let temporary = temporaryURL(for: url)
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw VideoIOError.unwritableOutput(path: url.path, reason: error.localizedDescription)
        }
        try commit(temporary, to: url)
    }
}
