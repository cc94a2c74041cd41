import Foundation
import Testing
import TestSupport
import Tokenizers

private struct A1111Fixture: Decodable {
    struct Chunk: Decodable {
        let ids: [Int]
        let weights: [Double]
    }
    struct Fragment: Decodable {
        let text: String
        let weight: Double
        init(from decoder: Decoder) throws {
            var container = try decoder.unkeyedContainer()
            text = try container.decode(String.self)
            weight = try container.decode(Double.self)
        }
    }
    struct Entry: Decodable {
        let prompt: String
        let fragments: [Fragment]
        let chunks: [Chunk]
        let token_count: Int
    }
    let entries: [Entry]
}

private let chunker = Result { PromptChunker(tokenizer: try CLIPTokenizer()) }

private func fixture() throws -> A1111Fixture {
    try JSONDecoder().decode(A1111Fixture.self, from: Fixtures.data("tokenizer/a1111.json"))
}

@Test func parseMatchesA1111DocExamples() throws {
    let parsed = try PromptAttention.parse("a (((house:1.3)) [on] a (hill:0.5), sun, (((sky))).")
    #expect(parsed.map(\.text) == ["a ", "house", " ", "on", " a ", "hill", ", sun, ", "sky", "."])
    #expect(parsed.map(\.weight) == [1.0, 1.5730000000000004, 1.1, 1.0, 1.1, 0.55, 1.1, 1.4641000000000006, 1.1])
    #expect(try PromptAttention.parse(#"\(literal\]"#).map(\.text) == ["(literal]"])
}

@Test func parseMatchesA1111OnTheFixture() throws {
    for entry in try fixture().entries {
        let parsed = try PromptAttention.parse(entry.prompt)
        #expect(parsed.map(\.text) == entry.fragments.map(\.text), "prompt: \(entry.prompt)")
        #expect(parsed.map(\.weight) == entry.fragments.map(\.weight), "prompt: \(entry.prompt)")
    }
}

@Test func chunksMatchA1111OnTheFixture() throws {
    let chunker = try chunker.get()
    for entry in try fixture().entries {
        let (chunks, tokenCount) = try chunker.chunks(for: entry.prompt)
        #expect(tokenCount == entry.token_count, "prompt: \(entry.prompt)")
        #expect(chunks.map(\.ids) == entry.chunks.map(\.ids), "prompt: \(entry.prompt)")
        #expect(chunks.map(\.weights) == entry.chunks.map { $0.weights.map(Float.init) }, "prompt: \(entry.prompt)")
        #expect(chunks.allSatisfy { $0.ids.count == 77 && $0.weights.count == 77 })
    }
}

@Test func explicitWeightForms() throws {
    #expect(try PromptAttention.parse("(a:+.5)").map(\.weight) == [0.5])
    #expect(try PromptAttention.parse("(a:2.)").map(\.weight) == [2.0])
    #expect(try PromptAttention.parse("(a:-1)").map(\.weight) == [-1.0])
    #expect(try PromptAttention.parse("a:1.5)").map(\.text) == ["a:1.5)"])
}

@Test func badExplicitWeightThrowsWithPosition() {
    #expect(throws: TokenizersError.badWeight("1.2.3", position: 3)) { try PromptAttention.parse("(a:1.2.3)") }
    #expect(throws: TokenizersError.badWeight(".", position: 3)) { try PromptAttention.parse("(a:.)") }
}

@Test func emptyChunkIsBOSThenEOS() {
    let chunk = PromptChunker.emptyChunk
    #expect(chunk.ids.first == 49406 && chunk.ids.dropFirst().allSatisfy { $0 == 49407 } && chunk.ids.count == 77)
    #expect(chunk.weights == Array(repeating: 1, count: 77))
}

@Test func commaBacktrackMovesTheTailAfterTheLastComma() throws {
    let tokenizer = try CLIPTokenizer()
    let prompt = String(repeating: "a cat, ", count: 20) + String(repeating: "dog ", count: 20)
    let moved = try PromptChunker(tokenizer: tokenizer).chunks(for: prompt)
    #expect(moved.chunks.count == 2)
    #expect(moved.chunks[0].ids[61...].allSatisfy { $0 == CLIPTokenizer.eosID })
    #expect(moved.tokenCount == 75 + 20)
    let filled = try PromptChunker(tokenizer: tokenizer, commaPaddingBacktrack: 0).chunks(for: prompt)
    #expect(filled.chunks[0].ids[75] != CLIPTokenizer.eosID)
    #expect(filled.tokenCount == 75 + 5)
}
