import Testing
import TestSupport

@Test func tokenizeJSONPrintsIdsWithBOSAndEOS() throws {
    let result = try CommandLineTool.run(["tokenize", "a photo of a cat", "--json"])
    #expect(result.status == 0)
    #expect(result.stdout == "[49406,320,1125,539,320,2368,49407]\n")
}

@Test func tokenizeJSONDoesNotTruncateOrPad() throws {
    let result = try CommandLineTool.run(["tokenize", String(repeating: "cat ", count: 100), "--json"])
    #expect(result.status == 0)
    #expect(result.stdout.split(separator: ",").count == 102)
}

@Test func tokenizeHumanFormShowsPiecesAndChunks() throws {
    let result = try CommandLineTool.run(["tokenize", "a (red:1.2) cat BREAK on a mat"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("pieces: <|startoftext|> a</w> (</w> red</w> :</w> 1</w> .</w> 2</w> )</w> cat</w>"))
    #expect(result.stdout.contains("chunks: 3/75, 3/75 (A1111 count 78)"))
}

@Test func tokenizeEmptyPrompt() throws {
    let result = try CommandLineTool.run(["tokenize", "", "--json"])
    #expect(result.stdout == "[49406,49407]\n")
}

@Test func tokenizeBadWeightIsAUserError() throws {
    let result = try CommandLineTool.run(["tokenize", "(cat:1.2.3)"])
    #expect(result.status == 1)
    #expect(!result.crashed)
    #expect(result.stderr.contains("character 5"))
}

@Test func tokenizeWithoutPromptIsAUsageError() throws {
    let result = try CommandLineTool.run(["tokenize"])
    #expect(result.status == 2)
}
