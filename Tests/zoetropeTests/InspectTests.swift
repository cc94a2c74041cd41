import Foundation
import Testing
import TestSupport

@Test func inspectDescribesASingleFile() throws {
    let result = try CommandLineTool.run(["inspect", Fixtures.url("tiny-sd/compvis.safetensors").path])
    #expect(result.status == 0)
    #expect(result.stdout.contains("format:        safetensors (792 tensors stored)"))
    #expect(result.stdout.contains("architecture:  SD1.x"))
    #expect(result.stdout.contains("unet:          494 tensors, 555,380 parameters, F16 ×494; config inferred from shapes"))
    #expect(result.stdout.contains("ignored keys:  2 (cond_stage_model.transformer.text_model.embeddings.position_ids, model_ema.decay)"))
    #expect(result.stdout.contains("unmapped keys: none"))
}

@Test func inspectJSONOfACkpt() throws {
    let result = try CommandLineTool.run(["inspect", Fixtures.url("tiny-sd/compvis-vae-clip.ckpt").path, "--json"])
    #expect(result.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["format"] as? String == "ckpt")
    #expect(object["supported"] as? Bool == false)
    let missing = object["missing_components"] as? [String: String]
    #expect(missing?["unet"] == "no 'model.diffusion_model.*' tensors")
    let components = object["components"] as? [[String: Any]] ?? []
    #expect(components.compactMap { $0["name"] as? String } == ["vae", "text_encoder"])
    #expect(components.first?["dtypes"] as? [String: Int] == ["BF16": 1, "F16": 242, "F32": 1])
    #expect((object["ignored_keys"] as? [String])?.contains("global_step") == true)
}

@Test func inspectDiffusersFolder() throws {
    let result = try CommandLineTool.run(["inspect", Fixtures.url("tiny-sd/model").path])
    #expect(result.status == 0)
    #expect(result.stdout.contains("format:        diffusers folder"))
    #expect(result.stdout.contains("text_encoder:  52 tensors, 1,603,951 parameters, F16 ×52; config.json"))
}

/// Bad input exits 1 with one line naming the file and what is wrong, and never crashes.
@Test func inspectBadInputIsAUserError() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-inspect-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let cases: [(bytes: [UInt8], fragment: String)] = [
        ([1, 2, 3], "truncated: 3 bytes"),
        ([0xFF, 0, 0, 0, 0, 0, 0, 0] + Array("{}".utf8), "header length 255 at offset 0 runs past the end of the file"),
        ([5, 0, 0, 0, 0, 0, 0, 0] + Array("{nope".utf8), "header is not valid JSON"),
        ([0x50, 0x4B, 0x03, 0x04, 0, 0], "not a readable zip archive"),
        ([0x80, 0x02, 0x7D, 0x2E], "legacy (pre-torch-1.6) checkpoint format is not supported"),
    ]
    for (index, item) in cases.enumerated() {
        let path = directory.appendingPathComponent("bad\(index).safetensors").path
        try Data(item.bytes).write(to: URL(fileURLWithPath: path))
        let result = try CommandLineTool.run(["inspect", path])
        #expect(result.status == 1, "\(item.fragment)")
        #expect(!result.crashed)
        #expect(result.stderr.hasPrefix("zoetrope: error: \(path): "), "\(result.stderr)")
        #expect(result.stderr.contains(item.fragment), "\(result.stderr)")
    }
    let missing = try CommandLineTool.run(["inspect", "/nonexistent/model.ckpt"])
    #expect(missing.status == 1)
    #expect(missing.stderr == "zoetrope: error: /nonexistent/model.ckpt: cannot read: no such file or folder\n")
}

@Test func inspectWithoutModelIsAUsageError() throws {
    #expect(try CommandLineTool.run(["inspect"]).status == 2)
}
