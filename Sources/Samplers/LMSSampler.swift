import Tensors

/// Linear multistep (order 4): x ← x + Σ_j c_j·d_(i−j), where d are the slopes (x − x₀)/σ of the
/// last (up to) four steps and c_j integrates the Lagrange basis polynomial over σ from σ_i to
/// σ_(i+1). The integrals are exact (polynomial antiderivatives) where diffusers and k-diffusion use
/// `scipy.integrate.quad`, which is exact for these degree ≤ 3 polynomials up to rounding.
///
/// Matches diffusers `LMSDiscreteScheduler` (`scheduling_lms_discrete.py`, order 4) and k-diffusion
/// `sample_lms`.
enum LMSSampler {
    static let order = 4

    static func sample(
        _ start: Tensor, schedule: SigmaSchedule, denoise: Denoiser, onStep: Sampling.StepCallback
    ) throws -> Tensor {
        var x = start
        let sigmas = schedule.sigmas
        var derivatives: [Tensor] = []
        for i in 0..<schedule.steps {
            let denoised = try denoise(x, sigmas[i], i)
            derivatives.append((x - denoised) / Float(sigmas[i]))
            if derivatives.count > order { derivatives.removeFirst() }
            let currentOrder = min(i + 1, order)
            for j in 0..<currentOrder {
                let coefficient = coefficient(order: currentOrder, step: i, term: j, sigmas: sigmas)
                x = x + derivatives[derivatives.count - 1 - j] * Float(coefficient)
            }
            try onStep(i, x)
        }
        return x
    }

    /// ∫ from σ_step to σ_(step+1) of Π_(k≠term) (τ − σ_(step−k)) / (σ_(step−term) − σ_(step−k)) dτ.
    static func coefficient(order: Int, step: Int, term: Int, sigmas: [Double]) -> Double {
        // The basis polynomial's coefficients, lowest power first.
        var polynomial = [1.0]
        for k in 0..<order where k != term {
            let root = sigmas[step - k]
            let scale = 1 / (sigmas[step - term] - root)
            var product = [Double](repeating: 0, count: polynomial.count + 1)
            for (power, value) in polynomial.enumerated() {
                product[power + 1] += value * scale
                product[power] -= value * root * scale
            }
            polynomial = product
        }
        func antiderivative(_ tau: Double) -> Double {
            var sum = 0.0
            for power in stride(from: polynomial.count - 1, through: 0, by: -1) {
                sum = sum * tau + polynomial[power] / Double(power + 1)
            }
            return sum * tau
        }
        return antiderivative(sigmas[step + 1]) - antiderivative(sigmas[step])
    }
}
