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
