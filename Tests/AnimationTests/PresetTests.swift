import Foundation
import Testing
import TestSupport
@testable import Animation

/// `presets/` of this checkout.
private let presetsFolder = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("presets", isDirectory: true)

@Test(arguments: AnimationPreset.all.map(\.name))
func presetFileDecodesToTheBuiltInPreset(_ name: String) throws {
    let preset = try #require(AnimationPreset.named(name))
    let builtIn = try preset.load()
    let file = try AnimationSpec.load(contentsOf: presetsFolder.appendingPathComponent("\(name).json"))
    #expect(file.spec == builtIn.spec)
    #expect(file.format == .zoetrope && file.warnings.isEmpty)
    if builtIn.spec.mode != .videoInput {
        var spec = builtIn.spec
        spec.seed = 7
        let plan = try AnimationPlan(spec: spec, file: name)
        #expect(plan.frames.count == spec.frames, "\(name) writes every frame")
    }
}

@Test func everyPresetFileIsBuiltIn() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: presetsFolder.path).filter { $0.hasSuffix(".json") }
    #expect(Set(files.map { String($0.dropLast(5)) }) == Set(AnimationPreset.all.map(\.name)))
    #expect(AnimationPreset.all.count >= 8)
}

@Test func demoSpecIsSmall() throws {
    let url = presetsFolder.deletingLastPathComponent().appendingPathComponent("examples/demo.json")
    let spec = try AnimationSpec.load(contentsOf: url).spec
    #expect(spec.width <= 256 && spec.height <= 256 && spec.frames <= 16 && spec.cadence == 2)
    var seeded = spec
    seeded.seed = 1
    #expect(try AnimationPlan(spec: seeded, file: "demo").diffusions.count == 6)
}

@Test(arguments: ["keyframed.json", "animatediff.json"])
func exampleSpecsDecode(_ name: String) throws {
    let url = presetsFolder.deletingLastPathComponent().appendingPathComponent("examples/" + name)
    let loaded = try AnimationSpec.load(contentsOf: url)
    #expect(loaded.warnings.isEmpty)
    var spec = loaded.spec
    spec.seed = 1
    #expect(try AnimationPlan(spec: spec, file: name).frames.count == spec.frames)
}
