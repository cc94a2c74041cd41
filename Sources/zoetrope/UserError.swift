/// An error caused by the user's input, reported as one line and exit status 1.
struct UserError: Error, CustomStringConvertible {
    let message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
