import Foundation
import StableDiffusion

/// Loads the model a command was given, or the built-in demo model (saying so on stderr), with the
/// textual-inversion embeddings of `embeddings` (skipped files are named on stderr).
enum ModelLoading {
    static func load(path: String?, vae: String?, embeddings: String? = nil, quiet: Bool) throws -> StableDiffusionModel {
        var model: StableDiffusionModel
        if let path {
            let started = Date()
            model = try StableDiffusionModel.load(path: path, vaePath: vae)
            if !quiet { Console.note(String(format: "loaded %@ in %.1f s", model.name, Date().timeIntervalSince(started))) }
        } else {
            Console.note("no --model given: using the built-in demo model (SD1.5 architecture, tiny, random weights; its images are noise)")
            model = try StableDiffusionModel.demo()
        }
        guard let embeddings else { return model }
        let (library, skipped) = try EmbeddingLibrary.load(directory: embeddings, width: model.embeddingWidth)
        for (file, reason) in skipped { Console.note("skipped embedding \(file): \(reason)") }
        return model.withEmbeddings(library)
    }
}
