/// How LoRA files name the layers they adapt, as data: the key formats of kohya/A1111 and of
/// diffusers/PEFT, and how each module name finds the weight it adapts in a model's diffusers keys.
///
/// - kohya/A1111 (`lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight`, `.lora_up.weight`,
///   `.alpha`; `lora_te_`/`lora_te1_` for the text encoder): the diffusers module path with every `.`
///   written as `_`. Underscores are ambiguous, so the target is found by writing each of the model's
///   own weight keys the same way (`kohyaIndex`), as A1111's `networks.py` does with its module map.
/// - diffusers/PEFT (`unet.down_blocks.0.attentions.0.proj_in.lora_A.weight`, `lora_B`;
///   `text_encoder.…`), with diffusers' older spellings (`.lora.down`/`.lora.up`,
///   `.lora_linear_layer.down`, attention-processor names such as `.processor.to_q_lora`).
///   Text-encoder names with or without transformers' `text_model.` prefix are accepted.
public enum LoRAKeyMapping {
    /// How a format spells module names.
    public enum Naming: Sendable, Equatable {
        /// The diffusers module path with `.` written as `_` (kohya, A1111, LyCORIS).
        case kohya
        /// The diffusers module path itself (diffusers, PEFT).
        case diffusers
    }

    /// One key format: a prefix naming the component and the suffixes of the two factors.
    struct Format: Sendable {
        let prefix: String
        let component: LoRAComponent
        let naming: Naming
        let down: String
        let up: String
    }

    /// Every format understood, first match wins.
    static let formats: [Format] = [
        Format(prefix: "lora_unet_", component: .unet, naming: .kohya, down: ".lora_down.weight", up: ".lora_up.weight"),
        Format(prefix: "lora_te_", component: .textEncoder, naming: .kohya, down: ".lora_down.weight", up: ".lora_up.weight"),
        Format(prefix: "lora_te1_", component: .textEncoder, naming: .kohya, down: ".lora_down.weight", up: ".lora_up.weight"),
        Format(prefix: "unet.", component: .unet, naming: .diffusers, down: ".lora_A.weight", up: ".lora_B.weight"),
        Format(prefix: "unet.", component: .unet, naming: .diffusers, down: ".lora.down.weight", up: ".lora.up.weight"),
        Format(prefix: "unet.", component: .unet, naming: .diffusers, down: ".lora_down.weight", up: ".lora_up.weight"),
        Format(prefix: "unet.", component: .unet, naming: .diffusers, down: ".down.weight", up: ".up.weight"),
        Format(prefix: "text_encoder.", component: .textEncoder, naming: .diffusers, down: ".lora_A.weight", up: ".lora_B.weight"),
        Format(
            prefix: "text_encoder.", component: .textEncoder, naming: .diffusers, down: ".lora_linear_layer.down.weight",
            up: ".lora_linear_layer.up.weight"),
        Format(prefix: "text_encoder.", component: .textEncoder, naming: .diffusers, down: ".lora_down.weight", up: ".lora_up.weight"),
    ]

    /// diffusers' attention-processor module names and the layers they adapt.
    static let processorRenames: [(String, String)] = [
        (".processor.to_q_lora", ".to_q"), (".processor.to_k_lora", ".to_k"), (".processor.to_v_lora", ".to_v"),
        (".processor.to_out_lora", ".to_out.0"),
    ]

    /// Key endings of adapter types other than plain LoRA/LoCon (LyCORIS), with their names (for the error).
    static let unsupportedKinds: [(suffixes: [String], kind: String)] = [
        ([".hada_w1_a", ".hada_w1_b", ".hada_w2_a", ".hada_w2_b", ".hada_t1", ".hada_t2"], "LoHa"),
        ([".lokr_w1", ".lokr_w1_a", ".lokr_w1_b", ".lokr_w2", ".lokr_w2_a", ".lokr_w2_b", ".lokr_t2"], "LoKr"),
        ([".lora_mid.weight"], "LoCon with a Tucker core (lora_mid)"), ([".dora_scale"], "DoRA"), ([".oft_blocks"], "OFT"),
        ([".diff", ".diff_b"], "full-difference (diff) weights"), ([".w_norm", ".b_norm"], "GLoRA/norm weights"),
    ]

    /// The adapter type `key` belongs to when it is not LoRA/LoCon.
    static func unsupportedKind(of key: String) -> String? {
        unsupportedKinds.first { $0.suffixes.contains(where: key.hasSuffix) }?.kind
    }

    /// The model weight key (diffusers naming, e.g. `down_blocks.0.attentions.0.proj_in.weight`) that
    /// `module` adapts, or nil when the model has none.
    /// - Parameters:
    ///   - names: the model component's weight keys.
    ///   - kohyaIndex: `kohyaIndex(names)`, built once per component.
    public static func target(for module: LoRAModule, in names: Set<String>, kohyaIndex: [String: String]) -> String? {
        switch module.naming {
        case .kohya:
            return kohyaIndex[module.name]
        case .diffusers:
            var name = module.name
            for (old, new) in processorRenames where name.hasSuffix(old) {
                name = String(name.dropLast(old.count)) + new
            }
            let candidates = module.component == .textEncoder ? [name, "text_model." + name] : [name]
            return candidates.map { $0 + ".weight" }.first(where: names.contains)
        }
    }

    /// The kohya spelling of every `….weight` key of a component (`text_model.encoder.layers.0.mlp.fc1.weight`
    /// → `text_model_encoder_layers_0_mlp_fc1`), mapping back to the key.
    public static func kohyaIndex(_ names: [String]) -> [String: String] {
        var index: [String: String] = [:]
        for name in names where name.hasSuffix(".weight") {
            index[String(name.dropLast(".weight".count)).replacingOccurrences(of: ".", with: "_")] = name
        }
        return index
    }
}
