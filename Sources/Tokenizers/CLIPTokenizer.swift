import Foundation

/// The CLIP byte-pair-encoding tokenizer of Stable Diffusion 1.x.
///
/// Produces the same ids as transformers' `CLIPTokenizer` for `openai/clip-vit-large-patch14`
/// (49408 entries derived from `bpe_simple_vocab_16e6.txt` as OpenAI's `simple_tokenizer.py` does:
/// 256 byte symbols, the same with `</w>`, the first 48894 merges, then the two special tokens).
/// BPE results are cached per word, so repeated words cost a dictionary lookup.
///
/// `@unchecked Sendable`: everything is immutable after `init` except the word cache, which is
/// only read and written under `cacheLock`.
public final class CLIPTokenizer: @unchecked Sendable {
    /// `<|startoftext|>`.
    public static let bosID = 49406
    /// `<|endoftext|>`, also used for padding in SD1.x.
    public static let eosID = 49407
    /// Tokens between BOS and EOS in one 77-token window.
    public static let chunkLength = 75
    /// Number of merges used (49152 − 256 − 2).
    static let mergeCount = 48894

    /// Vocabulary entries in id order (byte-level symbols, `</w>` marks a word end).
    public let vocabulary: [String]
    /// Id of each byte's symbol (without `</w>`); the `</w>` form is this + 256.
    private let byteIDs: [Int32]
    /// (left id, right id) → (rank, merged id).
    private let merges: [UInt64: (rank: Int32, id: Int32)]
    private var cache: [String: [Int]] = [:]
    private let cacheLock = NSLock()

    /// Loads the vocabulary bundled with this package.
    public convenience init() throws {
        guard let url = Bundle.module.url(forResource: "bpe_simple_vocab_16e6", withExtension: "txt.gz", subdirectory: "Resources")
        else { throw TokenizersError.vocabularyUnreadable("bpe_simple_vocab_16e6.txt.gz missing from the bundle") }
        try self.init(mergesFile: url)
    }

