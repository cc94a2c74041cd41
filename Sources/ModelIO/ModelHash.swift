import Foundation

/// The model hash A1111 writes into PNG parameters (`Model hash: …`) and Civitai lists as
/// "AutoV2": the first 10 hex digits of the checkpoint file's SHA-256. Hashing a 2–4 GB file takes
/// seconds, so results are cached, as A1111 caches them, keyed by path, size and modification time
/// (in `$XDG_CACHE_HOME/zoetrope/model-hashes.json`, default `~/.cache/...`).
public enum ModelHash {
    /// The hash of the checkpoint file at `path`; nil for folders (A1111 hashes files only) and
    /// unreadable files.
    public static func autoV2(path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date
        else { return nil }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let key = "\(absolute)|\(size)|\(Int(modified.timeIntervalSince1970))"
        var cache = loadCache()
        if let cached = cache[key] { return cached }
        guard let file = try? MappedFile(path: path) else { return nil }
        var hasher = SHA256()
        hasher.update(file.bytes)
        let hash = hasher.finish().prefix(5).map { String(format: "%02x", $0) }.joined()
        cache[key] = hash
        saveCache(cache)
        return hash
    }

    /// The full SHA-256 of `bytes` in hex (for tests and small files).
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update($0) }
        return hasher.finish().map { String(format: "%02x", $0) }.joined()
    }

    private static var cacheURL: URL {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return base.appendingPathComponent("zoetrope/model-hashes.json")
    }

    private static func loadCache() -> [String: String] {
        guard let data = try? Data(contentsOf: cacheURL),
            let cache = try? JSONDecoder().decode([String: String].self, from: data)
        else { return [:] }
        return cache
    }

    /// Best effort: a cache that cannot be written only costs a re-hash next time.
    private static func saveCache(_ cache: [String: String]) {
        guard let data = try? JSONEncoder().encode(cache) else { return }
        try? FileManager.default.createDirectory(at: cacheURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: cacheURL, options: .atomic)
    }
}
