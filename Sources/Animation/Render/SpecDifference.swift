import Foundation

/// Which keys of two specs differ, as dotted JSON key paths (`motion.zoom`), for resume checks.
enum SpecDifference {
    static func keys(_ a: AnimationSpec, _ b: AnimationSpec) throws -> [String] {
        let decoder = JSONDecoder()
        let left = try decoder.decode(JSONValue.self, from: try a.jsonData())
        let right = try decoder.decode(JSONValue.self, from: try b.jsonData())
        var paths: [String] = []
        collect(left, right, path: "", into: &paths)
        return paths
    }

    private static func collect(_ a: JSONValue, _ b: JSONValue, path: String, into paths: inout [String]) {
        guard case .object(let left) = a, case .object(let right) = b, !path.hasSuffix("prompts") else {
            if a != b { paths.append(path) }
            return
        }
        for key in Set(left.keys).union(right.keys).sorted() {
            collect(left[key] ?? .null, right[key] ?? .null, path: path.isEmpty ? key : path + "." + key, into: &paths)
        }
    }
}
