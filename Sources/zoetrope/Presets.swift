import Animation
import ArgumentParser
import Foundation

extension Zoetrope {
    /// `zoetrope presets`: lists the built-in animation presets, or prints one as a full spec.
    struct Presets: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "presets",
            abstract: "Lists and shows the built-in animation presets.",
            discussion: """
                'presets list' prints each preset's name and what it shows; 'presets show NAME' prints its \
                complete spec (every key, defaults included) as JSON, ready to edit: \
                zoetrope presets show zoom-tunnel > mine.json. 'zoetrope render NAME' renders a preset directly.
                """)

        enum Action: String, ExpressibleByArgument, CaseIterable {
            case list, show
        }

        @Argument(help: "list or show.")
        var action: Action = .list

        @Argument(help: "The preset to show.")
        var name: String?

        func validate() throws {
            switch action {
            case .list where name != nil: throw ValidationError("'presets list' takes no name")
            case .show where name == nil: throw ValidationError("'presets show' needs a preset name")
            default: break
            }
        }

        func run() throws {
            switch action {
            case .list:
                let width = AnimationPreset.all.map(\.name.count).max() ?? 0
                for preset in AnimationPreset.all {
                    print(preset.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + preset.summary)
                }
            case .show:
                guard let name, let preset = AnimationPreset.named(name) else {
                    let names = AnimationPreset.all.map(\.name).joined(separator: ", ")
                    throw UserError("presets: no preset '\(name ?? "")' (presets: \(names))")
                }
                do {
                    let data = try preset.load().spec.jsonData()
                    FileHandle.standardOutput.write(data + Data("\n".utf8))
                } catch let error as AnimationError {
                    throw UserError(error.description)
                }
            }
        }
    }
}
