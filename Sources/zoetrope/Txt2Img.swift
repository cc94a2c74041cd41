import ArgumentParser

extension Zoetrope {
    /// `zoetrope txt2img`: Generates an image from a prompt.
    struct Txt2Img: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "txt2img", abstract: "Generates an image from a prompt.")

        func run() throws {
            throw UserError.notImplemented("txt2img")
        }
    }
}
