import CFFmpeg

/// What this FFmpeg build can encode.
public enum Codecs {
    /// Whether FFmpeg has an encoder called `name` (e.g. `libx264`, `mpeg4`, `png`).
    public static func hasEncoder(named name: String) -> Bool {
        avcodec_find_encoder_by_name(name) != nil
    }
}
