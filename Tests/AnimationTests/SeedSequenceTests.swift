import Testing
@testable import Animation

@Test func seedSequencesMatchDeforum() throws {
    let cases = try #require(DeforumAnimationFixture.shared).seeds
    #expect(cases.count == 9)
    for item in cases {
        var sequence = SeedSequence(seed: item.seed, behavior: try #require(SeedBehavior(spelling: item.behavior)), iterN: item.iter_n)
        var seeds: [Int64] = []
        for _ in item.seeds {
            seeds.append(sequence.seed)
            sequence.advance()
        }
        #expect(seeds == item.seeds, "\(item.behavior) N=\(item.iter_n) from \(item.seed)")
    }
}

/// The seed of every diffusion and of Deforum's frame noise inside the render loop (noise seeds
/// of `schedule` are Deforum's random draws, null in the fixture).
@Test func planSeedsMatchDeforumsLoop() throws {
    let cases = try #require(DeforumAnimationFixture.shared).render_seeds
    #expect(cases.count == 7)
    for item in cases {
        var spec = AnimationSpec()
        spec.frames = item.frames
        spec.cadence = item.cadence
        spec.cadenceTail = false
        spec.seed = item.seed
        spec.seedBehavior = try #require(SeedBehavior(spelling: item.behavior))
        spec.seedIterN = item.iter_n
        if let schedule = item.seed_schedule { spec.seedSchedule = ScheduleString(schedule) }
        let plan = try AnimationPlan(spec: spec, file: "seeds")
        let diffusions = plan.diffusions.compactMap(\.diffusion)
        // Deforum's last diffusion writes nothing; the plan skips it.
        let expected = item.cadence > 1 ? Array(item.diffusions.dropLast()) : item.diffusions
        #expect(plan.diffusions.map(\.frame) == expected.map(\.frame))
        for (diffusion, reference) in zip(diffusions, expected) {
            if let seed = reference.seed, seed != -1 {
                #expect(diffusion.seed == seed, "\(item.behavior) frame \(reference.frame)")
            } else {
                #expect((0...4_294_967_295).contains(diffusion.seed), "a drawn seed at frame \(reference.frame)")
            }
            if let noiseSeed = reference.noise_seed { #expect(diffusion.noiseSeed == noiseSeed) }
        }
    }
}

@Test func randomSeedsRepeatWithTheRunSeed() throws {
    var spec = AnimationSpec()
    spec.frames = 6
    spec.cadence = 1
    spec.seed = 99
    spec.seedBehavior = .random
    let first = try AnimationPlan(spec: spec, file: "a").diffusions.compactMap(\.diffusion?.seed)
    let second = try AnimationPlan(spec: spec, file: "b").diffusions.compactMap(\.diffusion?.seed)
    #expect(first == second)
    #expect(first[0] == 99)
    #expect(Set(first).count == 6)
}

@Test func seedsOfALaterStartEqualAWholeRunsSeeds() throws {
    var spec = AnimationSpec()
    spec.frames = 20
    spec.cadence = 3
    spec.seed = 10
    spec.seedBehavior = .ladder
    let whole = try AnimationPlan(spec: spec, file: "a")
    let later = try AnimationPlan(spec: spec, firstFrame: 10, file: "a")
    #expect(later.firstFrame == 9)
    #expect(later.frames.first?.diffusion?.start == .text)
    for frame in later.diffusions {
        #expect(frame.diffusion?.seed == whole.frames[frame.frame].diffusion?.seed)
    }
}

@Test func minusOneResolvesBelowDeforumsBound() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<100 {
        #expect((0..<4_294_967_294).contains(SeedSequence.resolve(-1, using: &generator)))
    }
    #expect(SeedSequence.resolve(17, using: &generator) == 17)
}
