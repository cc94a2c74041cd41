import ArgumentParser

extension Zoetrope {
    /// `zoetrope presets`: Lists and shows the built-in animation presets.
    struct Presets: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "presets", abstract: "Lists and shows the built-in animation presets.")

        func run() throws {
            throw UserError.notImplemented("presets")
        }
    }
}
