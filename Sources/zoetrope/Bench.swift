import ArgumentParser

extension Zoetrope {
    /// `zoetrope bench`: Measures kernels and model components (release builds only).
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bench", abstract: "Measures kernels and model components (release builds only).")

        func run() throws {
            throw UserError.notImplemented("bench")
        }
    }
}
