import Foundation
import Imaging
import VideoIO

/// The output folder of a render, and everything a resume needs to continue it:
///
/// ```
/// DIR/frame_00000.png …        the frames, PNG with A1111-style `parameters` text
/// DIR/settings.json             the resolved spec (seed drawn, video-input frame count set)
/// DIR/<name>.mp4                the video, built at the end from the frames present
/// DIR/.zoetrope/run.json        the first frame of the run
/// DIR/.zoetrope/diffused_000012.png   every diffusion's output, after colour matching
/// ```
///
/// Every file is written to a temporary name and renamed, so a crash never leaves a torn file.
/// Diffused images are kept because Deforum's written frames are cross-fades: continuing a run
/// exactly needs the images the fades were made from.
public struct RunFolder: Sendable {
    public let url: URL

    /// What `.zoetrope/run.json` records.
    struct Record: Codable, Equatable {
        var firstFrame: Int
        enum CodingKeys: String, CodingKey { case firstFrame = "first_frame" }
    }

    public init(url: URL) { self.url = url }

    public var settingsURL: URL { url.appendingPathComponent("settings.json") }
    var stateURL: URL { url.appendingPathComponent(".zoetrope", isDirectory: true) }
    var recordURL: URL { stateURL.appendingPathComponent("run.json") }

    /// The file of frame `index`.
    public func frameURL(_ index: Int) -> URL {
        url.appendingPathComponent(FrameSequence.fileName(index: index))
    }

    /// The stored output of the diffusion at `frame`.
    func diffusedURL(_ frame: Int) -> URL {
        stateURL.appendingPathComponent("diffused_" + String(format: "%06d", frame) + ".png")
    }

    /// The video's file: the folder's name with the codec's extension.
    public func videoURL(codec: VideoCodec) -> URL {
        url.appendingPathComponent(url.lastPathComponent + "." + codec.fileExtension)
    }

    /// Makes the folder for a new run and records its settings. The folder may exist but must not
    /// already hold a run.
    /// - Throws: `AnimationError.output` when the folder holds a run or cannot be written.
    func create(spec: AnimationSpec, firstFrame: Int) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: settingsURL.path) || manager.fileExists(atPath: recordURL.path) {
            throw AnimationError.output(path: url.path, detail: "already holds a run; continue it with --resume or choose another --output")
        }
        do {
            try manager.createDirectory(at: stateURL, withIntermediateDirectories: true)
        } catch {
            throw AnimationError.output(path: url.path, detail: "cannot create the folder")
        }
        try write(try spec.jsonData(), to: settingsURL)
        try write(try JSONEncoder().encode(Record(firstFrame: firstFrame)), to: recordURL)
    }

    /// The resolved spec and first frame of the run in this folder.
    /// - Throws: `AnimationError.output` when the folder holds no Zoetrope run.
    func open() throws -> (spec: AnimationSpec, firstFrame: Int) {
        guard let recordData = try? Data(contentsOf: recordURL),
              let record = try? JSONDecoder().decode(Record.self, from: recordData) else {
            throw AnimationError.output(path: url.path, detail: "holds no Zoetrope run to resume (no .zoetrope/run.json)")
        }
        guard let data = try? Data(contentsOf: settingsURL) else {
            throw AnimationError.output(path: url.path, detail: "settings.json is missing")
        }
        let loaded = try AnimationSpec.load(data, file: settingsURL.path)
        return (loaded.spec, record.firstFrame)
    }

    /// Writes `data` to `destination` through a temporary file and a rename.
    func write(_ data: Data, to destination: URL) throws {
        do {
            try data.write(to: destination, options: .atomic)
        } catch {
            throw AnimationError.output(path: destination.path, detail: "cannot be written")
        }
    }

    /// Whether frame `index` is on disk.
    func hasFrame(_ index: Int) -> Bool {
        FileManager.default.fileExists(atPath: frameURL(index).path)
    }

    /// The stored output of the diffusion at `frame`, if it is on disk and readable.
    func storedDiffusion(_ frame: Int, width: Int, height: Int) -> RGBImage? {
        guard FileManager.default.fileExists(atPath: diffusedURL(frame).path),
              let image = try? ImageFile.read(diffusedURL(frame)), image.width == width, image.height == height else { return nil }
        return image
    }

    /// Frame `index` as written, if it is on disk and readable at this size.
    func storedFrame(_ index: Int, width: Int, height: Int) -> RGBImage? {
        guard let image = try? ImageFile.read(frameURL(index)), image.width == width, image.height == height else { return nil }
        return image
    }

    /// The frame numbers on disk, in order.
    public func framesPresent() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("frame_"), name.hasSuffix(".png") else { return nil }
            return Int(name.dropFirst(6).dropLast(4))
        }.sorted()
    }

    /// Encodes the frames present, in order, to the spec's video (with its soundtrack), and
    /// returns the video's URL, or nil when the spec asks for none or there are no frames.
    /// - Throws: `VideoIOError` from the encoder, `AnimationError.output` for a bad soundtrack.
    public func buildVideo(spec: AnimationSpec) throws -> URL? {
        let frames = framesPresent()
        guard spec.output.video, !frames.isEmpty else { return nil }
        let codec = try VideoCodec.named(spec.output.codec)
        let destination = videoURL(codec: codec)
        let soundtrack = spec.output.soundtrack.map { URL(fileURLWithPath: $0) }
            ?? (spec.mode == .videoInput && spec.videoInput.soundtrack ? spec.videoInput.path.map { URL(fileURLWithPath: $0) } : nil)
        if let soundtrack { try SoundtrackMuxer.checkAudio(soundtrack, for: codec) }
        let videoOnly = soundtrack == nil ? destination : stateURL.appendingPathComponent("video-only." + codec.fileExtension)
        defer { if soundtrack != nil { try? FileManager.default.removeItem(at: videoOnly) } }
        let first = try ImageFile.read(frameURL(frames[0]))
        let writer = try VideoWriter(url: videoOnly, codec: codec, width: first.width, height: first.height,
                                     fps: try FrameRate(spec.fps), crf: spec.output.crf)
        for (position, index) in frames.enumerated() {
            try writer.append(position == 0 ? first : try ImageFile.read(frameURL(index)))
        }
        try writer.finish()
        if let soundtrack {
            try SoundtrackMuxer.mux(video: videoOnly, audio: soundtrack, output: destination, codec: codec)
        }
        return destination
    }
}
