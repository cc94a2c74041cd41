#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A whole file mapped read-only into memory (`mmap`), unmapped when the last reference goes.
/// Checkpoint tensors are read from the mapping on demand, so opening a 2–4 GB checkpoint costs
/// address space, not resident memory.
///
/// `@unchecked Sendable`: the mapping is never written after `init`.
final class MappedFile: @unchecked Sendable {
    let path: String
    let bytes: UnsafeRawBufferPointer

    init(path: String) throws(ModelIOError) {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .unreadable(file: path, detail: Self.errorText()) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(file: path, detail: Self.errorText()) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .unreadable(file: path, detail: "not a regular file") }
        let size = Int(status.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw .unreadable(file: path, detail: Self.errorText())
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// Hands the pages under `range` back to the kernel (`madvise(MADV_DONTNEED)`): a tensor that
    /// has been converted to Float32 no longer needs its stored bytes resident, so loading an fp16
    /// checkpoint does not hold the file's pages and the Float32 weights at once. A later read of
    /// the range simply faults the pages in again from the file.
    func release(_ range: Range<Int>) {
        guard let base = bytes.baseAddress, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (range.lowerBound + page - 1) / page * page
        let last = range.upperBound / page * page
        guard last > first else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + first), last - first, Int32(MADV_DONTNEED))
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
