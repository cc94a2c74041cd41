// OpenBLAS's CBLAS interface (Debian: libopenblas-dev), including openblas_set_num_threads.
// Only the Kernels target imports this.
#include <cblas.h>

// Cache prefetch hints for the kernels, which Swift cannot express itself (clang's builtin, kept
// in the one C header the kernels import). Hints only: they never change a result.
static inline void zoetrope_prefetch_read(const void *address) { __builtin_prefetch(address, 0, 3); }
static inline void zoetrope_prefetch_write(const void *address) { __builtin_prefetch(address, 1, 3); }
