import Foundation
import Imaging
import ModelIO
import Tensors
import TestSupport
import Testing
import VideoIO

/// `zoetrope txt2img` / `img2img` as users run them: outputs, metadata, and clear refusals of bad input.
@Suite struct GenerationCommandTests {
    let folder: URL
    let model = Fixtures.url("tiny-sd/model").path

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-generation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func txt2imgWritesThePNGWithA1111ParametersAndTheLatent() throws {
        let result = try CommandLineTool.run([
            "txt2img", "--prompt", "a red fox, (snow:1.2)", "--negative", "blurry", "--model", model, "--seed", "42",
            "--steps", "3", "--width", "64", "--height", "48", "--sampler", "DPM++ 2M Karras", "--output", path("fox.png"),
            "--latents-out", path("fox.safetensors"), "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let image = try ImageFile.read(URL(fileURLWithPath: path("fox.png")))
        #expect(image.width == 64 && image.height == 48)
        let parameters = try #require(try ImageFile.readText(URL(fileURLWithPath: path("fox.png")))["parameters"])
        #expect(parameters.hasPrefix("a red fox, (snow:1.2)\nNegative prompt: blurry\nSteps: 3, Sampler: DPM++ 2M, Schedule type: Karras"))
        #expect(parameters.contains("Seed: 42, Size: 64x48, Model: model"))
        let latents = try SafetensorsFile(path: path("fox.safetensors"))
        #expect(latents.shape(of: "latents") == [1, 4, 6, 8])
        #expect(try leftovers() == ["fox.png", "fox.safetensors"])
    }

    @Test func theSameSeedGivesTheSameImageAndAnotherSeedAnother() throws {
        for (name, seed) in [("a.png", "5"), ("b.png", "5"), ("c.png", "6")] {
            let result = try CommandLineTool.run([
                "txt2img", "--prompt", "a tree", "--model", model, "--seed", seed, "--steps", "2", "--width", "64",
                "--height", "64", "--output", path(name), "--quiet",
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let images = try ["a.png", "b.png", "c.png"].map { try ImageFile.read(URL(fileURLWithPath: path($0))) }
        #expect(images[0] == images[1])
        #expect(images[0] != images[2])
    }

    @Test func img2imgScalesAndCropsTheInitImageAndSaysSo() throws {
        try ImageFile.write(RGBImage(width: 80, height: 40, fill: (200, 30, 30)), to: URL(fileURLWithPath: path("init.png")))
        let result = try CommandLineTool.run([
            "img2img", "--init-image", path("init.png"), "--strength", "0.5", "--prompt", "a red wall", "--model", model,
            "--steps", "4", "--width", "64", "--height", "64", "--output", path("out.png"),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("init image 80×40 scaled to cover 64×64 and centre-cropped"))
        let parameters = try ImageFile.readText(URL(fileURLWithPath: path("out.png")))["parameters"] ?? ""
        #expect(parameters.contains("Denoising strength: 0.5"))
    }

    @Test(arguments: [
        (["--width", "100"], "multiples of 8"),
        (["--steps", "0"], "steps"),
        (["--sampler", "nope"], "valid samplers: euler, euler_a"),
        (["--schedule", "sideways"], "sideways"),
        (["--rng", "gpu"], "--rng"),
        (["--model", "/no/such/model.safetensors"], "/no/such/model.safetensors"),
    ])
    func badTxt2imgInputExitsOneWithAMessageAndNoFile(arguments: [String], message: String) throws {
        let result = try CommandLineTool.run(
            ["txt2img", "--prompt", "x", "--width", "64", "--height", "64", "--steps", "1", "--output", path("x.png")] + arguments)
        #expect(result.status == 1)
        #expect(!result.crashed)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try leftovers().isEmpty)
    }

    @Test func badImg2imgInputExitsOne() throws {
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: path("broken.png")))
        for arguments in [
            ["--init-image", path("missing.png")],
            ["--init-image", path("broken.png")],
            ["--init-image", path("broken.png"), "--strength", "1.5"],
        ] {
            let result = try CommandLineTool.run(
                ["img2img", "--prompt", "x", "--model", model, "--width", "64", "--height", "64", "--output", path("y.png")] + arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(!result.crashed)
        }
        #expect(try leftovers() == ["broken.png"])
    }

    @Test func withoutAModelTheDemoModelRunsAndSaysSo() throws {
        let result = try CommandLineTool.run([
            "txt2img", "--prompt", "x", "--steps", "1", "--width", "64", "--height", "64", "--output", path("demo.png"),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("built-in demo model"))
        #expect(FileManager.default.fileExists(atPath: path("demo.png")))
    }
}
