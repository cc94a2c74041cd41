import Foundation

/// Prints per-frame schedule values as text lines, a JSON array or CSV rows. Numbers use Swift's
/// shortest representation that reads back to the same double (as Python's `repr` does).
enum ScheduleOutput {
    enum Value {
        case number(Double)
        case text(String)
    }

    static func format(_ values: [Value], as format: Zoetrope.Schedule.Format) -> String {
        switch format {
        case .text:
            return values.enumerated().map { "\($0.offset)\t\(plain($0.element))\n" }.joined()
        case .json:
            return "[" + values.map(json).joined(separator: ",") + "]\n"
        case .csv:
            return "frame,value\n" + values.enumerated().map { "\($0.offset),\(csv($0.element))\n" }.joined()
        }
    }

    private static func plain(_ value: Value) -> String {
        switch value {
        case .number(let number): "\(number)"
        case .text(let text): text
        }
    }

    private static func json(_ value: Value) -> String {
        switch value {
        case .number(let number):
            return "\(number)"
        case .text(let text):
            var escaped = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                case "\r": escaped += "\\r"
                case "\t": escaped += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            return escaped + "\""
        }
    }

    /// RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled.
    private static func csv(_ value: Value) -> String {
        let field = plain(value)
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
