import ArgumentParser

extension Zoetrope {
    /// `zoetrope tokenize`: Prints a prompt's CLIP token ids.
    struct Tokenize: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tokenize", abstract: "Prints a prompt's CLIP token ids.")

        func run() throws {
            throw UserError.notImplemented("tokenize")
        }
    }
}
