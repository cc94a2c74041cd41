import ArgumentParser

extension Zoetrope {
    /// `zoetrope encode`: Encodes a folder of frames to a video.
    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "encode", abstract: "Encodes a folder of frames to a video.")

        func run() throws {
            throw UserError.notImplemented("encode")
        }
    }
}
