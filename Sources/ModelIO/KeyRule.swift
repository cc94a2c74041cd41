/// One renaming rule of a key-mapping table (`CompVisKeyRules`): a CompVis key prefix, the diffusers
/// prefix it becomes, how block numbers translate, and how the rest of the key is renamed.
struct KeyRule: Sendable {
    /// How the numbers captured from the CompVis prefix become the diffusers template's numbers.
    /// `L` is the UNet's layers per block, `N` the VAE's number of levels (`KeyMapping.Layout`).
    enum Numbering: Sendable {
        /// The placeholders keep their values.
        case same
        /// `{k}` of `input_blocks.{k}` → `{level}`, `{j}`: k = 1 + level·(L+1) + j with j < L.
        case unetInput
        /// `{k}` of `input_blocks.{k}.0.op` → `{level}`: k = (level+1)·(L+1).
        case unetDownsampler
        /// `{k}` of `output_blocks.{k}` → `{level}`, `{j}`: k = level·(L+1) + j with j ≤ L.
        case unetOutput
        /// As `unetOutput`, and the block must be the level's last (j = L), which holds the upsampler.
        case unetUpsampler
        /// `{i}` of the VAE decoder's `up.{i}` → `{level}` = N − 1 − i.
        case reversedLevel
    }

    /// How the part of the key after the prefix is renamed.
    enum Inner: Sendable {
        /// The rest must be `weight` or `bias`.
        case parameter
        /// The rest is kept as it is (attention blocks, CLIP: same names in both layouts).
        case unchanged
        /// CompVis `ResBlock` → diffusers `ResnetBlock2D`.
        case unetResnet
        /// CompVis VAE `ResnetBlock` → diffusers `ResnetBlock2D`.
        case vaeResnet
        /// CompVis VAE `AttnBlock` (1×1 convolutions) → diffusers `Attention` (linear).
        case vaeAttention
        /// diffusers < 0.14 VAE attention names → current ones.
        case legacyAttention

        /// Prefix renames of the rest; the remainder must then be `weight` or `bias`. nil: unchanged.
        var renames: [(from: String, to: String)]? {
            switch self {
            case .parameter: []
            case .unchanged: nil
            case .unetResnet:
                [("in_layers.0.", "norm1."), ("in_layers.2.", "conv1."), ("out_layers.0.", "norm2."),
                 ("out_layers.3.", "conv2."), ("emb_layers.1.", "time_emb_proj."), ("skip_connection.", "conv_shortcut.")]
            case .vaeResnet:
                [("norm1.", "norm1."), ("conv1.", "conv1."), ("norm2.", "norm2."), ("conv2.", "conv2."),
                 ("nin_shortcut.", "conv_shortcut.")]
            case .vaeAttention:
                [("norm.", "group_norm."), ("q.", "to_q."), ("k.", "to_k."), ("v.", "to_v."), ("proj_out.", "to_out.0.")]
            case .legacyAttention:
                [("group_norm.", "group_norm."), ("query.", "to_q."), ("key.", "to_k."), ("value.", "to_v."),
                 ("proj_attn.", "to_out.0."), ("to_q.", "to_q."), ("to_k.", "to_k."), ("to_v.", "to_v."),
                 ("to_out.0.", "to_out.0.")]
            }
        }

        /// Whether weights stored as 1×1 convolutions (`[C, C, 1, 1]` or `[C, C, 1]`) are read as
        /// linear weights `[C, C]`.
        var readsConvolutionAsLinear: Bool { self == .vaeAttention || self == .legacyAttention }
    }

    let compvis: KeyPattern
    let diffusers: KeyPattern
    let numbering: Numbering
    let inner: Inner

    init(_ compvis: String, _ diffusers: String, _ numbering: Numbering = .same, _ inner: Inner = .parameter) {
        self.compvis = KeyPattern(compvis)
        self.diffusers = KeyPattern(diffusers)
        self.numbering = numbering
        self.inner = inner
    }

    init(_ compvis: String, _ diffusers: String, inner: Inner) {
        self.init(compvis, diffusers, .same, inner)
    }

    /// The diffusers name and exposed shape for `key` (stored with `shape`), or nil when this rule
    /// does not apply.
    func apply(to key: String, shape: [Int], layout: KeyMapping.Layout) -> (name: String, shape: [Int])? {
        guard let (captured, rest) = compvis.match(key),
            let values = renumber(captured, layout),
            let prefix = diffusers.filled(values)
        else { return nil }
        guard let renames = inner.renames else { return (prefix + rest, shape) }
        var remainder = rest
        if let rename = renames.first(where: { rest.hasPrefix($0.from) }) {
            remainder = rest.dropFirst(rename.from.count)
            guard remainder == "weight" || remainder == "bias" else { return nil }
            var exposed = shape
            if inner.readsConvolutionAsLinear, remainder == "weight", shape.count > 2, shape.dropFirst(2).allSatisfy({ $0 == 1 }) {
                exposed = Array(shape.prefix(2))
            }
            return (prefix + rename.to + remainder, exposed)
        }
        guard renames.isEmpty, remainder == "weight" || remainder == "bias" else { return nil }
        return (prefix + remainder, shape)
    }

    private func renumber(_ captured: [String: Int], _ layout: KeyMapping.Layout) -> [String: Int]? {
        var values = captured
        let layers = layout.unetLayersPerBlock
        let step = layers + 1
        switch numbering {
        case .same:
            return values
        case .unetInput:
            guard let k = captured["k"], k >= 1, layers >= 1, (k - 1) % step < layers else { return nil }
            values["level"] = (k - 1) / step
            values["j"] = (k - 1) % step
        case .unetDownsampler:
            guard let k = captured["k"], layers >= 1, k >= step, k % step == 0 else { return nil }
            values["level"] = k / step - 1
        case .unetOutput, .unetUpsampler:
            guard let k = captured["k"], layers >= 1 else { return nil }
            if numbering == .unetUpsampler, k % step != layers { return nil }
            values["level"] = k / step
            values["j"] = k % step
        case .reversedLevel:
            guard let i = captured["i"], i < layout.vaeLevels else { return nil }
            values["level"] = layout.vaeLevels - 1 - i
        }
        return values
    }
}
