import ArgumentParser
import Samplers
import StableDiffusion

/// The options txt2img and img2img share (DESIGN.md §2).
struct GenerationOptions: ParsableArguments {
    @Option(help: "What to draw, in A1111 prompt syntax ((word), [word], (word:1.3), BREAK).")
    var prompt: String

    @Option(help: "What to avoid.")
    var negative: String = ""

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Seed of the random stream.")
    var seed: UInt64 = 0

    @Option(help: "Sampler steps.")
    var steps: Int = 20

    @Option(help: "Classifier-free guidance scale.")
    var cfg: Double = 7.5

    @Option(help: "euler, euler_a, heun, dpm2, dpmpp_2m, dpmpp_2m_sde, dpmpp_sde, ddim, lcm, lms (or an A1111 name such as \"DPM++ 2M Karras\").")
    var sampler: String = "euler"

    @Option(help: "discrete, normal, karras or exponential.")
    var schedule: String?

    @Option(help: "Image width, a multiple of 8.")
    var width: Int = 512

    @Option(help: "Image height, a multiple of 8.")
    var height: Int = 512

    @Option(help: "cpu (PyTorch's CPU generator, as diffusers and ComfyUI) or cuda (PyTorch's CUDA stream, as A1111).")
    var rng: String = "cpu"

    @Option(name: .customLong("clip-skip"), help: "Use the text encoder's output this many layers from the end (A1111's clip skip).")
    var clipSkip: Int = 1

    @Option(help: "Noise amount of euler_a, the SDE samplers and DDIM.")
    var eta: Double?

    @Option(help: "The PNG to write.")
    var output: String = "output.png"

    @Option(name: .customLong("latents-out"), help: "Also write the final latent [1, 4, H/8, W/8] as a safetensors tensor 'latents'.")
    var latentsOut: String?

    @Flag(help: "No progress output.")
    var quiet = false

    /// The request these options describe.
    func request() throws -> GenerationRequest {
        var request = GenerationRequest(prompt: prompt)
        request.negativePrompt = negative
        request.seed = seed
        request.steps = steps
        request.guidanceScale = cfg
        let parsed = try SamplerKind.parse(sampler)
        request.sampler = parsed.sampler
        request.schedule = try schedule.map(ScheduleKind.parse) ?? parsed.schedule ?? .discrete
        request.width = width
        request.height = height
        request.randomSource = try RandomSourceKind(option: rng)
        request.clipSkip = clipSkip
        request.eta = eta
        request.loraDirectory = modelOptions.loraDirectory
        try request.validate()
        return request
    }
}

extension RandomSourceKind {
    /// The `--rng` option's value, or a user error naming it (status 1, as other bad values).
    init(option: String) throws {
        guard let kind = RandomSourceKind(rawValue: option) else {
            throw UserError("--rng '\(option)' is not one of \(RandomSourceKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = kind
    }
}
