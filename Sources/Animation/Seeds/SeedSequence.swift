/// The seed as it changes from one diffusion to the next: Deforum's `next_seed`
/// (deforum-art/sd-webui-deforum 32242685, `scripts/deforum_helpers/seed.py`), rule for rule.
///
/// `iter` adds 1 when the diffusion counter is a multiple of `seed_iter_n` (so the first seed lasts
/// one diffusion: s, s+1, s+1, s+1, s+2 … for N = 3); `ladder` adds 2 then subtracts 1; `alternate`
/// adds 1 then subtracts 1; `fixed` keeps the seed; anything else (`random` and `schedule`) draws
/// `randint(0, 2³²−1)`. Seeds do not wrap (Python integers). Deforum draws random seeds from
/// Python's unseeded global generator, so its runs cannot be repeated; Zoetrope draws them from a
/// SplitMix64 stream seeded by the run's seed, so a run and its resume agree.
public struct SeedSequence: Sendable, Equatable {
    /// The current seed (Deforum's `args.seed`).
    public private(set) var seed: Int64
    public let behavior: SeedBehavior
    public let iterN: Int
    /// Deforum's `root.seed_internal`.
    private var counter = 0
    private var random: SplitMix64

    /// A sequence starting at `seed` (already resolved, not -1).
    public init(seed: Int64, behavior: SeedBehavior, iterN: Int) {
        precondition(iterN >= 1, "seed_iter_n must be at least 1")
        self.seed = seed
        self.behavior = behavior
        self.iterN = iterN
        self.random = SplitMix64(seed: UInt64(bitPattern: seed) ^ 0x5EED_5EED_5EED_5EED)
    }

    /// Moves to the seed of the next diffusion (`next_seed`).
    public mutating func advance() {
        switch behavior {
        case .iter:
            if counter % iterN == 0 { seed += 1 }
            counter += 1
        case .ladder:
            seed += counter == 0 ? 2 : -1
            counter = counter == 0 ? 1 : 0
        case .alternate:
            seed += counter == 0 ? 1 : -1
            counter = counter == 0 ? 1 : 0
        case .fixed:
            break
        case .random, .schedule:
            seed = randomSeed()
        }
    }

    /// A random seed in 0 … 2³²−1 from the run's stream (Python's `random.randint(0, 2**32 - 1)`),
    /// also used where the webui would draw one for a scheduled -1.
    public mutating func randomSeed() -> Int64 {
        Int64(random.next() >> 32)
    }

    /// The seed of a run: `seed` itself, or for -1 a random one in 0 … 4294967293, as Deforum's
    /// `get_fixed_seed` (`random.randrange(4294967294)`).
    public static func resolve<G: RandomNumberGenerator>(_ seed: Int64, using generator: inout G) -> Int64 {
        seed == -1 ? Int64.random(in: 0..<4_294_967_294, using: &generator) : seed
    }
}

/// Vigna's SplitMix64: a small, fast, well-mixed 64-bit stream.
struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
