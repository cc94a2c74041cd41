// libFuzzer entry point for the restricted unpickler of .ckpt files, built by scripts/fuzz/modelio.sh
// together with TorchPickle, TensorDType and ModelIOError. The input is a data.pkl. Any error
// thrown is fine; a trap, a leak or a timeout is a bug.

@_cdecl("LLVMFuzzerTestOneInput")
public func torchPickleFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let state = try? TorchPickle.stateDict(bytes, file: "fuzz") {
        // Every accepted tensor must be a run inside its storage: the reader slices with it.
        for record in state.tensors.values {
            precondition(record.offset >= 0 && record.offset + record.count <= record.storage.count, "tensor past its storage")
            precondition(record.count == record.shape.reduce(1, *), "count mismatch")
        }
    }
    return 0
}