    /// Loads a gzip-compressed CLIP merges file (`bpe_simple_vocab_16e6.txt.gz` format).
    public convenience init(mergesFile url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TokenizersError.vocabularyUnreadable("\(url.path): \(error.localizedDescription)")
        }
        let text = String(decoding: try Gunzip.decompress(data), as: UTF8.self)
        try self.init(mergesText: text, source: url.path)
    }

    init(mergesText text: String, source: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > Self.mergeCount else {
            throw TokenizersError.vocabularyUnreadable("\(source): \(lines.count) lines, expected at least \(Self.mergeCount + 1)")
        }
        let byteSymbols = Self.byteSymbols()
        var vocabulary = byteSymbols.map { String($0) }
        vocabulary += vocabulary.map { $0 + "</w>" }
        var ids: [String: Int32] = [:]
        for (id, token) in vocabulary.enumerated() { ids[token] = Int32(id) }
        var merges: [UInt64: (rank: Int32, id: Int32)] = [:]
        for rank in 0..<Self.mergeCount {
            let parts = lines[rank + 1].split(separator: " ")
            guard parts.count == 2, let left = ids[String(parts[0])], let right = ids[String(parts[1])] else {
                throw TokenizersError.vocabularyUnreadable("\(source): line \(rank + 2) is not a merge of two known symbols")
            }
            let merged = String(parts[0]) + String(parts[1])
            let id = Int32(vocabulary.count)
            vocabulary.append(merged)
            if ids[merged] == nil { ids[merged] = id }
            merges[UInt64(UInt32(left)) << 32 | UInt64(UInt32(right))] = (Int32(rank), ids[merged] ?? id)
        }
        vocabulary += ["<|startoftext|>", "<|endoftext|>"]
        var byteIDs = [Int32](repeating: 0, count: 256)
        for (byte, symbol) in Self.byteSymbolsByByte().enumerated() {
            byteIDs[byte] = ids[String(symbol)] ?? 0
        }
        self.vocabulary = vocabulary
        self.byteIDs = byteIDs
        self.merges = merges
    }

    /// Token ids of `text` with BOS and EOS, without padding or truncation.
    public func encode(_ text: String) -> [Int] {
        [Self.bosID] + encodeWithoutSpecialTokens(text) + [Self.eosID]
    }

    /// Token ids of `text` without BOS, EOS or padding (what A1111 tokenizes each prompt fragment to).
    /// The literal strings `<|startoftext|>` and `<|endoftext|>` become their special ids, as in transformers.
    public func encodeWithoutSpecialTokens(_ text: String) -> [Int] {
        var ids: [Int] = []
        var rest = Substring(text)
        while let special = Self.nextSpecialToken(in: rest) {
            ids += encodePlain(rest[..<special.range.lowerBound])
            ids.append(special.id)
            rest = rest[special.range.upperBound...]
        }
        ids += encodePlain(rest)
        return ids
    }

    /// The vocabulary entry of each id, e.g. `cat</w>` (ids out of range give `<unk>`).
    public func pieces(_ ids: [Int]) -> [String] {
        ids.map { vocabulary.indices.contains($0) ? vocabulary[$0] : "<unk>" }
    }

    private func encodePlain(_ text: Substring) -> [Int] {
        var ids: [Int] = []
        for word in CLIPPreTokenizer.pieces(String(text)) {
            cacheLock.lock()
            let cached = cache[word]
            cacheLock.unlock()
            if let cached {
                ids += cached
                continue
            }
            let encoded = bytePairEncode(word)
            cacheLock.lock()
            cache[word] = encoded
            cacheLock.unlock()
            ids += encoded
        }
        return ids
    }

    /// Repeatedly merges the adjacent pair with the lowest merge rank (leftmost first on ties).
    private func bytePairEncode(_ word: String) -> [Int] {
        var symbols = word.utf8.map { byteIDs[Int($0)] }
        guard !symbols.isEmpty else { return [] }
        symbols[symbols.count - 1] += 256
        while symbols.count > 1 {
            var best: (index: Int, rank: Int32, id: Int32)?
            for index in 0..<symbols.count - 1 {
                let key = UInt64(UInt32(symbols[index])) << 32 | UInt64(UInt32(symbols[index + 1]))
                guard let merge = merges[key] else { continue }
                if let current = best, current.rank <= merge.rank { continue }
                best = (index, merge.rank, merge.id)
            }
            guard let best else { break }
            symbols[best.index] = best.id
            symbols.remove(at: best.index + 1)
        }
        return symbols.map(Int.init)
    }

    private static func nextSpecialToken(in text: Substring) -> (range: Range<Substring.Index>, id: Int)? {
        let start = text.range(of: "<|startoftext|>")
        let end = text.range(of: "<|endoftext|>")
        switch (start, end) {
        case let (start?, end?): return start.lowerBound < end.lowerBound ? (start, bosID) : (end, eosID)
        case let (start?, nil): return (start, bosID)
        case let (nil, end?): return (end, eosID)
        case (nil, nil): return nil
        }
    }

    /// GPT-2's reversible byte → printable character table, in vocabulary order: the printable
    /// bytes `!`…`~`, `¡`…`¬`, `®`…`ÿ` map to themselves, the others to U+0100 onwards.
    private static func byteSymbols() -> [Character] {
        let byByte = byteSymbolsByByte()
        return byteOrder().map { byByte[Int($0)] }
    }

    private static func byteOrder() -> [UInt8] {
        let printable = Array(UInt8(33)...126) + Array(UInt8(161)...172) + Array(UInt8(174)...255)
        return printable + (0...255).map(UInt8.init).filter { !printable.contains($0) }
    }

    private static func byteSymbolsByByte() -> [Character] {
        let printable = Set(Array(UInt8(33)...126) + Array(UInt8(161)...172) + Array(UInt8(174)...255))
        var next: UInt32 = 256
        return (0...255).map { (byte: Int) -> Character in
            if printable.contains(UInt8(byte)) { return Character(Unicode.Scalar(UInt8(byte))) }
            defer { next += 1 }
            return Character(Unicode.Scalar(next) ?? " ")
        }
    }
}
