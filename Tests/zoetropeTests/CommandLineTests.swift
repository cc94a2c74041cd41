import Testing
import TestSupport

@Test func helpListsEverySubcommand() throws {
    let result = try CommandLineTool.run(["--help"])
    #expect(result.status == 0)
    for name in ["render", "txt2img", "img2img", "encode", "schedule", "tokenize", "inspect", "bench", "presets"] {
        #expect(result.stdout.contains(name), "help does not list \(name)")
    }
}

@Test func unknownOptionIsAUsageError() throws {
    let result = try CommandLineTool.run(["txt2img", "--prompt", "x", "--no-such-option"])
    #expect(result.status == 2)
    #expect(!result.crashed)
    #expect(result.stderr.contains("no-such-option"))
}
