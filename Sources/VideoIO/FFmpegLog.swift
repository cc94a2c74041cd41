import CFFmpeg

/// FFmpeg's own logging, turned off: VideoIO reports every failure through its errors, and a
/// library must not write to the user's stderr.
enum FFmpegLog {
    /// Evaluated once, on first use by any VideoIO entry point.
    static let silenced: Void = av_log_set_level(AV_LOG_QUIET)
}
