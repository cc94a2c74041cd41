import Foundation
import Imaging
import Testing
import VideoIO
@testable import Animation

private func render(_ spec: AnimationSpec, in folder: URL, generator: HashingGenerator = HashingGenerator(),
                    through lastFrame: Int? = nil) throws -> RenderSummary {
    let renderer = try AnimationRenderer.start(spec: spec, file: "spec.json", folder: folder)
    return try renderer.render(with: generator, through: lastFrame)
}

private func frames(in folder: URL) throws -> [Int: [UInt8]] {
    let run = RunFolder(url: folder)
    var result: [Int: [UInt8]] = [:]
    for index in run.framesPresent() { result[index] = try ImageFile.read(run.frameURL(index)).pixels }
    return result
}

@Test func renderWritesNamedFramesSettingsAndParameters() throws {
    let folder = temporaryFolder("render")
    defer { try? FileManager.default.removeItem(at: folder) }
    let generator = HashingGenerator()
    let summary = try render(smallSpec(), in: folder, generator: generator)
    #expect(summary.framesWritten == 7 && summary.diffusionsRun == 4 && summary.framesKept == 0)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("frame_") }.sorted()
    #expect(names == (0..<7).map { FrameSequence.fileName(index: $0) })
    // Cadence 2: diffusions at 0, 2, 4, 6; the first is txt2img, the others img2img of the warped frame.
    #expect(generator.requests.map(\.frame) == [0, 2, 4, 6])
    #expect(generator.requests[0].initImage == nil)
    #expect(generator.requests[1].initImage != nil)
    #expect(generator.requests.map(\.seed) == [1234, 1235, 1236, 1237])
    #expect(abs(generator.requests[1].denoisingStrength - 0.35) < 1e-12)
    #expect(generator.requests[2].prompt == "a blue boat" && generator.requests[0].negativePrompt == "blurry")
    let saved = try AnimationSpec.load(contentsOf: folder.appendingPathComponent("settings.json")).spec
    #expect(saved == smallSpec())
    let text = try ImageFile.readText(RunFolder(url: folder).frameURL(2))
    let parameters = try #require(text["parameters"])
    #expect(parameters.hasPrefix("a red boat\nNegative prompt: blurry\nSteps: 4, Sampler: euler_a, CFG scale: 7, Seed: 1235"))
    #expect(text["zoetrope_frame"]?.contains("\"frame\":2") == true)
}

@Test func resumeAfterAStopEqualsAnUninterruptedRender() throws {
    let whole = temporaryFolder("whole")
    let parts = temporaryFolder("parts")
    defer {
        try? FileManager.default.removeItem(at: whole)
        try? FileManager.default.removeItem(at: parts)
    }
    var spec = smallSpec(frames: 9, cadence: 2)
    spec.color.coherence = .lab
    spec.noise.amount = "0: (0.08)"
    _ = try render(spec, in: whole)
    let first = try render(spec, in: parts, through: 4)
    #expect(first.framesWritten == 5)
    let resumed = try AnimationRenderer.resume(folder: parts, spec: spec)
    let generator = HashingGenerator()
    let second = try resumed.render(with: generator)
    #expect(second.framesKept == 5 && second.framesWritten == 4)
    #expect(second.diffusionsReused == 3 && second.diffusionsRun == 2)
    #expect(generator.requests.map(\.frame) == [6, 8])
    #expect(try frames(in: parts) == (try frames(in: whole)))
}

@Test func resumeAfterACrashEqualsAnUninterruptedRender() throws {
    let whole = temporaryFolder("whole")
    let crashed = temporaryFolder("crashed")
    defer {
        try? FileManager.default.removeItem(at: whole)
        try? FileManager.default.removeItem(at: crashed)
    }
    var spec = smallSpec(frames: 6, cadence: 1)
    spec.seedBehavior = .random
    spec.sharpen.amount = "0: (0.3)"
    _ = try render(spec, in: whole)
    let failing = HashingGenerator()
    failing.failAt = 3
    #expect(throws: AnimationError.self) { _ = try render(spec, in: crashed, generator: failing) }
    #expect(RunFolder(url: crashed).framesPresent() == [0, 1, 2])
    _ = try AnimationRenderer.resume(folder: crashed).render(with: HashingGenerator())
    #expect(try frames(in: crashed) == (try frames(in: whole)))
}

@Test func resumeRefusesADifferentSpecAndAFolderWithoutARun() throws {
    let folder = temporaryFolder("refuse")
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try render(smallSpec(), in: folder, through: 1)
    var other = smallSpec()
    other.motion.zoom = "0: (1.1)"
    other.cfg = "0: (9)"
    do {
        _ = try AnimationRenderer.resume(folder: folder, spec: other)
        Issue.record("a different spec was accepted")
    } catch {
        #expect("\(error)".hasSuffix("the spec differs from the run being resumed in: cfg, motion.zoom"))
    }
    #expect(throws: AnimationError.self) { _ = try AnimationRenderer.start(spec: smallSpec(), file: "s", folder: folder) }
    #expect(throws: AnimationError.self) { _ = try AnimationRenderer.resume(folder: temporaryFolder("empty")) }
}

