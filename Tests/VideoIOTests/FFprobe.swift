import Foundation

/// What the `ffprobe` program says about a file's first video (or audio) stream — used only to
/// check files VideoIO wrote, never to produce anything.
struct FFprobe {
    let formatName: String
    let codecName: String
    let width: Int
    let height: Int
    let pixelFormat: String
    let frameRate: String
    let averageFrameRate: String
    let frameCount: Int
    let duration: Double
    let audioCodec: String?
    let audioDuration: Double?
    let audioSampleRate: Int?

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/ffprobe") }

    init(_ url: URL) throws {
        let json = try Self.run(["-v", "error", "-count_frames", "-show_format", "-show_streams", "-of", "json", url.path])
        let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:]
        let streams = object["streams"] as? [[String: Any]] ?? []
        let video = streams.first { $0["codec_type"] as? String == "video" } ?? [:]
        let audio = streams.first { $0["codec_type"] as? String == "audio" }
        let format = object["format"] as? [String: Any] ?? [:]
        formatName = format["format_name"] as? String ?? ""
        codecName = video["codec_name"] as? String ?? ""
        width = video["width"] as? Int ?? 0
        height = video["height"] as? Int ?? 0
        pixelFormat = video["pix_fmt"] as? String ?? ""
        frameRate = video["r_frame_rate"] as? String ?? ""
        averageFrameRate = video["avg_frame_rate"] as? String ?? ""
        frameCount = Int(video["nb_read_frames"] as? String ?? "") ?? -1
        duration = Double(video["duration"] as? String ?? format["duration"] as? String ?? "") ?? -1
        audioCodec = audio?["codec_name"] as? String
        audioDuration = (audio?["duration"] as? String).flatMap(Double.init)
        audioSampleRate = (audio?["sample_rate"] as? String).flatMap { Int($0) }
    }

    /// The samples per channel the first audio stream decodes to, after the codec's priming
    /// samples are skipped (WebM states no stream duration; this is its audible length).
    static func decodedAudioSamples(_ url: URL) throws -> Int {
        let json = try run(["-v", "error", "-select_streams", "a:0", "-show_frames",
                            "-show_entries", "frame=nb_samples", "-of", "json", url.path])
        let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:]
        let frames = object["frames"] as? [[String: Any]] ?? []
        return frames.reduce(0) { $0 + ($1["nb_samples"] as? Int ?? 0) }
    }

    private static func run(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
