/// A spec field with a fixed set of spellings. Decoding ignores case, spaces, `-` and `_` (so
/// Deforum's `"Video Input"` reads as `video-input`) and names the valid values when none match.
public protocol SpecChoice: RawRepresentable<String>, CaseIterable, Codable, Sendable {}

extension SpecChoice {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(spelling: text) else {
            let valid = Self.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not one of \(valid)")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The case spelled `text`, ignoring case, spaces, `-` and `_`.
    public init?(spelling text: String) {
        let key = Self.normalized(text)
        guard let value = Self.allCases.first(where: { Self.normalized($0.rawValue) == key }) else { return nil }
        self = value
    }

    static func normalized(_ text: String) -> String {
        String(text.lowercased().filter { $0 != " " && $0 != "-" && $0 != "_" })
    }
}

/// How frames are made (Deforum's `animation_mode`).
public enum AnimationMode: String, SpecChoice {
    /// Each frame is the previous frame warped by a 2D affine (or perspective-flip) matrix, noised,
    /// then img2img.
    case twoD = "2D"
    /// As 2D, but the warp is a 3D camera move (translation x/y/z, rotation, fov) with flat depth.
    case threeD = "3D"
    /// Every frame is txt2img from conditioning interpolated between keyframed prompts, with the
    /// initial noise slerped between keyframed seeds. No motion, noise or cadence.
    case interpolation
    /// Every frame is img2img of the matching frame of an input video.
    case videoInput = "video-input"
    /// All frames are denoised together by the UNet with an AnimateDiff motion module (the spec's
    /// `animatediff` settings), with prompt travel between the keyframed prompts. No motion, noise
    /// or cadence.
    case animateDiff = "animatediff"
}

/// How the seed changes after each diffusion (Deforum's `seed_behavior`, `seed.py: next_seed`).
public enum SeedBehavior: String, SpecChoice {
    /// Add 1 every `seed_iter_n` diffusions (the first seed lasts one diffusion).
    case iter
    /// Keep the seed.
    case fixed
    /// A new random seed after each diffusion (drawn from a stream seeded by the run's seed, so
    /// a resumed run draws the same ones).
    case random
    /// s, s+2, s+1, s+3, s+2, …
    case ladder
    /// s, s+1, s, s+1, …
    case alternate
    /// The seed is `seed_schedule` at each diffused frame (-1 draws a random one).
    case schedule
}

/// Colour coherence (Deforum's `color_coherence`): per-channel histogram matching of each new frame
/// to a reference, in a colour space.
public enum ColorCoherence: String, SpecChoice {
    case none = "None"
    case lab = "LAB"
    case hsv = "HSV"
    case rgb = "RGB"
    /// Match to the image at `color.image` (LAB path, as Deforum).
    case image = "Image"
}

/// How cadence in-betweens mix the two neighbouring diffusions, each warped up to the frame
/// (`cadence_blend`).
public enum CadenceBlend: String, SpecChoice {
    /// `(1 − w)·previous + w·next` on 8-bit pixels, as Deforum cross-fades (SEMANTICS §E.2).
    case pixel
    /// `decode((1 − w)·encode(previous) + w·encode(next))`, with the VAE's deterministic encoding
    /// (the posterior mean times the scaling factor), so a resumed run blends bit for bit the same.
    case latent
}
