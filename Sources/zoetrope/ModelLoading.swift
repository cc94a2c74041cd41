import Foundation
import StableDiffusion

/// Loads the model a command was given, or the built-in demo model (saying so on stderr).
enum ModelLoading {
    static func load(path: String?, vae: String?, quiet: Bool) throws -> StableDiffusionModel {
        guard let path else {
            Console.note("no --model given: using the built-in demo model (SD1.5 architecture, tiny, random weights; its images are noise)")
            return try StableDiffusionModel.demo()
        }
        let started = Date()
        let model = try StableDiffusionModel.load(path: path, vaePath: vae)
        if !quiet { Console.note(String(format: "loaded %@ in %.1f s", model.name, Date().timeIntervalSince(started))) }
        return model
    }
}
