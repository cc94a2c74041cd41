import Foundation
import ModelIO
import StableDiffusion
import VideoIO

/// The body txt2img and img2img share: load, generate with progress, write the PNG (with A1111
/// parameters) and the optional latent, never leaving a partial file.
enum Generation {
    static func run(_ request: GenerationRequest, options: GenerationOptions) throws {
        let output = URL(fileURLWithPath: options.output)
        let directory = output.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw UserError("cannot write \(output.path): folder \(directory.path) does not exist")
        }
        let model = try ModelLoading.load(
            path: options.modelOptions.model, vae: options.modelOptions.vae,
            embeddings: options.modelOptions.embeddingsDirectory, quiet: options.quiet)
        let pipeline = StableDiffusionPipeline(model: model)
        let started = Date()
        let result = try pipeline.generate(request) { progress in
            if !options.quiet {
                Console.progress("sampling", done: progress.step, total: progress.totalSteps, started: started)
            }
            return .proceed
        }
        let text = GenerationParameters.text(
            for: request, modelName: model.name, modelHash: options.modelOptions.model.flatMap(ModelHash.autoV2(path:)))
        try writeAtomically(output) { try ImageFile.write(result.image, to: $0, text: ["parameters": text]) }
        if let latentsOut = options.latentsOut {
            let url = URL(fileURLWithPath: latentsOut)
            try writeAtomically(url) {
                try SafetensorsWriter.write(["latents": result.latents], metadata: ["parameters": text], to: $0.path)
            }
        }
        if !options.quiet {
            Console.note(String(format: "wrote %@ (%d×%d) in %.1f s", output.path, request.width, request.height, Date().timeIntervalSince(started)))
        }
    }

    /// Writes through a temporary file beside `url`, renamed into place only when complete.
    static func writeAtomically(_ url: URL, _ write: (URL) throws -> Void) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial.\(ProcessInfo.processInfo.processIdentifier).\(url.pathExtension)")
        do {
            try write(temporary)
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
