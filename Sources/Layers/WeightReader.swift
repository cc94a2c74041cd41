import Tensors

/// Reads a component's weights by their canonical (diffusers) key names, strictly.
///
/// Layers ask for each weight with the shape their configuration implies. Problems (missing keys,
/// wrong shapes, unreadable data) are collected rather than thrown one by one, so a wrong checkpoint
/// is reported in full by `finish()`, together with the keys nobody asked for — the same report as
/// mlx's verified update or diffusers' "missing/unexpected keys" warning, but fatal.
///
/// A reader can also *synthesise* weights: deterministic pseudo-random values derived from a seed
/// and the key name. That is how the built-in demo model gets its weights without any file.
public final class WeightReader {
    /// How a synthesised weight is filled (ignored when reading a real checkpoint).
    public enum Initializer: Sendable {
        /// Uniform in ±1/√fan-in, fan-in being the product of all but the first dimension.
        case fanIn
        /// Every element 1 (normalisation scales).
        case ones
        /// Every element 0 (biases and normalisation shifts).
        case zeros
        /// Normal-like values with this standard deviation (embeddings).
        case scaled(Float)
    }

    private let source: (any TensorSource)?
    private let seed: UInt64
    /// What the layers are loading, for messages ("UNet", "VAE", "text encoder").
    public let component: String
    private var requested: Set<String> = []
    private var problems: [LayersError] = []

    /// A reader over `source`, whose errors name `component`.
    public init(_ source: any TensorSource, component: String) {
        self.source = source
        self.seed = 0
        self.component = component
    }

    /// A reader that invents every weight from `seed` and the key name (for the demo model).
    public init(synthesizingWithSeed seed: UInt64, component: String) {
        self.source = nil
        self.seed = seed
        self.component = component
    }

    /// Whether the checkpoint holds `key` (always true when synthesising). For optional weights
    /// such as a projection bias that only some checkpoints have.
    public func contains(_ key: String) -> Bool {
        guard let source else { return true }
        return source.shape(of: key) != nil
    }

    /// The weight `key`, which must have `shape`. On a problem, records it and returns zeros of
    /// `shape` so loading can go on and report everything at once.
    public func tensor(_ key: String, shape: [Int], initializer: Initializer = .fanIn) -> Tensor {
        requested.insert(key)
        guard let source else { return Self.synthesized(key: key, shape: shape, seed: seed, initializer: initializer) }
        guard let actual = source.shape(of: key) else {
            problems.append(.missingKey(key))
            return Tensor(shape: shape)
        }
        guard actual == shape else {
            problems.append(.shapeMismatch(key: key, expected: shape, actual: actual))
            return Tensor(shape: shape)
        }
        do {
            return try source.tensor(named: key)
        } catch {
            problems.append(.unreadable(key: key, detail: "\(error)"))
            return Tensor(shape: shape)
        }
    }

    /// Throws `LayersError.loadFailed` when any weight was missing, mis-shaped or unreadable, or when
    /// the checkpoint holds keys under `prefixes` that no layer asked for.
    public func finish(checkingUnexpectedUnder prefixes: [String] = [""]) throws(LayersError) {
        var unexpected: [String] = []
        if let source {
            unexpected = source.tensorNames.filter { name in
                !requested.contains(name) && prefixes.contains { name.hasPrefix($0) }
            }.sorted()
        }
        guard problems.isEmpty && unexpected.isEmpty else {
            throw .loadFailed(component: component, problems: problems, unexpectedKeys: unexpected)
        }
    }

    /// Deterministic weights for `key`: a SplitMix64 stream seeded by `seed` and the FNV-1a hash of
    /// the key, so every weight is independent of load order.
    static func synthesized(key: String, shape: [Int], seed: UInt64, initializer: Initializer) -> Tensor {
        let count = Tensor.elementCount(shape)
        switch initializer {
        case .ones: return Tensor(shape: shape, repeating: 1)
        case .zeros: return Tensor(shape: shape, repeating: 0)
        case .fanIn, .scaled:
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in key.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            var state = seed ^ hash
            let bound: Float
            switch initializer {
            case .scaled(let deviation): bound = deviation * Float(3).squareRoot()
            default: bound = 1 / Float(max(1, count / max(1, shape.first ?? 1))).squareRoot()
            }
            return Tensor(shape: shape, unsafeUninitialized: { buffer in
                for index in 0..<count {
                    state &+= 0x9e37_79b9_7f4a_7c15
                    var z = state
                    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
                    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
                    z ^= z >> 31
                    let unit = Float(z >> 40) / Float(1 << 24)
                    buffer[index] = (2 * unit - 1) * bound
                }
            })
        }
    }
}
