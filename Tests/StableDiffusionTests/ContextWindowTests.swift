import Foundation
import StableDiffusion
import Tensors
import TestSupport
import Testing

/// Context windows and their fusion, against ComfyUI-AnimateDiff-Evolved's semantics
/// (CONTEXT.md §2–3 examples and `Tests/Fixtures/animatediff/context_windows.json` from
/// `scripts/fixtures/make_context_windows.py`).
@Suite struct ContextWindowTests {
    private func schedule(_ kind: ContextWindowSchedule.Kind, length: Int = 16, overlap: Int = 4, stride: Int = 1,
                          closedLoop: Bool = false) -> ContextWindowSchedule {
        ContextWindowSchedule(length: length, stride: stride, overlap: overlap, closedLoop: closedLoop, kind: kind)
    }

    @Test func defaults() {
        let defaults = ContextWindowSchedule()
        #expect(defaults == ContextWindowSchedule(length: 16, stride: 1, overlap: 4, closedLoop: false, kind: .standardUniform))
    }

    @Test func loopedUniformExamples() {
        let looped = schedule(.loopedUniform)
        #expect(looped.windows(step: 0, frames: 32) == [Array(0...15), Array(12...27), Array(24...31) + Array(0...7)])
        #expect(looped.windows(step: 1, frames: 32) == [Array(16...31), Array(28...31) + Array(0...11), Array(8...23)])
        #expect(looped.windows(step: 2, frames: 32) == [Array(8...23), Array(20...31) + Array(0...3), Array(0...15)])
        let dilated = schedule(.loopedUniform, stride: 2)
        #expect(dilated.windows(step: 0, frames: 48) == [
            Array(0...15), Array(12...27), Array(24...39), Array(36...47) + Array(0...3),
            Array(Swift.stride(from: 0, through: 30, by: 2)),
            Array(Swift.stride(from: 28, through: 46, by: 2)) + Array(Swift.stride(from: 0, through: 10, by: 2)),
        ])
    }

    @Test func otherKindExamples() {
        #expect(schedule(.standardUniform).windows(step: 0, frames: 32) == [Array(0...15), Array(12...27), Array(16...31)])
        let staticWindows = [Array(0...15), Array(12...27), Array(24...39)]
        for step in 0..<4 { #expect(schedule(.standardStatic).windows(step: step, frames: 40) == staticWindows) }
        #expect(schedule(.batched).windows(step: 3, frames: 40) == [Array(0...15), Array(16...31), Array(32...39)])
    }

    @Test(arguments: ContextWindowSchedule.Kind.allCases)
    func shortVideosAreOneWindow(kind: ContextWindowSchedule.Kind) {
        for frames in [1, 7, 16] {
            for step in 0..<3 {
                #expect(schedule(kind, closedLoop: true).windows(step: step, frames: frames) == [Array(0..<frames)])
            }
        }
    }

    @Test(arguments: ContextWindowSchedule.Kind.allCases)
    func windowsCoverEveryFrameWithinLength(kind: ContextWindowSchedule.Kind) {
        for length in [1, 3, 8, 16] {
            for overlap in Set([0, 1, length / 2, length - 1]) where overlap < length {
                for stride in 1...4 {
                    for closedLoop in [false, true] {
                        let context = schedule(kind, length: length, overlap: overlap, stride: stride, closedLoop: closedLoop)
                        for frames in [1, 5, 17, 23, 45, 100] {
                            for step in 0..<6 {
                                let windows = context.windows(step: step, frames: frames)
                                #expect(Set(windows.joined()) == Set(0..<frames), "\(context) frames \(frames) step \(step)")
                                #expect(windows.allSatisfy { !$0.isEmpty && $0.count <= length },
                                        "\(context) frames \(frames) step \(step)")
                                #expect(windows.allSatisfy { $0.allSatisfy { (0..<frames).contains($0) } },
                                        "\(context) frames \(frames) step \(step)")
                                if kind != .loopedUniform {
                                    #expect(windows.allSatisfy { zip($0, $0.dropFirst()).allSatisfy { $0 < $1 } },
                                            "\(context) frames \(frames) step \(step) wraps")
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func validationNamesTheField() throws {
        #expect(throws: PipelineError.invalidRequest(field: "context.length", detail: "must be at least 1, got 0")) {
            try schedule(.standardUniform, length: 0, overlap: 0).validate()
        }
        #expect(throws: PipelineError.invalidRequest(field: "context.overlap", detail: "must be less than the context length 16, got 16")) {
            try schedule(.standardUniform, overlap: 16).validate()
        }
        #expect(throws: PipelineError.invalidRequest(field: "context.overlap", detail: "must be at least 0, got -1")) {
            try schedule(.standardUniform, overlap: -1).validate()
        }
        #expect(throws: PipelineError.invalidRequest(field: "context.stride", detail: "must be at least 1, got 0")) {
            try schedule(.standardUniform, stride: 0).validate()
        }
        try schedule(.loopedUniform, length: 1, overlap: 0).validate()
    }

    @Test func codingUsesSnakeCaseAndDefaults() throws {
        let decoded = try JSONDecoder().decode(
            ContextWindowSchedule.self, from: Data(#"{"kind": "looped_uniform", "closed_loop": true, "overlap": 2}"#.utf8))
        #expect(decoded == schedule(.loopedUniform, overlap: 2, closedLoop: true))
        #expect(try JSONDecoder().decode(ContextWindowSchedule.self, from: Data("{}".utf8)) == ContextWindowSchedule())
        let encoded = try JSONEncoder().encode(decoded)
        #expect(try JSONDecoder().decode(ContextWindowSchedule.self, from: encoded) == decoded)
        #expect(String(decoding: encoded, as: UTF8.self).contains("\"closed_loop\":true"))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ContextWindowSchedule.self, from: Data(#"{"length": 8, "overlap": 8}"#.utf8))
        }
    }

    // MARK: Evolved fixture

    private struct WindowFixture: Decodable {
        struct Case: Decodable {
            let k: ContextWindowSchedule.Kind
            let n, L, O, S: Int
            let c: Bool
            let w: [[[Int]]]
        }
        struct Fusion: Decodable {
            let m: ContextFusion
            let n, O: Int
            let w: [Int]
            let weights: [Float]
        }
        let digest_steps: Int
        let cases: [Case]
        let digests: [String: String]
        let fusion: [Fusion]
    }

    private static let fixture: WindowFixture? = try? JSONDecoder().decode(
        WindowFixture.self, from: Fixtures.data("animatediff/context_windows.json"))

    private func loadFixture() throws -> WindowFixture {
        try #require(Self.fixture, "Tests/Fixtures/animatediff/context_windows.json is missing or malformed")
    }

    /// (start, step, count) triples back to frame indices.
    private func decode(_ runs: [Int]) -> [Int] {
        Swift.stride(from: 0, to: runs.count, by: 3).flatMap { k in (0..<runs[k + 2]).map { runs[k] + $0 * runs[k + 1] } }
    }

    @Test func matchesEvolvedWindows() throws {
        let fixture = try loadFixture()
        #expect(fixture.cases.count > 100)
        for item in fixture.cases {
            let context = schedule(item.k, length: item.L, overlap: item.O, stride: item.S, closedLoop: item.c)
            for (step, expected) in item.w.enumerated() {
                #expect(context.windows(step: step, frames: item.n) == expected.map(decode),
                        "\(item.k.rawValue) n \(item.n) L \(item.L) O \(item.O) S \(item.S) closed \(item.c) step \(step)")
            }
        }
    }

    @Test func matchesEvolvedWindowDigests() throws {
        let fixture = try loadFixture()
        let abbreviations: [String: ContextWindowSchedule.Kind] = [
            "LU": .loopedUniform, "SU": .standardUniform, "SS": .standardStatic, "B": .batched,
        ]
        #expect(fixture.digests.count > 3000)
        for (key, digest) in fixture.digests {
            let parts = key.split(separator: "/").map(String.init)
            let kind = try #require(abbreviations[parts[0]], "digest key \(key)")
            let numbers = parts.dropFirst().compactMap { Int($0) }
            try #require(numbers.count == 5, "digest key \(key)")
            let context = schedule(kind, length: numbers[1], overlap: numbers[2], stride: numbers[3], closedLoop: numbers[4] == 1)
            let steps = kind == .standardStatic || kind == .batched ? 1 : fixture.digest_steps
            let text = (0..<steps).map { step in
                context.windows(step: step, frames: numbers[0])
                    .map { $0.map(String.init).joined(separator: ",") }.joined(separator: ";")
            }.joined(separator: "|")
            #expect(String(Self.fnv1a64(text).prefix(12)) == digest,
                    "\(key): compare with `make_context_windows.py --show \(key)`; Swift gives \(text)")
        }
    }

    private static func fnv1a64(_ text: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    // MARK: Fusion weights

    @Test func pyramidWeights() {
        let even: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1]
        #expect(ContextFusion.pyramid.weights(for: Array(0..<16), frames: 32, overlap: 4) == even)
        let odd: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 7, 6, 5, 4, 3, 2, 1]
        #expect(ContextFusion.pyramid.weights(for: Array(0..<15), frames: 32, overlap: 4) == odd)
        #expect(ContextFusion.pyramid.weights(for: [5], frames: 32, overlap: 0) == [1])
        #expect(ContextFusion.flat.weights(for: [3, 4, 5], frames: 32, overlap: 1) == [1, 1, 1])
    }

    @Test func overlapLinearRampsOnlyInsideTheVideo() {
        let weights = ContextFusion.overlapLinear.weights(for: Array(12..<28), frames: 32, overlap: 4)
        #expect(weights[0] == 1e-37 && weights[3] == 1 && weights[4...11].allSatisfy { $0 == 1 } && weights[15] == 1e-37)
        #expect(abs(weights[1] - 1 / 3) < 1e-7 && abs(weights[14] - 1 / 3) < 1e-7)
        let first = ContextFusion.overlapLinear.weights(for: Array(0..<16), frames: 32, overlap: 4)
        #expect(first[0...11].allSatisfy { $0 == 1 } && first[15] == 1e-37)
        #expect(ContextFusion.overlapLinear.weights(for: Array(12..<28), frames: 32, overlap: 0) == Array(repeating: 1, count: 16))
        #expect(ContextFusion.overlapLinear.weights(for: [38, 39], frames: 40, overlap: 4) == [1e-37, 1 / 3])
    }

    @Test func matchesEvolvedWeights() throws {
        let fixture = try loadFixture()
        #expect(fixture.fusion.count > 50)
        for item in fixture.fusion {
            let weights = item.m.weights(for: item.w, frames: item.n, overlap: item.O)
            #expect(weights.count == item.weights.count)
            for (actual, expected) in zip(weights, item.weights) {
                #expect(abs(actual - expected) <= 1e-6 * max(1, abs(expected)), "\(item.m) window \(item.w)")
            }
        }
    }

    // MARK: Accumulator

    @Test func accumulatorGivesTheWeightedMean() throws {
        // Three frames of [1, 2] values; window A = [0, 1] with weights 1, 3; window B = [2, 1]
        // with weights 2, 1.
        var accumulator = ContextAccumulator(shape: [3, 1, 2])
        accumulator.add(Tensor(shape: [2, 1, 2], scalars: [1, 2, 10, 20]), window: [0, 1], weights: [1, 3])
        accumulator.add(Tensor(shape: [2, 1, 2], scalars: [5, 6, 30, 40]), window: [2, 1], weights: [2, 1])
        let fused = try accumulator.result()
        #expect(fused.shape == [3, 1, 2])
        let expected: [Float] = [1, 2, (3 * 10 + 1 * 30) / 4, (3 * 20 + 1 * 40) / 4, 5, 6]
        #expect(zip(fused.scalars, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(fused.scalars)")
    }

    @Test func accumulatorOverScheduleAveragesConstantPredictions() throws {
        let context = schedule(.loopedUniform, stride: 2)
        let frames = 40
        for fusion in ContextFusion.allCases {
            var accumulator = ContextAccumulator(shape: [frames, 2, 1, 1])
            for window in context.windows(step: 3, frames: frames) {
                // Each window predicts frame f as (f, -f): every mean must give back (f, -f).
                let rows = window.flatMap { [Float($0), -Float($0)] }
                accumulator.add(Tensor(shape: [window.count, 2, 1, 1], scalars: rows), window: window,
                                weights: fusion.weights(for: window, frames: frames, overlap: context.overlap))
            }
            let fused = try accumulator.result().scalars
            let expected = (0..<frames).flatMap { [Float($0), -Float($0)] }
            #expect(zip(fused, expected).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) }, "\(fusion)")
        }
    }

    @Test func accumulatorRejectsUncoveredFrames() {
        var accumulator = ContextAccumulator(shape: [4, 1])
        accumulator.add(Tensor(shape: [2, 1], scalars: [1, 2]), window: [0, 2], weights: [1, 1])
        #expect(throws: PipelineError.invalidRequest(field: "context windows", detail: "frames 1, 3 of 4 are in no window")) {
            try accumulator.result()
        }
    }
}
