import Foundation
import Testing
import TestSupport

private func write(_ text: String, name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-render-\(UUID().uuidString)-\(name)")
    try Data(text.utf8).write(to: url)
    return url
}

@Test func renderPlanPrintsEveryFrame() throws {
    let spec = try write(#"{"frames": 5, "cadence": 2, "seed": 9, "width": 64, "height": 64, "prompts": {"0": "a", "3": "b --neg c"}}"#, name: "s.json")
    defer { try? FileManager.default.removeItem(at: spec) }
    let result = try CommandLineTool.run(["render", spec.path, "--plan"])
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let frames = object?["frames"] as? [[String: Any]] ?? []
    #expect(frames.count == 5)
    #expect(frames.compactMap { $0["diffusion"] == nil ? nil : $0["frame"] as? Int } == [0, 2, 4])
    let prompt = (frames[3]["parameters"] as? [String: Any])?["prompt"] as? [String: Any]
    #expect(prompt?["prompt"] as? String == "b" && prompt?["negativePrompt"] as? String == "c")
}

@Test func renderReportsSpecErrorsWithTheKey() throws {
    let spec = try write(#"{"frames": 5, "motion": {"zoom": "0: (1+)"}}"#, name: "bad.json")
    defer { try? FileManager.default.removeItem(at: spec) }
    let result = try CommandLineTool.run(["render", spec.path])
    #expect(result.status == 1)
    #expect(!result.crashed)
    #expect(result.stderr.hasPrefix("zoetrope: error: \(spec.path): motion.zoom: at 7: "))
}

@Test func renderWarnsAboutUnsupportedDeforumSettings() throws {
    let spec = try write(#"{"W": 64, "H": 64, "max_frames": 3, "prompts": {"0": "a"}, "tiling": true, "use_depth_warping": false}"#, name: "deforum.txt")
    defer { try? FileManager.default.removeItem(at: spec) }
    let result = try CommandLineTool.run(["render", spec.path, "--plan", "--quiet"])
    #expect(result.status == 0)
    #expect(result.stderr.contains("warning: \(spec.path): ignoring Deforum settings Zoetrope does not support: tiling (true)"))
}

@Test func renderUsageErrors() throws {
    #expect(try CommandLineTool.run(["render"]).status == 2)
    #expect(try CommandLineTool.run(["render", "x.json", "--to-frame", "-1"]).status == 2)
    #expect(try CommandLineTool.run(["render", "--resume", "dir", "--from-frame", "3"]).status == 2)
    let missing = try CommandLineTool.run(["render", "/nonexistent/spec.json"])
    #expect(missing.status == 1 && missing.stderr.contains("/nonexistent/spec.json: cannot read the file"))
    let notARun = try CommandLineTool.run(["render", "--resume", FileManager.default.temporaryDirectory.path])
    #expect(notARun.status == 1 && notARun.stderr.contains("holds no Zoetrope run to resume"))
}

@Test func renderRendersPresetsByName() throws {
    let result = try CommandLineTool.run(["render", "cadence-fast-preview", "--plan", "--to-frame", "3"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("\"width\" : 256"))
}

@Test func renderAnimateDiffWithTheDemoModelAndItsErrors() throws {
    let spec = try write(#"{"mode": "animatediff", "frames": 6, "width": 64, "height": 64, "seed": 3, "sampler": "ddim", "steps": 2, "prompts": {"0": "a", "3": "b"}}"#, name: "ad.json")
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-ad-\(UUID().uuidString)")
    defer {
        try? FileManager.default.removeItem(at: spec)
        try? FileManager.default.removeItem(at: output)
    }
    let result = try CommandLineTool.run(["render", spec.path, "--output", output.path, "--quiet"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("6 frames (6 new)"))
    let again = try CommandLineTool.run(["render", "--resume", output.path, "--quiet"])
    #expect(again.status == 0 && again.stdout.contains("6 frames (0 new)"), "\(again.stderr)")

    let missing = try CommandLineTool.run(["render", spec.path, "--motion-module", "/nonexistent/mm.ckpt", "--quiet",
                                           "--output", output.path + "-2"])
    #expect(missing.status == 1 && !missing.crashed)
    #expect(missing.stderr.contains("/nonexistent/mm.ckpt"), "\(missing.stderr)")
    let notAModule = try CommandLineTool.run(["render", spec.path, "--motion-module", spec.path, "--quiet", "--output", output.path + "-3"])
    #expect(notAModule.status == 1 && !notAModule.crashed, "\(notAModule.stderr)")
}
