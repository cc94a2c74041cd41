import Foundation

/// Where a loaded spec came from.
public enum SpecFormat: String, Sendable, Equatable {
    /// Zoetrope's own JSON spec.
    case zoetrope
    /// A Deforum `settings.txt` written at the start of a run (prompts already merged).
    case deforumRun = "deforum-run"
    /// A Deforum settings file saved from its UI.
    case deforumUI = "deforum-ui"
}

/// A spec as read from a file, with what the reader had to say about it.
public struct LoadedSpec: Sendable, Equatable {
    public let spec: AnimationSpec
    public let format: SpecFormat
    /// Warnings for stderr: Deforum settings that are not supported, sizes that were adjusted.
    public let warnings: [String]
    /// Deforum's own upgrade notes for old settings files (renamed keys, replaced values).
    public let notes: [String]
}

extension AnimationSpec {
    /// Reads a Zoetrope spec or a Deforum settings file, told apart by their keys (a Deforum file
    /// has `max_frames`, `animation_mode`, `W`, … which a Zoetrope spec never has), then validates it.
    /// - Parameters:
    ///   - data: the file's bytes (JSON).
    ///   - file: the file's name, used in messages.
    /// - Throws: `AnimationError.invalidSpec` naming the file and key.
    public static func load(_ data: Data, file: String) throws -> LoadedSpec {
        let object: [String: JSONValue]
        do {
            guard case .object(let value) = try JSONDecoder().decode(JSONValue.self, from: data) else {
                throw AnimationError.invalidSpec(file: file, detail: "expected a JSON object")
            }
            object = value
        } catch let error as DecodingError {
            throw AnimationError.invalidSpec(file: file, detail: error.specDescription)
        }
        let loaded: LoadedSpec
        if DeforumSettings.isDeforum(object) {
            var settings = DeforumSettings(values: object, file: file)
            let (spec, warnings) = try settings.spec()
            loaded = LoadedSpec(spec: spec, format: settings.producer == .runStart ? .deforumRun : .deforumUI,
                                warnings: warnings, notes: settings.upgradeNotes)
        } else {
            do {
                loaded = LoadedSpec(spec: try JSONDecoder().decode(AnimationSpec.self, from: data), format: .zoetrope, warnings: [], notes: [])
            } catch let error as DecodingError {
                throw AnimationError.invalidSpec(file: file, detail: error.specDescription)
            }
        }
        try loaded.spec.validate(file: file)
        return loaded
    }

    /// Reads the spec file at `url` (see `load(_:file:)`).
    public static func load(contentsOf url: URL) throws -> LoadedSpec {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw AnimationError.invalidSpec(file: url.path, detail: "cannot read the file")
        }
        return try load(data, file: url.path)
    }

    /// The spec as pretty-printed JSON with sorted keys (how `settings.json` and `presets show` write it).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
