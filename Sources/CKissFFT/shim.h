#ifndef TAGMINE_CKISSFFT_SHIM_H
#define TAGMINE_CKISSFFT_SHIM_H
// Debian's libkissfft-float is built with float samples (its pkg-config file says so; SwiftPM refuses its -D flags).
#ifndef kiss_fft_scalar
#define kiss_fft_scalar float
#endif
#include <kissfft/kiss_fftr.h>
#include <stdlib.h>

/// `kiss_fftr_free` is a macro for the allocator's free; Swift calls this instead.
static inline void tagmine_kiss_fftr_free(kiss_fftr_cfg cfg) { KISS_FFT_FREE(cfg); }
#endif
