import ArgumentParser

extension Zoetrope {
    /// `zoetrope schedule`: Evaluates a keyframe schedule for every frame.
    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "schedule", abstract: "Evaluates a keyframe schedule for every frame.")

        func run() throws {
            throw UserError.notImplemented("schedule")
        }
    }
}
