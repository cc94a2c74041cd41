import Samplers
import Tensors
import TestSupport
import Testing

/// Every sampler on every schedule kind, given a denoiser that knows the clean latent, ends at that
/// latent: up to the last level's noise for DDIM (it ends at σ(t = 0) ≈ 0.029) and LCM (whose
/// boundary condition keeps the noisy input at t ≈ 0, where the `normal` schedule ends), hence 3%.
@Test(arguments: SamplerKind.allCases)
func samplersConvergeToTheCleanLatentOfAnIdealDenoiser(sampler: SamplerKind) throws {
    var random: any RandomSource = TorchCPURandom(seed: 5)
    let clean = random.normal(shape: [1, 4, 4, 4])
    for kind in ScheduleKind.allCases {
        let schedule = try SigmaSchedule.make(sampler: sampler, kind: kind, steps: 8)
        let start = clean + random.normal(shape: clean.shape) * Float(schedule.sigmas[0])
        var calls = 0
        var steps: [Int] = []
        let result = try Sampling.sample(sampler, from: start, schedule: schedule, random: &random) { x, sigma, step in
            calls += 1
            #expect(sigma > 0 && step >= 0 && step < schedule.steps)
            #expect(x.shape == clean.shape)
            return clean
        } onStep: { step, _ in
            steps.append(step)
        }
        #expect(steps == Array(0..<8), "\(sampler) \(kind)")
        #expect(calls >= 8, "\(sampler) \(kind)")
        let error = Numerics.relativeL2(result.scalars, reference: clean.scalars)
        #expect(error < 3e-2, "\(sampler) \(kind): relative L2 \(error)")
    }
}

@Test func stepCallbackCanStopARun() throws {
    struct Stop: Error {}
    let schedule = try SigmaSchedule.make(sampler: .euler, kind: .discrete, steps: 10)
    var random: any RandomSource = TorchCPURandom(seed: 1)
    var calls = 0
    #expect(throws: Stop.self) {
        _ = try Sampling.sample(.euler, from: Tensor(shape: [4], repeating: 1), schedule: schedule, random: &random) { x, _, _ in
            calls += 1
            return x
        } onStep: { step, _ in
            if step == 2 { throw Stop() }
        }
    }
    #expect(calls == 3)
}

/// The usage sequence of `Samplers.docc`, with a stand-in for the UNet.
@Test func documentedUsageSequenceRuns() throws {
    func unetWithCFG(_ input: Tensor, _ timestep: Double) throws -> Tensor { input * 0.1 }
    let config = SchedulerConfiguration.sd15
    let noise = config.noiseSchedule
    let (sampler, named) = try SamplerKind.parse("DPM++ 2M Karras")
    let schedule = try SigmaSchedule.make(
        sampler: sampler, kind: named ?? .discrete, steps: 20, noise: noise,
        spacing: config.spacing, stepsOffset: config.stepsOffset)
    var random: any RandomSource = RandomSourceKind.cpu.makeSource(seed: 42)
    let x = random.normal(shape: [1, 4, 8, 8]) * Float(schedule.initialNoiseScale)
    var timesteps: [Double] = []
    let latent = try Sampling.sample(sampler, from: x, schedule: schedule, random: &random) { x, sigma, step in
        let input = x * Parameterization.inputScale(sigma: sigma)
        let t = schedule.modelTimestep(sigma: sigma, step: step, noise: noise)
        timesteps.append(t)
        let eps = try unetWithCFG(input, t)
        return config.prediction.denoised(x: x, modelOutput: eps, sigma: sigma)
    }
    #expect(latent.shape == [1, 4, 8, 8])
    #expect(timesteps == schedule.timesteps)
    #expect(latent.scalars.allSatisfy { $0.isFinite })
}
