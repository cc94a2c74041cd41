// FFmpeg's libraries (Debian: libavformat-dev libavcodec-dev libswscale-dev libavutil-dev).
// Only the VideoIO target imports this.
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
#include <libavutil/avutil.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/channel_layout.h>
#include <libavutil/audio_fifo.h>
#include <libswresample/swresample.h>

/// Macros Swift cannot import, as functions.
static inline int zt_averror(int errnum) { return AVERROR(errnum); }
static inline int zt_averror_eof(void) { return AVERROR_EOF; }
static inline int64_t zt_nopts_value(void) { return AV_NOPTS_VALUE; }

/// An audio frame's samples into / out of an AVAudioFifo (Swift cannot cast `uint8_t **` to `void **`).
static inline int zt_fifo_write_frame(AVAudioFifo *fifo, const AVFrame *frame) {
    return av_audio_fifo_write(fifo, (void **)frame->extended_data, frame->nb_samples);
}
static inline int zt_fifo_read_frame(AVAudioFifo *fifo, AVFrame *frame, int samples) {
    return av_audio_fifo_read(fifo, (void **)frame->extended_data, samples);
}

/// Resamples `in` (NULL drains the resampler) into `out`'s buffers, up to `out->nb_samples`;
/// returns the samples produced per channel or a negative error.
static inline int zt_resample(SwrContext *swr, AVFrame *out, const AVFrame *in) {
    return swr_convert(swr, out->extended_data, out->nb_samples,
                       in ? (const uint8_t **)in->extended_data : NULL, in ? in->nb_samples : 0);
}
