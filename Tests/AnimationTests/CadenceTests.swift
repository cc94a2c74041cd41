import Foundation
import Imaging
import Testing
import VideoIO
@testable import Animation

private func cadenceSpec(frames: Int, cadence: Int, tail: Bool) -> AnimationSpec {
    var spec = AnimationSpec()
    spec.frames = frames
    spec.cadence = cadence
    spec.cadenceTail = tail
    spec.seed = 1000
    spec.width = 64
    spec.height = 64
    spec.output.video = false
    spec.color.coherence = .none
    return spec
}

/// With `cadence_tail: false` the plan writes exactly Deforum's frames, blended from the same
/// diffusions with the same tween weights.
@Test func cadencePlanMatchesDeforum() throws {
    let cases = try #require(DeforumAnimationFixture.shared).cadence
    #expect(cases.count == 8)
    for item in cases {
        let spec = cadenceSpec(frames: item.frames, cadence: item.cadence, tail: false)
        if item.written.isEmpty {
            // Deforum writes nothing here; Zoetrope says so instead of rendering nothing.
            #expect(throws: AnimationError.self) { try AnimationPlan(spec: spec, file: "c") }
            continue
        }
        let plan = try AnimationPlan(spec: spec, file: "c")
        #expect(plan.frames.map(\.frame) == item.written.map(\.frame), "\(item.frames) frames, cadence \(item.cadence)")
        let diffused = item.cadence > 1 ? Array(item.diffused.dropLast()) : item.diffused
        #expect(plan.diffusions.map(\.frame) == diffused)
        for (frame, reference) in zip(plan.frames, item.written) {
            switch frame.output {
            case .generated:
                #expect(reference.next == frame.frame && reference.previous == nil)
            case .crossFade(let previous, let next, let weight):
                #expect(next == reference.next)
                #expect(weight == reference.tween)
                #expect((weight < 1 ? previous : nil) == reference.previous)
            }
        }
    }
}

@Test func cadenceTailWritesEveryFrame() throws {
    let plan = try AnimationPlan(spec: cadenceSpec(frames: 10, cadence: 3, tail: true), file: "c")
    #expect(plan.frames.map(\.frame) == Array(0..<10))
    #expect(plan.diffusions.map(\.frame) == [0, 3, 6, 9])
    #expect(plan.frames[9].output == .crossFade(previous: 6, next: 9, weight: 1.0 / 3.0))
    let one = try AnimationPlan(spec: cadenceSpec(frames: 1, cadence: 4, tail: true), file: "c")
    #expect(one.frames.map(\.frame) == [0])
    #expect(throws: AnimationError.self) { try AnimationPlan(spec: cadenceSpec(frames: 1, cadence: 4, tail: false), file: "c") }
}

/// Diffusion j is grey 10·j and nothing moves: the written frames are Deforum's cross-fade values.
@Test func cadenceFramesHaveDeforumsValues() throws {
    let cases = try #require(DeforumAnimationFixture.shared).cadence
    for item in cases where !item.written.isEmpty {
        let folder = temporaryFolder("cadence")
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = cadenceSpec(frames: item.frames, cadence: item.cadence, tail: false)
        let plan = try AnimationPlan(spec: spec, file: "c")
        let run = RunFolder(url: folder)
        try run.create(spec: spec, firstFrame: 0)
        let renderer = AnimationRenderer(plan: plan, folder: run, file: "c", effects: IdentityEffects())
        _ = try renderer.render(with: GreyGenerator())
        #expect(run.framesPresent() == item.written.map(\.frame))
        let values = try item.written.map { Int(try ImageFile.read(run.frameURL($0.frame)).pixels[0]) }
        #expect(values == item.grey, "\(item.frames) frames, cadence \(item.cadence)")
    }
}
