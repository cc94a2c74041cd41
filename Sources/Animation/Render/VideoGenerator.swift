import Foundation
import Imaging

/// Makes a whole video at once: AnimateDiff's motion module denoises every frame together. The
/// renderer calls `sample` once (unless a resume finds the latents already stored), then `decode`
/// for the frames not yet on disk. The command-line tool implements it with the AnimateDiff
/// pipeline; tests may use fakes.
public protocol VideoGenerator {
    /// The motion module's name, written into each frame's parameters.
    var motionModuleName: String { get }
    /// Samples the video `request` describes and stores its latents at `latents` (atomically).
    /// - Parameters:
    ///   - progress: called after each sampling step with (steps done, steps to run).
    ///   - shouldStop: asked after each step; true cancels (nothing is stored).
    /// - Throws: what stops the sampling; the renderer reports it and leaves the run resumable.
    func sample(_ request: VideoGenerationRequest, latents: URL, progress: (_ step: Int, _ total: Int) -> Void,
                shouldStop: () -> Bool) throws
    /// Whether `latents` holds the finished latents of `request`.
    func hasLatents(_ request: VideoGenerationRequest, at latents: URL) -> Bool
    /// Decodes `frames` (in order) of the latents stored at `latents`, handing each image over as
    /// soon as it is ready; stops early when `shouldStop` says so between frames.
    func decode(_ request: VideoGenerationRequest, latents: URL, frames: [Int], shouldStop: () -> Bool,
                onFrame: (Int, RGBImage) throws -> Void) throws
}

/// One AnimateDiff video: what every schedule gave at frame 0, and the prompt keys.
public struct VideoGenerationRequest: Sendable, Equatable, Codable {
    /// A prompt key: from `frame` on (positive and negative text, evaluated at that frame).
    public struct Key: Sendable, Equatable, Codable {
        public var frame: Int
        public var prompt: String
        public var negativePrompt: String
    }

    public var keys: [Key]
    public var frames: Int
    public var width: Int
    public var height: Int
    public var seed: Int64
    public var steps: Int
    public var cfg: Double
    /// The sampler name as the spec gives it (`ddim`, "DPM++ 2M Karras").
    public var sampler: String
    public var clipSkip: Int?
    public var settings: AnimationSpec.AnimateDiff
}
