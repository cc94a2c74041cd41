import Foundation
import ModelIO
import Tensors
import Tokenizers

/// The textual-inversion embeddings a prompt may name (A1111's embeddings folder): each is used
/// wherever the prompt's tokens spell its file name, standing for as many tokens as it has vectors.
/// Their vectors get the ids after the text encoder's vocabulary, in library order.
public struct EmbeddingLibrary: Sendable {
    /// The embeddings, in the order their placeholder ids are assigned.
    public let embeddings: [TextualInversionFile]

    /// No embeddings.
    public static let empty = EmbeddingLibrary(validated: [])

    /// A library of `embeddings`, which must all have `width`-wide vectors, at most 75 of them each,
    /// and distinct names.
    /// - Throws: `PipelineError.modelUnavailable` naming the file that does not fit.
    public init(_ embeddings: [TextualInversionFile], width: Int) throws {
        var names: Set<String> = []
        for embedding in embeddings {
            guard embedding.vectors.shape[1] == width else {
                throw PipelineError.modelUnavailable(
                    "\(embedding.path): embedding vectors are \(embedding.vectors.shape[1]) wide; this text encoder needs \(width)")
            }
            guard embedding.vectors.shape[0] <= CLIPTokenizer.chunkLength else {
                throw PipelineError.modelUnavailable(
                    "\(embedding.path): \(embedding.vectors.shape[0]) vectors do not fit in one \(CLIPTokenizer.chunkLength)-token chunk")
            }
            guard names.insert(embedding.name).inserted else {
                throw PipelineError.modelUnavailable("\(embedding.path): a second embedding named '\(embedding.name)'")
            }
        }
        self.init(validated: embeddings)
    }

    private init(validated embeddings: [TextualInversionFile]) {
        self.embeddings = embeddings
    }

    /// Every embedding file (`.safetensors`, `.pt`, `.bin`) directly in `directory`, sorted by name.
    /// Files of another width (SD2/SDXL embeddings) and files that cannot be read as embeddings are
    /// skipped, as A1111 skips them, and listed with the reason.
    /// - Throws: when the folder cannot be listed, or two embeddings share a name.
    public static func load(directory: String, width: Int) throws -> (library: EmbeddingLibrary, skipped: [(path: String, reason: String)]) {
        let url = URL(fileURLWithPath: directory)
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
        } catch {
            throw PipelineError.modelUnavailable("\(directory): cannot list the embeddings folder: \(error.localizedDescription)")
        }
        var loaded: [TextualInversionFile] = []
        var skipped: [(path: String, reason: String)] = []
        for file in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent })
        where ["safetensors", "pt", "bin"].contains(file.pathExtension.lowercased()) {
            do {
                let embedding = try TextualInversionFile(path: file.path)
                if embedding.vectors.shape[1] == width {
                    loaded.append(embedding)
                } else {
                    skipped.append((file.path, "vectors are \(embedding.vectors.shape[1]) wide, the text encoder's \(width)"))
                }
            } catch {
                skipped.append((file.path, "\(error)"))
            }
        }
        return (try EmbeddingLibrary(loaded, width: width), skipped)
    }

    /// All vectors stacked [Σn, width] (nil when empty): the text encoder's extra embedding rows.
    public var vectors: Tensor? {
        embeddings.isEmpty ? nil : Tensor.concatenate(embeddings.map(\.vectors), axis: 0)
    }

    /// What the chunker looks for: each name's token ids and the placeholder ids, counted from
    /// `vocabularySize`.
    public func triggers(tokenizer: CLIPTokenizer, vocabularySize: Int) -> [PromptEmbeddingTrigger] {
        var next = vocabularySize
        return embeddings.map { embedding in
            let count = embedding.vectors.shape[0]
            defer { next += count }
            return PromptEmbeddingTrigger(
                tokens: tokenizer.encodeWithoutSpecialTokens(embedding.name), placeholders: Array(next..<next + count))
        }
    }
}

extension StableDiffusionModel {
    /// This model with prompts that may name `library`'s embeddings (replacing any it had).
    public func withEmbeddings(_ library: EmbeddingLibrary) -> StableDiffusionModel {
        let encoder = PromptEncoder(tokenizer: prompts.chunker.tokenizer, textModel: prompts.textModel, embeddings: library)
        var model = StableDiffusionModel(name: name, prompts: encoder, unet: unet, vae: vae, scheduler: scheduler, isDemo: isDemo)
        model.addOns = addOns
        return model
    }

    /// The width embeddings must have for this model's text encoder.
    public var embeddingWidth: Int { prompts.textModel.configuration.hiddenSize }
}
