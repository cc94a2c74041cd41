/// The samplers Zoetrope offers, under the names of DESIGN.md §2 (the CLI's `--sampler`).
public enum SamplerKind: String, CaseIterable, Sendable, Codable {
    case euler
    case eulerAncestral = "euler_a"
    case heun
    case dpm2
    case dpmpp2m = "dpmpp_2m"
    case dpmpp2mSDE = "dpmpp_2m_sde"
    case dpmppSDE = "dpmpp_sde"
    case ddim
    case lcm
    case lms

    /// Whether the sampler draws fresh noise while it runs (and so consumes the random stream); DDIM
    /// does too when run with η > 0.
    public var isStochastic: Bool {
        switch self {
        case .eulerAncestral, .dpmpp2mSDE, .dpmppSDE, .lcm: true
        case .euler, .heun, .dpm2, .dpmpp2m, .ddim, .lms: false
        }
    }

    /// The sampler's A1111 display name (without a schedule suffix).
    public var displayName: String {
        switch self {
        case .euler: "Euler"
        case .eulerAncestral: "Euler a"
        case .heun: "Heun"
        case .dpm2: "DPM2"
        case .dpmpp2m: "DPM++ 2M"
        case .dpmpp2mSDE: "DPM++ 2M SDE"
        case .dpmppSDE: "DPM++ SDE"
        case .ddim: "DDIM"
        case .lcm: "LCM"
        case .lms: "LMS"
        }
    }

    /// A sampler name as the CLI, an animation spec or an A1111/Deforum settings file gives it: one of
    /// our names (`dpmpp_2m`), or an A1111 display name, optionally with a schedule suffix
    /// ("DPM++ 2M Karras", "Euler a", "DPM++ SDE Exponential"). Case and the separators space, `-`
    /// and `_` are ignored. Returns the sampler and the schedule the name asks for, if any.
    ///
    /// - Throws: `SamplersError.unknownSampler` listing the valid names.
    public static func parse(_ name: String) throws -> (sampler: SamplerKind, schedule: ScheduleKind?) {
        var words = normalizedWords(name)
        var schedule: ScheduleKind?
        if let last = words.last, words.count > 1, let suffix = scheduleSuffixes[last] {
            schedule = suffix
            words.removeLast()
        }
        let key = words.joined(separator: " ")
        for kind in allCases {
            let names = [kind.rawValue, kind.displayName] + (aliases[kind] ?? [])
            if names.contains(where: { normalizedWords($0).joined(separator: " ") == key }) {
                return (kind, schedule)
            }
        }
        throw SamplersError.unknownSampler(name: name, valid: allCases.map(\.rawValue))
    }

    private static let scheduleSuffixes: [String: ScheduleKind] = [
        "karras": .karras, "exponential": .exponential, "normal": .normal, "discrete": .discrete,
    ]

    /// Other spellings seen in A1111, Deforum and ComfyUI settings.
    private static let aliases: [SamplerKind: [String]] = [
        .eulerAncestral: ["euler ancestral", "euler_ancestral", "k_euler_a", "k_euler_ancestral"],
        .euler: ["k_euler"],
        .heun: ["k_heun"],
        .dpm2: ["k_dpm_2", "dpm_2"],
        .dpmpp2m: ["k_dpmpp_2m", "dpm++2m"],
        .dpmpp2mSDE: ["k_dpmpp_2m_sde", "dpm++2m sde"],
        .dpmppSDE: ["k_dpmpp_sde", "dpm++sde"],
        .lms: ["k_lms"],
    ]

    private static func normalizedWords(_ text: String) -> [String] {
        text.lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "-" })
            .map(String.init)
    }
}
