/// Errors raised while reading checkpoint files. Each names the file and the key or byte offset.
public enum ModelIOError: Error, CustomStringConvertible, Equatable {
    /// The file is not in a format this reader understands, with what was expected.
    case malformed(file: String, detail: String)
    /// The file or folder cannot be opened or read at all.
    case unreadable(file: String, detail: String)
    /// A file cannot be written.
    case unwritable(file: String, detail: String)
    /// A tensor that was asked for is not in the file.
    case missingTensor(file: String, key: String)
    /// A tensor is stored in a type that cannot be converted to Float32.
    case unsupportedDType(file: String, key: String, dtype: String)
    /// A checkpoint lacks a component (a diffusers subfolder, or all keys of a part of a single file).
    case missingComponent(file: String, component: String, detail: String)
    /// The checkpoint is a model family this version cannot run yet, with the evidence.
    case unsupportedArchitecture(file: String, architecture: String, evidence: String)
    /// A pickle asks for a global outside the few that rebuild a state dict; nothing was imported.
    case forbiddenGlobal(file: String, global: String, offset: Int)

    public var description: String {
        switch self {
        case .malformed(let file, let detail): "\(file): \(detail)"
        case .unreadable(let file, let detail): "\(file): cannot read: \(detail)"
        case .unwritable(let file, let detail): "\(file): cannot write: \(detail)"
        case .missingTensor(let file, let key): "\(file): no tensor named '\(key)'"
        case .unsupportedDType(let file, let key, let dtype):
            "\(file): tensor '\(key)' has dtype \(dtype), which cannot be converted to Float32"
        case .missingComponent(let file, let component, let detail): "\(file): missing \(component): \(detail)"
        case .unsupportedArchitecture(let file, let architecture, let evidence):
            "\(file): not supported yet: \(architecture) (\(evidence))"
        case .forbiddenGlobal(let file, let global, let offset):
            "\(file): pickle refers to '\(global)' at offset \(offset), which is not a tensor state dict global; refused"
        }
    }
}
