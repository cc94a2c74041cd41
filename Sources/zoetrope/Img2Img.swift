import ArgumentParser

extension Zoetrope {
    /// `zoetrope img2img`: Transforms an init image guided by a prompt.
    struct Img2Img: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "img2img", abstract: "Transforms an init image guided by a prompt.")

        func run() throws {
            throw UserError.notImplemented("img2img")
        }
    }
}
