import ArgumentParser
import Foundation
import Imaging
import StableDiffusion
import VideoIO

extension Zoetrope {
    /// `zoetrope img2img`: an image redrawn from a starting image, as diffusers'
    /// `StableDiffusionImg2ImgPipeline` does it.
    struct Img2Img: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "img2img", abstract: "Redraws an image from a prompt.",
            discussion: "The init image (any format FFmpeg decodes) is scaled to cover --width×--height and centre-cropped.")

        @Option(help: "The starting image.")
        var initImage: String

        @Option(help: "How much to change it: 0 keeps it, 1 ignores it.")
        var strength: Double = 0.75

        @OptionGroup var options: GenerationOptions

        func run() throws {
            var request = try options.request()
            guard strength >= 0, strength <= 1 else { throw UserError("--strength \(strength) must be within [0, 1]") }
            request.strength = strength
            let image = try ImageFile.read(URL(fileURLWithPath: initImage))
            if image.width != request.width || image.height != request.height {
                if !options.quiet {
                    Console.note("init image \(image.width)×\(image.height) scaled to cover \(request.width)×\(request.height) and centre-cropped")
                }
                request.initImage = image.resizedAndCropped(width: request.width, height: request.height)
            } else {
                request.initImage = image
            }
            try Generation.run(request, options: options)
        }
    }
}
