import ArgumentParser
import Foundation

/// The `zoetrope` command: keyframed Stable Diffusion animation on the CPU.
///
/// Exit status (DESIGN.md §2): 0 on success, 1 on a user error (bad input; one line naming the file,
/// key or position), 2 on a usage error.
struct Zoetrope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoetrope",
        abstract: "Keyframed Stable Diffusion animations on the CPU, encoded with FFmpeg's libraries.",
        version: "0.1.0",
        subcommands: [
            Render.self, Txt2Img.self, Img2Img.self, Encode.self, Schedule.self, Tokenize.self,
            Inspect.self, Bench.self, Presets.self,
        ])
}

@main
enum Main {
    static func main() {
        ProcessEnvironment.relaunchIfNeeded()
        do {
            var command = try Zoetrope.parseAsRoot()
            try command.run()
        } catch {
            exit(with: error)
        }
    }

    /// Prints `error` the way a user should read it and exits with DESIGN.md's status codes.
    static func exit(with error: Error) -> Never {
        if let failure = error as? UserError {
            FileHandle.standardError.write(Data("zoetrope: error: \(failure.message)\n".utf8))
            Foundation.exit(1)
        }
        let code = Zoetrope.exitCode(for: error)
        let message = Zoetrope.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { print(message) }
            Foundation.exit(0)
        }
        if code == .validationFailure {
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(2)
        }
        // Any other error escaping a command comes from a library and is about the user's input:
        // it is printed like a `UserError`, with its own description (which names the file or key).
        FileHandle.standardError.write(Data("zoetrope: error: \(error)\n".utf8))
        Foundation.exit(code == .failure ? 1 : code.rawValue)
    }
}
