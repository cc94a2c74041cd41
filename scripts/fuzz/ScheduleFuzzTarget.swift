// libFuzzer entry point for the schedule parser and evaluator, built by scripts/fuzz/schedule.sh
// together with Sources/Animation/Schedule/*.swift. The first input byte picks the frame count
// (1…64) and the seed; the rest is the schedule text. Any error thrown is fine; a trap is a bug.

@_cdecl("LLVMFuzzerTestOneInput")
public func scheduleFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let frames = Int(bytes[0] % 64) + 1
    let seed = Int64(bytes[0]) * 1_000_003 - 4_294_967_296
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    _ = Schedule.kind(of: text)
    if let schedule = try? Schedule(text, name: "fuzz") {
        _ = schedule.usesSeed
        _ = try? schedule.values(frameCount: frames, seed: seed)
        if let timeline = try? schedule.timeline(frameCount: frames, seed: seed) {
            _ = try? timeline.value(at: frames - 1)
        }
    }
    if let schedule = try? Schedule(text, name: "fuzz", kind: .text) {
        _ = try? schedule.strings(frameCount: frames, seed: seed)
    }
    return 0
}
