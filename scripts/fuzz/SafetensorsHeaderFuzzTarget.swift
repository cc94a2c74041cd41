// libFuzzer entry point for the safetensors header validator, built by scripts/fuzz/modelio.sh
// together with SafetensorsHeader, JSONValue, TensorDType and ModelIOError. The input is a whole
// file (8-byte length, JSON header, data). Any error thrown is fine; a trap is a bug.

@_cdecl("LLVMFuzzerTestOneInput")
public func safetensorsFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let header = try? SafetensorsHeader(file: bytes, fileSize: size, fileName: "fuzz") {
        // Every accepted entry must lie inside the file: the reader slices the mapping with it.
        for name in header.names {
            guard let entry = header.entries[name] else { continue }
            precondition(header.dataOffset + entry.range.upperBound <= size, "entry \(name) past the end")
            precondition(entry.range.count == entry.shape.reduce(entry.dtype.byteSize, *), "entry \(name) size mismatch")
        }
    }
    return 0
}
