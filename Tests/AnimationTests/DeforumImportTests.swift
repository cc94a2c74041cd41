import Foundation
import Testing
import TestSupport
@testable import Animation

private func settings(_ name: String) throws -> Data {
    try Fixtures.data("animation/\(name)")
}

@Test func deforumTestSettingsImport() throws {
    let loaded = try AnimationSpec.load(try settings("example_settings_test_simple.json"), file: "simple.json")
    #expect(loaded.format == .deforumUI)
    let spec = loaded.spec
    #expect(spec.mode == .twoD)
    #expect(spec.frames == 5 && spec.width == 512 && spec.height == 512 && spec.fps == 20)
    #expect(spec.seed == 1 && spec.seedBehavior == .iter && spec.seedIterN == 1)
    #expect(spec.steps.text == "0: (1)")
    #expect(spec.sampler.text == "Euler a")
    #expect(spec.cadence == 1)
    #expect(spec.noise.amount.text == "0: (0.04)")
    #expect(spec.sharpen.amount.text == "0: (0.05)")
    #expect(spec.noiseMultiplier.text == "0: (1.0)")
    #expect(spec.motion.zoom.text == "0:(1.0025+0.002*sin(1.25*3.14*t/30))")
    #expect(spec.prompts["60"] == "a beautiful coconut --neg photo, realistic")
    #expect(spec.color.coherence == .lab && !spec.color.legacy)
    #expect(spec.motion.padding == .reflection)
    #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
}

@Test func deforumRunStartFileIsDetectedAndItsDepthWarpingRefused() throws {
    let data = try settings("example_settings_default.json")
    #expect(throws: AnimationError.self) { try AnimationSpec.load(data, file: "default.json") }
    do {
        _ = try AnimationSpec.load(data, file: "default.json")
    } catch {
        #expect("\(error)".hasPrefix("default.json: motion.depth_warping (Deforum's use_depth_warping)"))
    }
    let flat = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"use_depth_warping\": true", with: "\"use_depth_warping\": false")
    let loaded = try AnimationSpec.load(Data(flat.utf8), file: "default.json")
    #expect(loaded.format == .deforumRun)
    #expect(loaded.spec.mode == .threeD && loaded.spec.frames == 120 && loaded.spec.seed == -1 && loaded.spec.cadence == 2)
    #expect(loaded.spec.noiseMultiplier.text == "0: (1.05)")
    // The run-start file's prompts are already merged: the negative field is not added again.
    #expect(loaded.spec.negativePrompt == "" && loaded.spec.positivePrompt == "")
    let plan = try AnimationPlan(spec: { var s = loaded.spec; s.seed = 5; return s }(), file: "default.json")
    #expect(plan.frames[0].parameters.prompt.negativePrompt == "nsfw, nude")
    #expect(plan.frames[60].parameters.prompt.negativePrompt == "photo, realistic  nsfw, nude")
}

@Test func unsupportedSwitchedOnSettingsAreListedInOneWarning() throws {
    var text = String(decoding: try settings("example_settings_test_simple.json"), as: UTF8.self)
    for (old, new) in [("\"hybrid_composite\": \"None\"", "\"hybrid_composite\": \"Normal\""),
                       ("\"cn_2_enabled\": false", "\"cn_2_enabled\": true"), ("\"tiling\": false", "\"tiling\": true"),
                       ("\"cn_1_weight\": \"0:(1)\"", "\"cn_1_weight\": \"0:(0.5)\"")] {  // unit 1 is off: inert, not listed
        #expect(text.contains(old))
        text = text.replacingOccurrences(of: old, with: new)
    }
    text = "{\n    \"some_future_key\": 3," + text.dropFirst()
    let loaded = try AnimationSpec.load(Data(text.utf8), file: "s.json")
    #expect(loaded.warnings.count == 1)
    #expect(loaded.warnings.first == "s.json: ignoring Deforum settings Zoetrope does not support: cn_2_enabled (true), hybrid_composite (\"Normal\"), tiling (true), some_future_key (not recognised)")
}

@Test func scheduleSwitchesChooseTheValue() throws {
    let json = #"{"max_frames": 10, "W": 250, "H": 256, "prompts": {"0": "a"}, "steps": 30, "enable_steps_scheduling": true, "steps_schedule": "0: (10), 5: (20)", "sampler": "DPM++ 2M Karras", "enable_clipskip_scheduling": true, "clipskip_schedule": "0: (2)", "animation_mode": "Interpolation", "color_coherence": "Match Frame 0 RGB"}"#
    let loaded = try AnimationSpec.load(Data(json.utf8), file: "s.json")
    #expect(loaded.spec.steps.text == "0: (10), 5: (20)")
    #expect(loaded.spec.sampler.text == "DPM++ 2M Karras")
    #expect(loaded.spec.clipSkip?.text == "0: (2)")
    #expect(loaded.spec.mode == .interpolation)
    #expect(loaded.spec.width == 248)
    #expect(loaded.spec.color.coherence == .rgb && loaded.spec.color.legacy)
    #expect(loaded.warnings == ["s.json: W×H 250×256 is floored to 248×256, as Deforum's pipeline does"])
    #expect(loaded.notes.contains("legacy_colormatch is missing, so it is set to true as Deforum does for old files"))
}

/// `deprecations` of the fixture: Deforum's upgrades of old settings, key by key.
@Test func deprecationsMatchDeforum() throws {
    struct Case: Decodable {
        let input: [String: JSONValue]
        let output: [String: JSONValue]
    }
    struct Document: Decodable { let deprecations: [Case] }
    let cases = try JSONDecoder().decode(Document.self, from: try Fixtures.data("animation/deforum_animation.json")).deprecations
    #expect(cases.count == 3)
    for item in cases {
        var upgraded = item.input
        _ = DeforumDeprecations.apply(to: &upgraded)
        #expect(upgraded == item.output)
    }
}
