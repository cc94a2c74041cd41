import ArgumentParser
import ModelIO

extension Zoetrope {
    /// `zoetrope inspect`: what a checkpoint holds, as ModelIO reads it: format, architecture, per
    /// component (diffusers naming) its tensor and parameter counts and stored dtypes and where its
    /// configuration comes from, and the load report (ignored and unmapped keys, missing
    /// components). SD2.x/SDXL checkpoints and incomplete ones are described, not refused; a file
    /// that cannot be read exits 1 naming the file and key or offset.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Describes a checkpoint: format, architecture, dtypes, parameters.",
            discussion: """
                MODEL is a diffusers folder, a .safetensors or a .ckpt file (A1111/CompVis or diffusers naming). \
                Components are listed in diffusers naming with their stored dtypes; configurations are read \
                from config.json or inferred from the tensor shapes.
                """)

        @Argument(help: "The checkpoint: a diffusers folder, .safetensors or .ckpt.")
        var model: String

        @Flag(help: "Print one JSON object.")
        var json = false

        func run() throws {
            let inspection: CheckpointInspection
            do { inspection = try CheckpointInspection(path: model) } catch let error as ModelIOError {
                throw UserError(error.description)
            }
            print(json ? Self.json(inspection).serialized() : Self.text(inspection), terminator: "\n")
        }

        static func text(_ inspection: CheckpointInspection) -> String {
            var lines: [String] = []
            lines.append("path:          \(inspection.path)")
            let stored = inspection.storedTensorCount.map { " (\($0) tensors stored)" } ?? ""
            lines.append("format:        \(inspection.format.rawValue)\(stored)")
            var architecture = inspection.architecture.rawValue
            if inspection.architecture != .sd1 {
                architecture += " (not supported yet; \(inspection.architectureEvidence ?? "keys"))"
            }
            lines.append("architecture:  \(architecture)")
            for component in inspection.components {
                let dtypes = component.dtypes.keys.sorted().map { "\($0) ×\(component.dtypes[$0] ?? 0)" }.joined(separator: ", ")
                let config = component.hasConfigFile ? "config.json" : "config inferred from shapes"
                let name = (component.name + ":").padding(toLength: 15, withPad: " ", startingAt: 0)
                lines.append("\(name)\(component.tensorCount) tensors, \(grouped(component.parameterCount)) parameters, \(dtypes); \(config)")
            }
            let report = inspection.report
            for (name, detail) in report.missingComponents.sorted(by: { $0.key < $1.key }) {
                lines.append("missing:       \(name): \(detail)")
            }
            lines.append("ignored keys:  \(summary(report.ignoredKeys))")
            lines.append("unmapped keys: \(summary(report.unmappedKeys))")
            return lines.joined(separator: "\n")
        }

        static func json(_ inspection: CheckpointInspection) -> JSONValue {
            let components: [JSONValue] = inspection.components.map { component in
                .object([
                    ("name", .string(component.name)),
                    ("tensors", .integer(component.tensorCount)),
                    ("parameters", .integer(component.parameterCount)),
                    ("dtypes", .object(component.dtypes.keys.sorted().map { ($0, .integer(component.dtypes[$0] ?? 0)) })),
                    ("config", .string(component.hasConfigFile ? "config.json" : "inferred")),
                ])
            }
            let report = inspection.report
            return .object([
                ("path", .string(inspection.path)),
                ("format", .string(inspection.format.rawValue)),
                ("architecture", .string(inspection.architecture.rawValue)),
                ("supported", .bool(inspection.architecture == .sd1 && report.missingComponents.isEmpty)),
                ("architecture_evidence", inspection.architectureEvidence.map(JSONValue.string) ?? .null),
                ("stored_tensors", inspection.storedTensorCount.map(JSONValue.integer) ?? .null),
                ("components", .array(components)),
                ("missing_components", .object(report.missingComponents.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                ("ignored_keys", .array(report.ignoredKeys.map(JSONValue.string))),
                ("unmapped_keys", .array(report.unmappedKeys.map(JSONValue.string))),
            ])
        }

        /// `1234567` → `1,234,567`.
        static func grouped(_ value: Int) -> String {
            let digits = Array(String(value))
            var out = ""
            for (index, digit) in digits.enumerated() {
                if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
                out.append(digit)
            }
            return out
        }

        /// A count and the first few keys.
        static func summary(_ keys: [String]) -> String {
            guard !keys.isEmpty else { return "none" }
            let shown = keys.prefix(5).joined(separator: ", ")
            return "\(keys.count) (\(shown)\(keys.count > 5 ? ", …" : ""))"
        }
    }
}