@Test func interpolationBlendsPromptsAndSeedsBetweenKeyframes() throws {
    let folder = temporaryFolder("interpolation")
    defer { try? FileManager.default.removeItem(at: folder) }
    var spec = smallSpec(frames: 5, cadence: 3)
    spec.mode = .interpolation
    spec.prompts = ["0": "a cat", "4": "a dog"]
    let generator = HashingGenerator()
    _ = try render(spec, in: folder, generator: generator)
    #expect(generator.requests.map(\.frame) == [0, 1, 2, 3, 4])
    #expect(generator.requests.allSatisfy { $0.initImage == nil })
    #expect(generator.requests[1].promptBlend == PromptBlend(prompt: "a dog", negativePrompt: "", weight: 0.25, keyframe: 4))
    #expect(generator.requests[1].seed == 1234)
    #expect(generator.requests[1].seedBlend == SeedBlend(seed: 1238, weight: 0.25))
    #expect(generator.requests[4].prompt == "a dog" && generator.requests[4].promptBlend == nil && generator.requests[4].seed == 1238)
}

@Test func videoIsBuiltFromTheFramesPresent() throws {
    let folder = temporaryFolder("video")
    defer { try? FileManager.default.removeItem(at: folder) }
    var spec = smallSpec(frames: 4, cadence: 1)
    spec.output.video = true
    spec.output.codec = "gif"
    _ = try render(spec, in: folder, through: 2)
    let video = try #require(try RunFolder(url: folder).buildVideo(spec: spec))
    #expect(video.lastPathComponent == folder.lastPathComponent + ".gif")
    #expect((try FileManager.default.attributesOfItem(atPath: video.path)[.size] as? Int ?? 0) > 0)
    var count = 0
    let reader = try VideoReader(url: video)
    while try reader.next() != nil { count += 1 }
    #expect(count == 3)
}

@Test func videoInputStartsEveryFrameFromTheVideo() throws {
    let folder = temporaryFolder("video-input")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let input = folder.appendingPathComponent("input.gif")
    let writer = try VideoWriter(url: input, codec: .gif, width: 64, height: 64, fps: try FrameRate(10))
    for level in 0..<10 { try writer.append(RGBImage(width: 64, height: 64, fill: (UInt8(level * 25), 0, 0))) }
    try writer.finish()
    var spec = smallSpec(frames: 99, cadence: 3)
    spec.mode = .videoInput
    spec.videoInput.path = input.path
    spec.videoInput.everyNth = 2
    spec.strength = "0: (0.5)"
    let output = folder.appendingPathComponent("out")
    let generator = HashingGenerator()
    _ = try render(spec, in: output, generator: generator)
    #expect(RunFolder(url: output).framesPresent() == [0, 1, 2, 3, 4])
    #expect(generator.requests.map(\.frame) == [0, 1, 2, 3, 4])
    #expect(generator.requests.allSatisfy { $0.initImage != nil && $0.denoisingStrength == 0.5 })
    let reds = generator.requests.compactMap { $0.initImage?.pixels[0] }
    #expect(reds == reds.sorted() && Set(reds).count == 5, "every 2nd source frame, in order: \(reds)")
    #expect(try AnimationSpec.load(contentsOf: output.appendingPathComponent("settings.json")).spec.frames == 5)
}

@Test func threeDPerspectiveFlipInitImageAndImageCoherenceRender() throws {
    let folder = temporaryFolder("3d")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let start = folder.appendingPathComponent("start.png")
    var picture = RGBImage(width: 80, height: 48)
    for i in 0..<picture.pixels.count { picture.pixels[i] = UInt8(i % 251) }
    try ImageFile.write(picture, to: start)
    var spec = smallSpec(frames: 5, cadence: 2)
    spec.mode = .threeD
    spec.motion.translationZ = "0: (10)"
    spec.motion.rotation3DY = "0: (3)"
    spec.motion.perspectiveFlip = true
    spec.motion.perspectiveFlipTheta = "0: (2)"
    spec.initImage = start.path
    spec.initStrength = 0.7
    spec.color.coherence = .image
    spec.color.image = start.path
    let output = folder.appendingPathComponent("out")
    let generator = HashingGenerator()
    _ = try render(spec, in: output, generator: generator)
    #expect(RunFolder(url: output).framesPresent() == [0, 1, 2, 3, 4])
    let first = try #require(generator.requests.first)
    #expect(first.initImage?.width == 64 && first.initImage?.height == 64)
    #expect(abs(first.denoisingStrength - 0.3) < 1e-12)
    let frame1 = try ImageFile.read(RunFolder(url: output).frameURL(1))
    let frame0 = try ImageFile.read(RunFolder(url: output).frameURL(0))
    #expect(frame1 != frame0, "the camera moved")
}
