/// Key names of AnimateDiff motion modules: the official naming
/// (`{block}.motion_modules.{m}.temporal_transformer.{leaf}`) and diffusers' `MotionAdapter` naming
/// of the same tensors (no `temporal_transformer.`, `attn1`/`attn2` for `attention_blocks.0/1`,
/// `norm1`/`norm2` for `norms.0/1`, `norm3` for `ff_norm`).
enum MotionModuleKeys {
    /// Where a module sits: `down_blocks.2`, `mid_block` or `up_blocks.0`, and its index there.
    struct Location: Equatable {
        let block: String
        let module: Int
    }

    /// The official name of a motion-module key in either naming, or nil for any other key.
    static func official(_ key: String) -> String? {
        guard let (location, rest) = split(key) else { return nil }
        let leaf: String
        if rest.hasPrefix("temporal_transformer.") {
            leaf = String(rest.dropFirst("temporal_transformer.".count))
        } else {
            leaf = diffusersLeafRenamed(rest)
        }
        return "\(location.block).motion_modules.\(location.module).temporal_transformer.\(leaf)"
    }

    /// The location of an official or diffusers motion-module key.
    static func location(_ key: String) -> Location? {
        split(key)?.location
    }

    /// `key` as location and the part after `motion_modules.{m}.`.
    private static func split(_ key: String) -> (location: Location, rest: Substring)? {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        let blockParts: Int
        if parts.count > 3, parts[0] == "mid_block" {
            blockParts = 1
        } else if parts.count > 4, parts[0] == "down_blocks" || parts[0] == "up_blocks", Int(parts[1]) != nil {
            blockParts = 2
        } else {
            return nil
        }
        guard parts[blockParts] == "motion_modules", let module = Int(parts[blockParts + 1]) else { return nil }
        let block = parts[0..<blockParts].joined(separator: ".")
        let rest = parts[(blockParts + 2)...].joined(separator: ".")
        return (Location(block: block, module: module), Substring(rest))
    }

    /// A diffusers leaf (`transformer_blocks.0.attn1.to_q.weight`) in official naming.
    private static func diffusersLeafRenamed(_ leaf: Substring) -> String {
        var parts = leaf.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 2, parts[0] == "transformer_blocks" {
            switch parts[2] {
            case "attn1": parts[2] = "attention_blocks.0"
            case "attn2": parts[2] = "attention_blocks.1"
            case "norm1": parts[2] = "norms.0"
            case "norm2": parts[2] = "norms.1"
            case "norm3": parts[2] = "ff_norm"
            default: break
            }
        }
        return parts.joined(separator: ".")
    }
}
