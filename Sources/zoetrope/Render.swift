import ArgumentParser

extension Zoetrope {
    /// `zoetrope render`: Renders an animation spec or a Deforum settings file to frames and a video.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "render", abstract: "Renders an animation spec or a Deforum settings file to frames and a video.")

        func run() throws {
            throw UserError.notImplemented("render")
        }
    }
}
