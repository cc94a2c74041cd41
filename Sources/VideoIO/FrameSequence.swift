import Foundation
import Imaging

/// A folder of numbered frames, `frame_00000.png`, `frame_00001.png`, … — what `render` writes and
/// `encode` reads. Reading sorts by the number in each name (so `frame_10` follows `frame_9`).
public struct FrameSequence: Sendable {
    public let folder: URL
    /// The frame files in order.
    public let files: [URL]

    /// The file extensions read as frames.
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "webp"]

    /// The image files in `folder`, sorted by the last run of digits in their names, then by name.
    public init(folder: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw VideoIOError.unreadableFile(path: folder.path, reason: "not a folder")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw VideoIOError.unreadableFile(path: folder.path, reason: "cannot list the folder")
        }
        let frames = names.filter { !$0.hasPrefix(".") && Self.imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
        guard !frames.isEmpty else { throw VideoIOError.emptyFrameFolder(path: folder.path) }
        self.folder = folder
        files = frames
            .sorted { (Self.frameNumber($0) ?? -1, $0) < (Self.frameNumber($1) ?? -1, $1) }
            .map { folder.appendingPathComponent($0) }
    }

    /// The file name of frame `index`: `frame_00042.png`.
    public static func fileName(index: Int) -> String {
        "frame_" + String(format: "%05d", index) + ".png"
    }

    /// Writes `image` as frame `index` of `folder` with PNG text metadata; returns its URL.
    @discardableResult
    public static func write(_ image: RGBImage, index: Int, to folder: URL, text: [String: String] = [:]) throws -> URL {
        let url = folder.appendingPathComponent(fileName(index: index))
        try ImageFile.write(image, to: url, text: text)
        return url
    }

    /// The last run of digits in `name`'s stem, e.g. 12 for `frame_00012.png`.
    static func frameNumber(_ name: String) -> Int? {
        let stem = (name as NSString).deletingPathExtension
        guard let last = stem.lastIndex(where: \.isNumber) else { return nil }
        var first = last
        while first > stem.startIndex, stem[stem.index(before: first)].isNumber { first = stem.index(before: first) }
        return Int(stem[first...last])
    }

    /// Encodes every frame, in order, to `output`; frames must all have the first frame's size.
    /// Reports progress as (frames done, total) after each frame.
    public func encode(
        to output: URL, codec: VideoCodec, fps: FrameRate, crf: Int? = nil,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> VideoWriter {
        let first = try ImageFile.read(files[0])
        let writer = try VideoWriter(url: output, codec: codec, width: first.width, height: first.height, fps: fps, crf: crf)
        for (index, file) in files.enumerated() {
            let image = index == 0 ? first : try ImageFile.read(file)
            guard image.width == first.width, image.height == first.height else {
                throw VideoIOError.frameSizeMismatch(
                    path: file.path, expected: "\(first.width)×\(first.height)", found: "\(image.width)×\(image.height)")
            }
            try writer.append(image)
            progress(index + 1, files.count)
        }
        try writer.finish()
        return writer
    }
}
