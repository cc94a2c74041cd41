import Tensors

extension SigmaSchedule {
    /// The part of this schedule an img2img run with `strength` actually runs, as diffusers'
    /// img2img pipelines cut it (`get_timesteps`): `init = min(⌊steps·strength⌋, steps)` steps from
    /// `start = steps − init` on. Strength 1 keeps every step; strength 0 keeps none (the init image
    /// is returned unchanged).
    ///
    /// - Throws: `SamplersError.invalidStrength` for a strength outside [0, 1].
    public func img2img(strength: Double) throws -> SigmaSchedule {
        guard strength >= 0, strength <= 1 else { throw SamplersError.invalidStrength(strength) }
        let initSteps = min(Int(Double(steps) * strength), steps)
        let start = max(steps - initSteps, 0)
        return SigmaSchedule(
            sigmas: Array(sigmas[start...]), timesteps: Array(timesteps[start...]),
            initialNoiseScale: initialNoiseScale, kind: kind)
    }

    /// The init latent noised to this schedule's first level: `latent + σ₀·noise`, which is what
    /// every diffusers scheduler's `add_noise` gives once expressed in k-diffusion's space (the
    /// variance-preserving ones return it times 1/√(1 + σ₀²)). For an empty schedule (strength 0)
    /// the latent is returned unchanged.
    public func addNoise(to latent: Tensor, noise: Tensor) -> Tensor {
        guard steps > 0 else { return latent }
        return latent + noise * Float(sigmas[0])
    }
}
