import Foundation
import Testing
import TestSupport
@testable import Tokenizers

private struct Corpus: Decodable {
    struct Entry: Decodable {
        let prompt: String
        let ids: [Int]
    }
    let entries: [Entry]
}

private let tokenizer = Result { try CLIPTokenizer() }

@Test func vocabularyHas49408EntriesEndingWithSpecialTokens() throws {
    let tokenizer = try tokenizer.get()
    #expect(tokenizer.vocabulary.count == 49408)
    #expect(tokenizer.vocabulary[49406] == "<|startoftext|>")
    #expect(tokenizer.vocabulary[49407] == "<|endoftext|>")
    #expect(tokenizer.vocabulary[0] == "!")
    #expect(tokenizer.vocabulary[256] == "!</w>")
}

@Test func idsMatchTransformersOnTheCorpus() throws {
    let tokenizer = try tokenizer.get()
    let corpus = try JSONDecoder().decode(Corpus.self, from: Fixtures.data("tokenizer/corpus.json"))
    #expect(corpus.entries.count >= 300)
    for entry in corpus.entries {
        #expect(tokenizer.encode(entry.prompt) == entry.ids, "prompt: \(entry.prompt)")
    }
}

@Test func knownPromptAndPieces() throws {
    let tokenizer = try tokenizer.get()
    let ids = tokenizer.encode("a photo of a cat")
    #expect(ids == [49406, 320, 1125, 539, 320, 2368, 49407])
    #expect(tokenizer.pieces(ids) == ["<|startoftext|>", "a</w>", "photo</w>", "of</w>", "a</w>", "cat</w>", "<|endoftext|>"])
}

@Test func gunzipRejectsBadData() {
    #expect(throws: TokenizersError.self) { try Gunzip.decompress(Data([0x1F, 0x8B, 8, 0] + [UInt8](repeating: 0, count: 20))) }
    #expect(throws: TokenizersError.self) { try Gunzip.decompress(Data("not gzip at all, long enough".utf8)) }
}

@Test func truncatedMergesFileIsAnError() {
    #expect(throws: TokenizersError.self) { try CLIPTokenizer(mergesText: "header\na b\n", source: "test") }
}
