import ArgumentParser
import Tokenizers

extension Zoetrope {
    /// `zoetrope tokenize`: prints a prompt's CLIP token ids with BOS and EOS, unpadded, as
    /// transformers' `CLIPTokenizer` for SD1.x gives them; the human form also lists the vocabulary
    /// pieces and how A1111 splits the prompt (weight syntax and BREAK included) into 75-token chunks.
    struct Tokenize: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tokenize",
            abstract: "Prints a prompt's CLIP token ids.",
            discussion: """
                Ids include BOS (49406) and EOS (49407) and are neither padded nor truncated. The text is \
                tokenized literally; the chunk line parses A1111 weight syntax ((word), [word], (word:1.3), \
                BREAK) and counts each 75-token chunk as A1111's token counter does.
                """)

        @Argument(help: "The prompt text.")
        var prompt: String

        @Flag(help: "Print only a JSON array of the ids.")
        var json = false

        func run() throws {
            let tokenizer = try CLIPTokenizer()
            let ids = tokenizer.encode(prompt)
            if json {
                print("[" + ids.map(String.init).joined(separator: ",") + "]")
                return
            }
            let chunks = try PromptChunker(tokenizer: tokenizer).chunks(for: prompt)
            let perChunk = chunks.chunks.map { chunk in
                let content = chunk.ids[1...CLIPTokenizer.chunkLength]
                let padding = content.reversed().prefix { $0 == CLIPTokenizer.eosID }.count
                return "\(CLIPTokenizer.chunkLength - padding)/\(CLIPTokenizer.chunkLength)"
            }
            print("ids:    " + ids.map(String.init).joined(separator: " "))
            print("pieces: " + tokenizer.pieces(ids).joined(separator: " "))
            print("tokens: \(ids.count - 2) between BOS and EOS")
            print("chunks: \(perChunk.joined(separator: ", ")) (A1111 count \(chunks.tokenCount))")
        }
    }
}
