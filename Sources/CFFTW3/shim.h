#ifndef TAGMINE_CFFTW3_SHIM_H
#define TAGMINE_CFFTW3_SHIM_H
// Only linked when Tagmine is built with TAGMINE_FFT=fftw (FFTW is GPL; the default build uses KissFFT).
#include <fftw3.h>
#endif
