import Foundation
import Testing
@testable import Animation

private func load(_ json: String) throws -> LoadedSpec {
    try AnimationSpec.load(Data(json.utf8), file: "spec.json")
}

private func error(_ json: String) -> String {
    do {
        _ = try load(json)
        return ""
    } catch {
        return "\(error)"
    }
}

@Test func emptySpecTakesTheDocumentedDefaults() throws {
    let loaded = try load("{}")
    #expect(loaded.format == .zoetrope)
    #expect(loaded.spec == AnimationSpec())
    #expect(loaded.spec.frames == 120 && loaded.spec.fps == 15 && loaded.spec.cadence == 2)
    #expect(loaded.spec.strength.text == "0: (0.65)")
    #expect(loaded.spec.color.coherence == .lab)
}

@Test func numbersStandForConstantSchedules() throws {
    let spec = try load(#"{"cfg": 7.5, "steps": 20, "motion": {"zoom": 1.01}}"#).spec
    #expect(spec.cfg.text == "0: (7.5)")
    #expect(spec.steps.text == "0: (20)")
    #expect(spec.motion.zoom.text == "0: (1.01)")
}

@Test func specRoundTripsThroughJSON() throws {
    var spec = smallSpec()
    spec.clipSkip = "0: (2)"
    spec.initImage = "start.png"
    spec.mode = .threeD
    let again = try AnimationSpec.load(try spec.jsonData(), file: "again.json").spec
    #expect(again == spec)
    let text = String(decoding: try spec.jsonData(), as: UTF8.self)
    #expect(text.contains("\"seed_behavior\" : \"iter\""))
    #expect(text.contains("\"translation_x\" : \"0: (1.5)\""))
}

@Test func unknownKeysAreNamed() {
    #expect(error(#"{"zom": "0: (1)"}"#).hasPrefix("spec.json: zom: unknown key"))
    #expect(error(#"{"motion": {"zooom": 1}}"#).hasPrefix("spec.json: motion.zooom: unknown key"))
}

@Test func typeErrorsNameTheKey() {
    #expect(error(#"{"frames": "many"}"#) == "spec.json: frames: expected a whole number")
    #expect(error(#"{"motion": {"angle": true}}"#) == "spec.json: motion.angle: expected a schedule string or a number")
    #expect(error(#"{"mode": "4D"}"#).contains("mode: '4D' is not one of '2D', '3D', 'interpolation', 'video-input'"))
    #expect(error("[1, 2]") == "spec.json: expected a JSON object")
    #expect(error("{").hasPrefix("spec.json: not valid JSON"))
}

@Test func modesAreReadLeniently() throws {
    #expect(try load(#"{"mode": "Video Input", "video_input": {"path": "in.mp4"}}"#).spec.mode == .videoInput)
    #expect(try load(#"{"mode": "INTERPOLATION"}"#).spec.mode == .interpolation)
}

@Test func validationNamesTheProblem() {
    #expect(error(#"{"width": 500}"#) == "spec.json: width: 500 is not a multiple of 8 between 64 and 8192")
    #expect(error(#"{"frames": 0}"#) == "spec.json: frames: 0 is not between 1 and 1000000")
    #expect(error(#"{"prompts": {}}"#) == "spec.json: prompts: at least one prompt is needed")
    #expect(error(#"{"motion": {"zoom": "0: (1+sin(t)"}}"#) == "spec.json: motion.zoom: at 13: expected ')'")
    #expect(error(#"{"mode": "video-input"}"#) == "spec.json: video_input.path: video-input mode needs an input video")
    #expect(error(#"{"color": {"coherence": "Image"}}"#) == "spec.json: color.image: colour coherence 'Image' needs a reference image")
    #expect(error(#"{"output": {"codec": "divx"}}"#).hasPrefix("spec.json: output.codec:"))
}

@Test func depthWarpingIsRefusedClearly() {
    let message = error(#"{"mode": "3D", "motion": {"depth_warping": true}}"#)
    #expect(message.contains("depth model"))
    #expect(message.contains("not support"))
    #expect(error(#"{"mode": "2D", "motion": {"depth_warping": true}}"#) == "")
}
