import Samplers
import Tensors
import Testing

@Test func img2imgKeepsTheLastStepsOfTheSchedule() throws {
    let schedule = try SigmaSchedule.make(sampler: .euler, kind: .discrete, steps: 20)
    let cut = try schedule.img2img(strength: 0.75)
    #expect(cut.steps == 15)
    #expect(cut.sigmas == Array(schedule.sigmas[5...]))
    #expect(cut.timesteps == Array(schedule.timesteps[5...]))
    #expect(try schedule.img2img(strength: 1) == schedule)
    #expect(try schedule.img2img(strength: 0).steps == 0)
}

@Test func img2imgRejectsStrengthOutsideZeroToOne() throws {
    let schedule = try SigmaSchedule.make(sampler: .ddim, kind: .discrete, steps: 10)
    #expect(throws: SamplersError.invalidStrength(1.5)) { try schedule.img2img(strength: 1.5) }
    #expect(throws: SamplersError.invalidStrength(-0.1)) { try schedule.img2img(strength: -0.1) }
}

@Test func addNoiseScalesNoiseByTheFirstSigma() throws {
    let schedule = try SigmaSchedule.make(sampler: .euler, kind: .discrete, steps: 10).img2img(strength: 0.5)
    let latent = Tensor(shape: [2], scalars: [1, -1])
    let noise = Tensor(shape: [2], scalars: [0.5, 2])
    let sigma = Float(schedule.sigmas[0])
    #expect(schedule.addNoise(to: latent, noise: noise).scalars == [1 + 0.5 * sigma, -1 + 2 * sigma])
    let empty = try schedule.img2img(strength: 0)
    #expect(empty.addNoise(to: latent, noise: noise).scalars == latent.scalars)
}

@Test func parameterizationsRecoverTheCleanLatent() {
    // x = x₀ + σ·ε; v = α·ε − σ_vp·x₀ with α = 1/√(1+σ²), σ_vp = σ/√(1+σ²) (in the model's input scale).
    let sigma = 2.0
    let clean = Tensor(shape: [3], scalars: [0.5, -1, 2])
    let eps = Tensor(shape: [3], scalars: [1, 0.25, -0.5])
    let x = clean + eps * Float(sigma)
    let fromEps = Parameterization.epsilon.denoised(x: x, modelOutput: eps, sigma: sigma)
    let alpha = Float(1 / (1 + sigma * sigma).squareRoot())
    let v = eps * alpha - clean * Float(sigma) * alpha
    let fromV = Parameterization.vPrediction.denoised(x: x, modelOutput: v, sigma: sigma)
    for (a, b) in zip(fromEps.scalars, clean.scalars) { #expect(abs(a - b) < 1e-6) }
    for (a, b) in zip(fromV.scalars, clean.scalars) { #expect(abs(a - b) < 1e-6) }
    #expect(abs(Parameterization.inputScale(sigma: sigma) - alpha) < 1e-7)
}

@Test func strengthZeroReturnsTheInitLatentWithoutModelCalls() throws {
    let schedule = try SigmaSchedule.make(sampler: .ddim, kind: .discrete, steps: 10).img2img(strength: 0)
    var random: any RandomSource = TorchCPURandom(seed: 2)
    let latent = Tensor(shape: [3], scalars: [0.25, -0.5, 1])
    var calls = 0
    let result = try Sampling.sample(.ddim, from: latent, schedule: schedule, random: &random) { x, _, _ in
        calls += 1
        return x
    }
    #expect(result.scalars == latent.scalars)
    #expect(calls == 0)
}
