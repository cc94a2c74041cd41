import Foundation
import ModelIO
import Tensors
import TestSupport
import Testing

/// `zoetrope txt2img` with add-ons: a LoRA from a prompt tag found in `--lora-dir`, an embedding
/// from `--embeddings-dir` and TAESD from `--vae taesd:PATH`, against the LCM-LoRA reference latents
/// of make_tiny_sd_addons.py; and clear refusals.
@Suite struct AddOnCommandTests {
    let folder: URL
    let model = Fixtures.url("tiny-sd/model").path
    let addons = Fixtures.url("addons").path

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-addons-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @Test func aPromptTagMergesTheLoRAAndTAESDDecodes() throws {
        let result = try CommandLineTool.run([
            "txt2img", "--prompt", "a cat wearing a hat <lora:kohya_locon:1>", "--model", model, "--lora-dir", addons + "/loras",
            "--embeddings-dir", addons + "/embeddings", "--vae", "taesd:" + addons + "/taesd", "--seed", "5", "--steps", "4",
            "--cfg", "1", "--sampler", "lcm", "--width", "64", "--height", "64", "--output", path("cat.png"),
            "--latents-out", path("cat.safetensors"), "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let latents = try SafetensorsFile(path: path("cat.safetensors")).tensor(named: "latents")
        let expected = try SafetensorsFile(path: addons + "/parity.safetensors").tensor(named: "lcm.lcm_lora_cfg1")
        #expect(Numerics.relativeL2(latents.scalars, reference: expected.scalars) <= 1e-3)
        #expect(FileManager.default.fileExists(atPath: path("cat.png")))
    }

    @Test(arguments: [
        (["--prompt", "a <lora:absent:1>"], "no LoRA named 'absent'"),
        (["--prompt", "a <hypernet:h:1>"], "extra network <hypernet:h:1> at character 2 is not supported"),
        (["--prompt", "a", "--vae", "taesd:/nonexistent/taesd"], "/nonexistent/taesd"),
        (["--prompt", "a", "--embeddings-dir", "/nonexistent/embeddings"], "/nonexistent/embeddings"),
    ])
    func badAddOnsExitOneWithAMessage(arguments: [String], message: String) throws {
        let result = try CommandLineTool.run(
            ["txt2img", "--model", model, "--lora-dir", addons + "/loras", "--width", "64", "--height", "64", "--steps", "1",
             "--output", path("x.png"), "--quiet"] + arguments)
        #expect(result.status == 1)
        #expect(!result.crashed)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path("x.png")))
    }
}
