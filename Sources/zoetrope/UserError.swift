/// An error caused by the user's input, reported as one line and exit status 1.
struct UserError: Error, CustomStringConvertible {
    let message: String

    init(_ message: String) { self.message = message }

    /// The error for a subcommand whose issue has not landed yet: a clear refusal, never a fake result.
    static func notImplemented(_ command: String) -> UserError {
        UserError("'zoetrope \(command)' is not implemented yet")
    }

    var description: String { message }
}
