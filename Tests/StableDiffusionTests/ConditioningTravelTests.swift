import Foundation
import StableDiffusion
import Tensors
import Testing

/// Prompt travel: per-frame conditionings between keyframes (Evolved's lerp/slerp prompt
/// scheduling, sd-webui-animatediff's `single_cond` with and without the closed loop).
@Suite struct ConditioningTravelTests {
    /// A [1, 2, 3] conditioning filled from `values`.
    private func conditioning(_ values: [Float]) -> Tensor {
        Tensor(shape: [1, 2, 3], scalars: values)
    }

    private let a: [Float] = [1, 0, 0, 2, 0, 0]
    private let b: [Float] = [0, 3, 0, 0, 1, 0]

    private func norm(_ t: Tensor) -> Double {
        t.scalars.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
    }

    private func close(_ x: Tensor, _ y: [Float], _ tolerance: Float = 1e-6) -> Bool {
        x.scalars.count == y.count && zip(x.scalars, y).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test func keysAreExactAndHoldOutside() throws {
        let frames = try ConditioningTravel.perFrame(
            keyframes: [(frame: 6, hiddenStates: conditioning(b)), (frame: 2, hiddenStates: conditioning(a))], frames: 9)
        #expect(frames.count == 9)
        for frame in 0...2 { #expect(frames[frame].scalars == a, "frame \(frame)") }
        for frame in 6...8 { #expect(frames[frame].scalars == b, "frame \(frame)") }
        #expect(frames.allSatisfy { $0.shape == [1, 2, 3] })
    }

    @Test func linearBetweenKeys() throws {
        let frames = try ConditioningTravel.perFrame(
            keyframes: [(frame: 2, hiddenStates: conditioning(a)), (frame: 6, hiddenStates: conditioning(b))], frames: 9)
        #expect(close(frames[4], zip(a, b).map { ($0 + $1) / 2 }))
        #expect(close(frames[3], zip(a, b).map { 0.75 * $0 + 0.25 * $1 }))
    }

    @Test func slerpKeepsTheNormOfOrthogonalKeys() throws {
        // Orthogonal keys of equal norm: slerp stays on the sphere, lerp cuts inside it.
        let x: [Float] = [3, 0, 0, 4, 0, 0]
        let y: [Float] = [0, 5, 0, 0, 0, 0]
        let keys = [(frame: 0, hiddenStates: conditioning(x)), (frame: 4, hiddenStates: conditioning(y))]
        let slerped = try ConditioningTravel.perFrame(keyframes: keys, frames: 5, interpolation: .slerp)
        for frame in 0..<5 { #expect(abs(norm(slerped[frame]) - 5) < 1e-5, "frame \(frame)") }
        let half = Float(0.5).squareRoot()
        #expect(close(slerped[2], [3 * half, 5 * half, 0, 4 * half, 0, 0], 1e-5))
        #expect(slerped[4].scalars == y)
        let lerped = try ConditioningTravel.perFrame(keyframes: keys, frames: 5, interpolation: .linear)
        #expect(norm(lerped[2]) < 4)
    }

    @Test func openTravelBlends() throws {
        let blends = try ConditioningTravel.blends(keyFrames: [2, 6], frames: 9)
        #expect(blends[0] == .init(from: 0, to: 0, weight: 0))
        #expect(blends[2] == .init(from: 0, to: 1, weight: 0))
        #expect(blends[5] == .init(from: 0, to: 1, weight: 0.75))
        #expect(blends[8] == .init(from: 1, to: 1, weight: 0))
    }

    @Test func closedLoopTravelsBackToTheFirstKey() throws {
        // Keys at 2 and 6 of 10 frames: after 6 the travel goes on toward frame 2 + 10 = 12, so
        // frame 8 is a third of the way and frame 1 (= 11) five sixths.
        let blends = try ConditioningTravel.blends(keyFrames: [2, 6], frames: 10, closedLoop: true)
        #expect(blends[6] == .init(from: 1, to: 0, weight: 0))
        #expect(blends[8] == .init(from: 1, to: 0, weight: 2.0 / 6))
        #expect(blends[0] == .init(from: 1, to: 0, weight: 4.0 / 6))
        #expect(blends[1] == .init(from: 1, to: 0, weight: 5.0 / 6))
        #expect(blends[4] == .init(from: 0, to: 1, weight: 0.5))
        let frames = try ConditioningTravel.perFrame(
            keyframes: [(frame: 2, hiddenStates: conditioning(a)), (frame: 6, hiddenStates: conditioning(b))],
            frames: 10, closedLoop: true)
        #expect(frames[2].scalars == a && frames[6].scalars == b)
        #expect(close(frames[9], zip(a, b).map { 0.5 * $0 + 0.5 * $1 }))
    }

    @Test func blendsNeedAscendingKeys() {
        #expect(throws: PipelineError.invalidRequest(
            field: "prompt keyframes", detail: "keyframe at frame 2 is listed after frame 5; keyframes must ascend")) {
            try ConditioningTravel.blends(keyFrames: [5, 2], frames: 8)
        }
        #expect(throws: PipelineError.invalidRequest(field: "frames", detail: "prompt travel needs at least 1 frame, got 0")) {
            try ConditioningTravel.blends(keyFrames: [0], frames: 0)
        }
    }

    @Test func closedLoopWithOneKeyHolds() throws {
        let blends = try ConditioningTravel.blends(keyFrames: [3], frames: 8, closedLoop: true)
        #expect(blends.allSatisfy { $0 == .init(from: 0, to: 0, weight: 0) })
    }

    @Test func windowBatchStacksFrames() throws {
        let frames = try ConditioningTravel.perFrame(
            keyframes: [(frame: 0, hiddenStates: conditioning(a)), (frame: 2, hiddenStates: conditioning(b))], frames: 3)
        let batch = ConditioningTravel.batch(frames, window: [2, 0])
        #expect(batch.shape == [2, 2, 3])
        #expect(batch.scalars == b + a)
    }

    @Test func invalidKeyframesAreNamed() {
        #expect(throws: PipelineError.invalidRequest(field: "prompt keyframes", detail: "prompt travel needs at least one keyframe")) {
            try ConditioningTravel.perFrame(keyframes: [], frames: 4)
        }
        #expect(throws: PipelineError.invalidRequest(field: "prompt keyframes", detail: "keyframe at frame 4 is outside 0..<4")) {
            try ConditioningTravel.perFrame(
                keyframes: [(frame: 0, hiddenStates: conditioning(a)), (frame: 4, hiddenStates: conditioning(b))], frames: 4)
        }
        #expect(throws: PipelineError.invalidRequest(field: "prompt keyframes", detail: "two keyframes at frame 1")) {
            try ConditioningTravel.perFrame(
                keyframes: [(frame: 1, hiddenStates: conditioning(a)), (frame: 1, hiddenStates: conditioning(b))], frames: 4)
        }
        #expect(throws: PipelineError.invalidRequest(
            field: "prompt keyframes", detail: "keyframe at frame 3 has conditioning [1, 6], keyframe at frame 0 has [1, 2, 3]")) {
            try ConditioningTravel.perFrame(
                keyframes: [(frame: 0, hiddenStates: conditioning(a)), (frame: 3, hiddenStates: Tensor(shape: [1, 6], scalars: b))],
                frames: 4)
        }
    }
}
