import Foundation

/// A diffusers/transformers `config.json` read leniently: known keys are typed, unknown keys are
/// ignored (the files carry many fields irrelevant to inference), and a present key of the wrong
/// type is an error naming it.
struct ConfigurationDictionary {
    let component: String
    private let values: [String: Any]

    init(_ data: Data, component: String) throws(DiffusionModelsError) {
        self.component = component
        guard let object = try? JSONSerialization.jsonObject(with: data), let values = object as? [String: Any] else {
            throw .malformedConfiguration(component: component, detail: "not a JSON object")
        }
        self.values = values
    }

    /// Whether `key` is present with a non-null value.
    func has(_ key: String) -> Bool {
        guard let value = values[key] else { return false }
        return !(value is NSNull)
    }

    func int(_ key: String, default fallback: Int) throws(DiffusionModelsError) -> Int {
        guard has(key) else { return fallback }
        guard let number = values[key] as? NSNumber, let value = Int(exactly: number.doubleValue) else {
            throw wrongType(key, "an integer")
        }
        return value
    }

    func double(_ key: String, default fallback: Double) throws(DiffusionModelsError) -> Double {
        guard has(key) else { return fallback }
        guard let number = values[key] as? NSNumber else { throw wrongType(key, "a number") }
        return number.doubleValue
    }

    func bool(_ key: String, default fallback: Bool) throws(DiffusionModelsError) -> Bool {
        guard has(key) else { return fallback }
        guard let value = values[key] as? Bool else { throw wrongType(key, "true or false") }
        return value
    }

    func string(_ key: String, default fallback: String) throws(DiffusionModelsError) -> String {
        guard has(key) else { return fallback }
        guard let value = values[key] as? String else { throw wrongType(key, "a string") }
        return value
    }

    func strings(_ key: String, default fallback: [String]) throws(DiffusionModelsError) -> [String] {
        guard has(key) else { return fallback }
        guard let value = values[key] as? [String] else { throw wrongType(key, "an array of strings") }
        return value
    }

    /// An integer array; a single integer stands for `count` copies of itself (diffusers accepts
    /// both forms for per-block settings such as `attention_head_dim`).
    func ints(_ key: String, count: Int, default fallback: [Int]) throws(DiffusionModelsError) -> [Int] {
        guard has(key) else { return fallback }
        if let number = values[key] as? NSNumber, let value = Int(exactly: number.doubleValue) {
            return Array(repeating: value, count: count)
        }
        guard let array = values[key] as? [NSNumber] else { throw wrongType(key, "an integer or an array of integers") }
        var result: [Int] = []
        for number in array {
            guard let value = Int(exactly: number.doubleValue) else { throw wrongType(key, "integers") }
            result.append(value)
        }
        return result
    }

    private func wrongType(_ key: String, _ expected: String) -> DiffusionModelsError {
        .malformedConfiguration(component: component, detail: "'\(key)' should be \(expected)")
    }
}
