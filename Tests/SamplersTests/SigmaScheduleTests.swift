import Foundation
import Samplers
import TestSupport
import Testing

private struct ScheduleRecord: Decodable {
    let sampler: String
    let schedule: String
    let spacing: String?
    let steps: Int
    let sigmas: [Double]
    let timesteps: [Double]
    let `init`: Double
}

private let records = Result {
    try JSONDecoder().decode([ScheduleRecord].self, from: Fixtures.data("samplers/schedules.json"))
}

private func relativeError(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(abs(b), 1e-12)
}

@Test func sigmaListsMatchDiffusersAndKDiffusion() throws {
    let all = try records.get()
    #expect(all.count >= 100)
    var worst = 0.0
    for record in all {
        let sampler = try #require(SamplerKind(rawValue: record.sampler))
        let kind = try #require(ScheduleKind(rawValue: record.schedule))
        let spacing = try #require(TimestepSpacing(rawValue: record.spacing ?? "leading"))
        let schedule = try SigmaSchedule.make(sampler: sampler, kind: kind, steps: record.steps, spacing: spacing)
        let label = "\(record.sampler) \(record.schedule) \(spacing) \(record.steps)"
        #expect(schedule.sigmas.count == record.sigmas.count, "\(label)")
        for (ours, theirs) in zip(schedule.sigmas, record.sigmas) {
            let error = theirs == 0 ? abs(ours) : relativeError(ours, theirs)
            worst = max(worst, error)
            #expect(error <= 1e-6, "\(label): sigma \(ours) vs \(theirs)")
        }
        #expect(relativeError(schedule.initialNoiseScale, record.`init`) <= 1e-6, "\(label): init scale")
        #expect(schedule.timesteps.count == record.timesteps.count, "\(label)")
        for (ours, theirs) in zip(schedule.timesteps, record.timesteps) {
            #expect(abs(ours - theirs) <= 1e-3, "\(label): timestep \(ours) vs \(theirs)")
        }
    }
    #expect(worst <= 1e-6)
}

@Test func noiseScheduleMapsSigmasAndTimestepsBothWays() {
    let noise = NoiseSchedule.sd15
    #expect(abs(noise.sigmaMax - 14.614642) < 1e-5)
    #expect(abs(noise.sigmaMin - 0.029167) < 1e-5)
    for t in [0.0, 1, 250.5, 500, 981, 999] {
        let sigma = noise.sigmaLogInterpolated(atTimestep: t)
        #expect(abs(noise.timestep(forSigma: sigma) - t) < 1e-3, "t = \(t)")
    }
    #expect(noise.timestep(forSigma: 100) == 999)
    #expect(noise.timestep(forSigma: 1e-5) == 0)
}

@Test func linearBetaScheduleStartsAndEndsAtItsBetas() {
    let noise = NoiseSchedule(trainSteps: 1000, betaStart: 0.0001, betaEnd: 0.02, betaSchedule: .linear)
    #expect(abs(noise.alphasCumprod[0] - 0.9999) < 1e-7)
    #expect(noise.alphasCumprod[999] < noise.alphasCumprod[998])
}

@Test func invalidStepCountsThrow() {
    #expect(throws: SamplersError.invalidSteps(0, maximum: 1000)) {
        try SigmaSchedule.make(sampler: .euler, kind: .discrete, steps: 0)
    }
    #expect(throws: SamplersError.invalidSteps(51, maximum: 50)) {
        try SigmaSchedule.make(sampler: .lcm, kind: .discrete, steps: 51)
    }
}
