import CFFmpeg

/// The video formats `VideoWriter` makes: each names its FFmpeg encoder, container and pixel format.
/// Defaults follow Deforum's ffmpeg call for H.264 (`libx264 -pix_fmt yuv420p -crf 17 -preset slow`).
public enum VideoCodec: String, CaseIterable, Sendable {
    /// MP4 / H.264 (libx264, yuv420p, CRF 17, preset slow, `+faststart`).
    case h264
    /// MP4 / H.265 (libx265, yuv420p, CRF, preset medium, tagged `hvc1` for Apple players).
    case hevc
    /// WebM / VP9 (libvpx-vp9, yuv420p, constant quality CRF).
    case vp9
    /// MOV / Apple ProRes 422 HQ (prores_ks, yuv422p10le).
    case prores
    /// GIF (pal8 with a median-cut palette per video and Floyd–Steinberg dithering).
    case gif
    /// Animated WebP (libwebp_anim, lossy quality derived from CRF, looping).
    case webp

    /// FFmpeg's encoder name.
    public var encoderName: String {
        switch self {
        case .h264: "libx264"
        case .hevc: "libx265"
        case .vp9: "libvpx-vp9"
        case .prores: "prores_ks"
        case .gif: "gif"
        case .webp: "libwebp_anim"
        }
    }

    /// FFmpeg's muxer name.
    public var containerName: String {
        switch self {
        case .h264, .hevc: "mp4"
        case .vp9: "webm"
        case .prores: "mov"
        case .gif: "gif"
        case .webp: "webp"
        }
    }

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .h264, .hevc: "mp4"
        case .vp9: "webm"
        case .prores: "mov"
        case .gif: "gif"
        case .webp: "webp"
        }
    }

    /// The default constant-quality setting (`--crf`); lower is better.
    public var defaultCRF: Int {
        switch self {
        case .h264: 17
        case .hevc: 20
        case .vp9: 24
        case .prores, .gif: 0
        case .webp: 10
        }
    }

    /// The pixel format frames are encoded in.
    var pixelFormat: AVPixelFormat {
        switch self {
        case .h264, .hevc, .vp9: AV_PIX_FMT_YUV420P
        case .prores: AV_PIX_FMT_YUV422P10LE
        case .gif: AV_PIX_FMT_PAL8
        case .webp: AV_PIX_FMT_YUV420P
        }
    }

    /// Whether width and height must be even (4:2:0 chroma subsampling in the codec or container).
    var needsEvenSize: Bool {
        switch self {
        case .h264, .hevc, .vp9: true
        case .prores, .gif, .webp: false
        }
    }

    /// The encoder's private options for quality `crf`.
    func encoderOptions(crf: Int) -> [String: String] {
        switch self {
        case .h264: ["crf": "\(crf)", "preset": "slow"]
        case .hevc: ["crf": "\(crf)", "preset": "medium", "x265-params": "log-level=error"]
        case .vp9: ["crf": "\(crf)", "row-mt": "1", "deadline": "good", "cpu-used": "4"]
        case .prores: ["profile": "3"]
        case .gif: [:]
        case .webp: ["quality": "\(max(0, 100 - crf))"]
        }
    }

    /// The muxer's options: MP4/MOV put the index first (`+faststart`) so players can start at
    /// once; animated WebP and GIF loop forever.
    var muxerOptions: [String: String] {
        switch self {
        case .h264, .hevc, .prores: ["movflags": "+faststart"]
        case .webp, .gif: ["loop": "0"]
        case .vp9: [:]
        }
    }

    /// Whether this FFmpeg build has the encoder and the muxer.
    public var isAvailable: Bool {
        avcodec_find_encoder_by_name(encoderName) != nil && av_guess_format(containerName, nil, nil) != nil
    }

    /// The formats this FFmpeg build can write.
    public static var available: [VideoCodec] { allCases.filter(\.isAvailable) }

    /// The codec called `name` (`h264`, `hevc`/`h265`, `vp9`, `prores`, `gif`, `webp`), or an error
    /// listing the ones this FFmpeg build has.
    public static func named(_ name: String) throws -> VideoCodec {
        let aliases: [String: VideoCodec] = ["h265": .hevc, "x264": .h264, "libx264": .h264, "libx265": .hevc]
        guard let codec = VideoCodec(rawValue: name.lowercased()) ?? aliases[name.lowercased()], codec.isAvailable else {
            throw VideoIOError.unknownCodec(name: name, available: available.map(\.rawValue))
        }
        return codec
    }

    /// The codec a file name implies by its extension (`.mp4` → h264, `.webm` → vp9, …), if any.
    public static func forExtension(_ pathExtension: String) -> VideoCodec? {
        switch pathExtension.lowercased() {
        case "mp4", "m4v": .h264
        case "webm": .vp9
        case "mov": .prores
        case "gif": .gif
        case "webp": .webp
        default: nil
        }
    }
}
