/// Deforum's upgrades of old settings files, applied before anything is read: exactly
/// `handle_deprecated_settings` of deforum-art/sd-webui-deforum 32242685
/// (`scripts/deforum_helpers/deprecation_utils.py`), plus `load_all_settings`' rename of the old
/// `animation_prompts` key to `prompts` (`settings.py`).
enum DeforumDeprecations {
    /// One entry of Deforum's `deprecation_map`, in its order.
    private enum Rule {
        /// The setting was removed (Deforum warns and ignores it).
        case removed
        /// The key was renamed.
        case renamed(String)
        /// Old values are replaced by new ones (compared with Python `==`).
        case values([(old: JSONValue, new: String)])
        /// The key is replaced by another whose value is looked up from `str(old value)`.
        case renamedWithValues(String, [String: String])
        /// A number becomes the constant schedule `0:(v)`.
        case numberToSchedule
    }

    private static let resizeModes: Rule = .values([
        (.string("Envelope (Outer Fit)"), "Outer Fit (Shrink to Fit)"),
        (.string("Scale to Fit (Inner Fit)"), "Inner Fit (Scale to Fit)"),
    ])

    private static let rules: [(key: String, rule: Rule)] = {
        var rules: [(String, Rule)] = [
            ("histogram_matching", .removed),
            ("flip_2d_perspective", .renamed("enable_perspective_flip")),
            ("skip_video_for_run_all", .renamed("skip_video_creation")),
            ("color_coherence", .values([
                (.string("Match Frame 0 HSV"), "HSV"), (.string("Match Frame 0 LAB"), "LAB"), (.string("Match Frame 0 RGB"), "RGB"),
            ])),
            ("hybrid_composite", .values([(.bool(false), "None"), (.bool(true), "Normal")])),
            ("optical_flow_redo_generation", .values([(.bool(false), "None"), (.bool(true), "DIS Fine")])),
            ("optical_flow_cadence", .values([(.bool(false), "None"), (.bool(true), "DIS Fine")])),
            ("cn_1_resize_mode", resizeModes),
            ("cn_2_resize_mode", resizeModes),
            ("cn_3_resize_mode", resizeModes),
            ("use_zoe_depth", .renamedWithValues("depth_algorithm", ["True": "Zoe+AdaBins (old)", "False": "Midas+AdaBins (old)"])),
        ]
        for unit in 1...5 {
            for field in ["weight", "guidance_start", "guidance_end"] {
                rules.append(("cn_\(unit)_\(field)", .numberToSchedule))
            }
        }
        return rules
    }()

    /// Applies the upgrades to `settings` and returns one note per change, as Deforum prints them.
    static func apply(to settings: inout [String: JSONValue]) -> [String] {
        var notes: [String] = []
        if settings["legacy_colormatch"] == nil {
            settings["legacy_colormatch"] = .bool(true)
            notes.append("legacy_colormatch is missing, so it is set to true as Deforum does for old files")
        }
        for (key, rule) in rules {
            guard let value = settings[key] else { continue }
            switch rule {
            case .removed:
                settings[key] = nil
                notes.append("'\(key)' was removed from Deforum and is ignored")
            case .renamed(let newKey):
                settings[newKey] = value
                settings[key] = nil
                notes.append("'\(key)' was renamed to '\(newKey)'")
            case .values(let table):
                if let match = table.first(where: { value.pythonEquals($0.old) }) {
                    settings[key] = .string(match.new)
                    notes.append("'\(key)' value \(value.jsonText) was replaced with \"\(match.new)\"")
                }
            case .renamedWithValues(let newKey, let table):
                settings[key] = nil
                if let newValue = table[value.pythonText] {
                    settings[newKey] = .string(newValue)
                    notes.append("'\(key)' was renamed to '\(newKey)' with value \"\(newValue)\"")
                }
            case .numberToSchedule:
                if case .number = value {
                    settings[key] = .string("0:(\(value.pythonText))")
                    notes.append("'\(key)' value \(value.pythonText) was replaced with \"0:(\(value.pythonText))\"")
                } else if case .bool = value {
                    settings[key] = .string("0:(\(value.pythonText))")
                }
            }
        }
        if let prompts = settings["animation_prompts"] {
            settings["prompts"] = prompts
            settings["animation_prompts"] = nil
        }
        return notes
    }
}
