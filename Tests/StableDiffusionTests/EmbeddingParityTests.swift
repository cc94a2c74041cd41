import Foundation
import ModelIO
import StableDiffusion
import Tensors
import TestSupport
import Testing
import Tokenizers

/// Textual-inversion embeddings named in a prompt against diffusers' `load_textual_inversion` +
/// `encode_prompt` (make_tiny_sd_addons.py): A1111 safetensors (`emb_params`, 3 vectors) and diffusers
/// format (one vector), relative L2 ≤ 1e-4.
@Suite struct EmbeddingParityTests {
    static func library() throws -> EmbeddingLibrary {
        let files = try ["zoecat", "zoestyle"].map { try TextualInversionFile(path: Fixtures.url("addons/embeddings/\($0).safetensors").path) }
        return try EmbeddingLibrary(files, width: 32)
    }

    @Test func embeddingConditionedPromptMatchesDiffusers() throws {
        let model = try #require(AddOnFixtures.model).withEmbeddings(try Self.library())
        let prompt = try #require(AddOnFixtures.cases).embedding_prompts[0]
        let hidden = try model.prompts.encode(prompt).hiddenStates
        let expected = try #require(AddOnFixtures.parity).tensor(named: "emb.0")
        #expect(hidden.shape == expected.shape)
        #expect(Numerics.relativeL2(hidden.scalars, reference: expected.scalars) <= 1e-4)
    }

    @Test func filesAreReadInEachFormat() throws {
        let style = try TextualInversionFile(path: Fixtures.url("addons/embeddings/zoestyle.safetensors").path)
        #expect(style.name == "zoestyle" && style.vectors.shape == [3, 32])
        let cat = try TextualInversionFile(path: Fixtures.url("addons/embeddings/zoecat.safetensors").path)
        #expect(cat.name == "zoecat" && cat.vectors.shape == [1, 32])
        let pair = try TextualInversionFile(
            source: InMemoryTensorSource(["clip_g": Tensor(shape: [2, 1280]), "clip_l": Tensor(shape: [2, 768])]), path: "sdxl.safetensors")
        #expect(pair.vectors.shape == [2, 768])
        #expect(throws: ModelIOError.self) {
            try TextualInversionFile(source: InMemoryTensorSource(["a": Tensor(shape: [2]), "b": Tensor(shape: [2])]), path: "two.pt")
        }
    }

    @Test func anA1111PickledEmbeddingConditionsThePromptLikeDiffusers() throws {
        let pickled = try TextualInversionFile(path: Fixtures.url("addons/embeddings/zoept.pt").path)
        #expect(pickled.name == "zoept")
        let cat = try TextualInversionFile(path: Fixtures.url("addons/embeddings/zoecat.safetensors").path)
        let model = try #require(AddOnFixtures.model).withEmbeddings(try EmbeddingLibrary([pickled, cat], width: 32))
        let prompt = try #require(AddOnFixtures.cases).embedding_prompts[1]
        let hidden = try model.prompts.encode(prompt).hiddenStates
        let expected = try #require(AddOnFixtures.parity).tensor(named: "emb.1")
        #expect(hidden.shape == expected.shape)
        #expect(Numerics.relativeL2(hidden.scalars, reference: expected.scalars) <= 1e-4)
    }

    /// A1111's rule: an embedding that does not fit in the current chunk starts the next one.
    @Test func anEmbeddingThatDoesNotFitStartsTheNextChunk() throws {
        var chunker = PromptChunker(tokenizer: try CLIPTokenizer(), commaPaddingBacktrack: 0)
        chunker.embeddings = [PromptEmbeddingTrigger(tokens: try CLIPTokenizer().encodeWithoutSpecialTokens("zoestyle"), placeholders: [50000, 50001, 50002])]
        let prompt = Array(repeating: "cat", count: 73).joined(separator: " ") + " zoestyle dog"
        let chunks = try chunker.chunks(for: prompt).chunks
        #expect(chunks.count == 2)
        #expect(chunks[0].ids[1...73].allSatisfy { $0 != 50000 } && chunks[0].ids[74] == CLIPTokenizer.eosID)
        #expect(Array(chunks[1].ids[1...4]) == [50000, 50001, 50002, try CLIPTokenizer().encodeWithoutSpecialTokens("dog")[0]])
    }

    @Test func aFolderLoadsWhatFitsAndListsTheRest() throws {
        let (library, skipped) = try EmbeddingLibrary.load(directory: Fixtures.url("addons/embeddings").path, width: 32)
        #expect(library.embeddings.map(\.name).contains("zoestyle"))
        #expect(library.embeddings.map(\.name).contains("zoecat"))
        #expect(library.embeddings.map(\.name).contains("zoept"))
        #expect(library.embeddings.count == 3 && skipped.isEmpty)
        let wide = try EmbeddingLibrary.load(directory: Fixtures.url("addons/embeddings").path, width: 768)
        #expect(wide.library.embeddings.isEmpty && wide.skipped.count == 3)
    }
}
