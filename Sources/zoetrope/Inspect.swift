import ArgumentParser

extension Zoetrope {
    /// `zoetrope inspect`: Describes a checkpoint: format, architecture, dtypes, parameters.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Describes a checkpoint: format, architecture, dtypes, parameters.")

        func run() throws {
            throw UserError.notImplemented("inspect")
        }
    }
}
