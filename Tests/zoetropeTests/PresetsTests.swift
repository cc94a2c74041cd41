import Foundation
import Testing
import TestSupport

@Test func presetsListNamesEveryPreset() throws {
    let result = try CommandLineTool.run(["presets", "list"])
    #expect(result.status == 0)
    for name in ["zoom-tunnel", "slow-orbit", "pan-colour-coherence", "dolly-3d", "prompt-morph", "seed-travel",
                 "video-stylise", "cadence-fast-preview", "animatediff-travel"] {
        #expect(result.stdout.contains(name + " "), "list lacks \(name)")
    }
}

@Test func presetsShowPrintsACompleteSpec() throws {
    let result = try CommandLineTool.run(["presets", "show", "prompt-morph"])
    #expect(result.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(object?["mode"] as? String == "interpolation")
    #expect(object?["seed_behavior"] as? String == "fixed")
    #expect(object?["motion"] is [String: Any])
}

@Test func presetsShowRejectsUnknownNames() throws {
    let result = try CommandLineTool.run(["presets", "show", "warp-speed"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("zoetrope: error: presets: no preset 'warp-speed' (presets: zoom-tunnel, "))
    #expect(try CommandLineTool.run(["presets", "show"]).status == 2)
}
