import Testing
import Tokenizers

@Test func vocabularyErrorSaysWhat() {
    #expect(TokenizersError.vocabularyUnreadable("truncated gzip").description.contains("truncated gzip"))
}
