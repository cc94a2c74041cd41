import Foundation
import Samplers
import Tensors
import TestSupport
import Testing

private struct Run: Decodable {
    let key: String
    let sampler: String
    let schedule: String
    let steps: Int
    let seed: UInt64
    let calls: Int
    let space: String
    let prediction: String
    let strength: Double?
    let full_steps: Int
}

private let runs = Result {
    try JSONDecoder().decode([Run].self, from: Fixtures.data("samplers/trajectories.json"))
}
private let tensors = Result { try FixtureTensors("samplers/trajectories.safetensors") }

/// The analytic model (its output is ε or v, per the run) of `make_samplers.py`: tanh(x)·(0.5 + t/2000) + 0.05·sin(3x).
private func epsModel(_ input: Tensor, timestep: Double) -> Tensor {
    let scale = 0.5 + Float(timestep) / 2000
    return Tensor(shape: input.shape, scalars: input.scalars.map { tanh($0) * scale + 0.05 * sin(3 * $0) })
}

/// Runs `run` with `denoise` from the fixture's initial noise and checks every full step against
/// diffusers' latent (relative L2 ≤ 1e-5).
private func check(_ run: Run, recorded: Bool) throws {
    let fixture = try tensors.get()
    let sampler = try #require(SamplerKind(rawValue: run.sampler))
    let kind = try #require(ScheduleKind(rawValue: run.schedule))
    let parameterization = try #require(Parameterization(rawValue: run.prediction))
    var schedule = try SigmaSchedule.make(sampler: sampler, kind: kind, steps: run.full_steps)
    let noise = NoiseSchedule.sd15
    var random: any RandomSource = TorchCPURandom(seed: run.seed)
    let start: Tensor
    if let strength = run.strength {
        schedule = try schedule.img2img(strength: strength)
        #expect(schedule.steps == run.steps, "\(run.key): img2img step count")
        let initLatent = try #require(fixture["\(run.key)/init"])
        let latent = Tensor(shape: initLatent.shape, scalars: initLatent.values)
        start = schedule.addNoise(to: latent, noise: random.normal(shape: latent.shape))
    } else {
        start = random.normal(shape: [1, 4, 8, 8]) * Float(schedule.initialNoiseScale)
    }
    var call = 0
    var recordedMissing = false
    let denoise: Denoiser = { x, sigma, step in
        defer { call += 1 }
        let eps: Tensor
        if recorded {
            guard let entry = fixture["\(run.key)/eps/\(call)"] else {
                recordedMissing = true
                return x
            }
            eps = Tensor(shape: entry.shape, scalars: entry.values)
        } else {
            let timestep = schedule.modelTimestep(sigma: sigma, step: step, noise: noise)
            eps = epsModel(x * Parameterization.inputScale(sigma: sigma), timestep: timestep)
        }
        return parameterization.denoised(x: x, modelOutput: eps, sigma: sigma)
    }
    var worst = 0.0
    let final = try Sampling.sample(sampler, from: start, schedule: schedule, random: &random, denoise: denoise) { step, x in
        let reference = try #require(fixture["\(run.key)/step/\(step)"])
        let sigma = schedule.sigmas[step + 1]
        let ours = run.space == "vp" ? x * Float(1 / (1 + sigma * sigma).squareRoot()) : x
        let error = Numerics.relativeL2(ours.scalars, reference: reference.values)
        worst = max(worst, error)
        #expect(error <= 1e-5, "\(run.key) step \(step): relative L2 \(error)")
    }
    #expect(!recordedMissing, "\(run.key): more model calls than recorded")
    #expect(call == run.calls, "\(run.key): \(call) model calls, diffusers made \(run.calls)")
    let last = try #require(fixture["\(run.key)/step/\(run.steps - 1)"])
    #expect(Numerics.relativeL2(final.scalars, reference: last.values) <= 1e-5, "\(run.key): final latent")
}

@Test(arguments: try runs.get().map(\.key))
func trajectoryOnAnalyticDenoiserMatchesDiffusers(key: String) throws {
    let run = try #require(try runs.get().first { $0.key == key })
    try check(run, recorded: false)
}

@Test(arguments: try runs.get().map(\.key))
func trajectoryOnRecordedModelOutputsMatchesDiffusers(key: String) throws {
    let run = try #require(try runs.get().first { $0.key == key })
    try check(run, recorded: true)
}
