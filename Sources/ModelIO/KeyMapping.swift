import Tensors

/// Applies a rule table (`CompVisKeyRules`) to the keys of a file: which stored tensor each diffusers
/// name reads, and which keys no rule maps. Nothing is read or copied; the result is the entry table
/// of a `MappedTensorSource`.
enum KeyMapping {
    /// The numbers the rules need that are not in a key itself, read from the file's keys.
    struct Layout: Sendable, Equatable {
        /// UNet resnets per down level (SD1.x: 2).
        var unetLayersPerBlock = 0
        /// VAE resolution levels (SD1.x: 4).
        var vaeLevels = 0

        /// The layout of CompVis keys (with `unetPrefix`/`vaePrefix` in front, as in a single file).
        init(compvisKeys keys: [String], unetPrefix: String, vaePrefix: String) {
            // The first downsampler is `input_blocks.{L+1}.0.op`; without one, every input block is level 0.
            let downsamplers = KeyPattern(unetPrefix + "input_blocks.{k}.0.op.")
            let inputs = KeyPattern(unetPrefix + "input_blocks.{k}.")
            let vaeLevelPattern = KeyPattern(vaePrefix + "encoder.down.{i}.")
            var firstDownsampler = Int.max
            var lastInput = 0
            var levels = 0
            for key in keys {
                if let k = downsamplers.match(key)?.values["k"] { firstDownsampler = min(firstDownsampler, k) }
                if let k = inputs.match(key)?.values["k"] { lastInput = max(lastInput, k) }
                if let i = vaeLevelPattern.match(key)?.values["i"] { levels = max(levels, i + 1) }
            }
            unetLayersPerBlock = firstDownsampler == .max ? lastInput : firstDownsampler - 1
            vaeLevels = levels
        }
    }

    /// Diffusers name → stored tensor, and the keys left over.
    struct Result: Sendable {
        var entries: [String: MappedTensorSource.Entry] = [:]
        var unmapped: [String] = []
    }

    /// Maps every key of `source` that starts with `prefix` and is not in `skipping` through `rules`
    /// (first match wins).
    /// - Throws: `ModelIOError.malformed` when two keys map to the same diffusers name.
    static func map(
        _ source: any TensorSource, prefix: String, rules: [KeyRule], layout: Layout, skipping: Set<String> = [],
        file: String
    ) throws(ModelIOError) -> Result {
        var result = Result()
        for key in source.tensorNames where key.hasPrefix(prefix) && !skipping.contains(key) {
            guard let shape = source.shape(of: key) else { continue }
            let local = String(key.dropFirst(prefix.count))
            guard let (name, exposed) = rules.lazy.compactMap({ $0.apply(to: local, shape: shape, layout: layout) }).first
            else {
                result.unmapped.append(key)
                continue
            }
            if let existing = result.entries[name] {
                throw .malformed(file: file, detail: "keys '\(existing.sourceName)' and '\(key)' both map to '\(name)'")
            }
            result.entries[name] = MappedTensorSource.Entry(sourceName: key, shape: exposed)
        }
        result.unmapped.sort()
        return result
    }
}
