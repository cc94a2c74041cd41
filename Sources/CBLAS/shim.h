// OpenBLAS's CBLAS interface (Debian: libopenblas-dev), including openblas_set_num_threads.
// Only the Kernels target imports this.
#include <cblas.h>
