import ArgumentParser
import Foundation
import StableDiffusion

extension Zoetrope {
    /// `zoetrope txt2img`: one image from a prompt, as diffusers' `StableDiffusionPipeline` makes it.
    struct Txt2Img: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "txt2img", abstract: "Generates an image from a prompt.")

        @OptionGroup var options: GenerationOptions

        func run() throws {
            let request = try options.request()
            try Generation.run(request, options: options)
        }
    }
}
