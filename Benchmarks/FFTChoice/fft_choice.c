// make bench-fft: the real forward FFT Tagmine's STFT runs (n_fft 2048, float), KissFFT against
// FFTW3 (FFTW_MEASURE plan), on the same frames, in one run. FFTW is linked only here, never into
// Tagmine (it is GPL); this program is how we measured what KissFFT costs us.
#include <fftw3.h>
#include <kissfft/kiss_fftr.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/// Timed blocks of `frames` transforms per side.
enum { BLOCKS = 10 };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    const int n = argc > 1 ? atoi(argv[1]) : 2048;
    const int frames = 20000;
    float *in = fftwf_malloc(sizeof(float) * n);
    fftwf_complex *out = fftwf_malloc(sizeof(fftwf_complex) * (n / 2 + 1));
    kiss_fft_cpx *kout = malloc(sizeof(kiss_fft_cpx) * (n / 2 + 1));
    for (int i = 0; i < n; i++) in[i] = sinf(0.01f * i) + 0.5f * cosf(0.37f * i);

    fftwf_plan plan = fftwf_plan_dft_r2c_1d(n, in, out, FFTW_MEASURE);
    for (int i = 0; i < n; i++) in[i] = sinf(0.01f * i) + 0.5f * cosf(0.37f * i);
    kiss_fftr_cfg cfg = kiss_fftr_alloc(n, 0, NULL, NULL);

    // Each side's time is its fastest block: a slow spell on a shared machine (a neighbour on the
    // sibling hyperthread) lasts longer than a block, so some blocks of each side miss it.
    double sink = 0, kiss = 1e9, fftw = 1e9;
    for (int b = 0; b < BLOCKS; b++) {
        double start = now();
        for (int f = 0; f < frames; f++) { kiss_fftr(cfg, in, kout); sink += kout[f % (n / 2)].r; }
        double elapsed = now() - start;
        if (elapsed < kiss) kiss = elapsed;
        start = now();
        for (int f = 0; f < frames; f++) { fftwf_execute(plan); sink += out[f % (n / 2)][0]; }
        elapsed = now() - start;
        if (elapsed < fftw) fftw = elapsed;
    }

    double worst = 0;
    kiss_fftr(cfg, in, kout);
    fftwf_execute(plan);
    for (int k = 0; k <= n / 2; k++) {
        double dr = kout[k].r - out[k][0], di = kout[k].i - out[k][1];
        if (sqrt(dr * dr + di * di) > worst) worst = sqrt(dr * dr + di * di);
    }
    printf("real FFT n=%d, fastest of %d blocks of %d transforms (one core):\n", n, BLOCKS, frames);
    printf("  KissFFT 131 (BSD)    %6.2f us/transform\n", kiss / frames * 1e6);
    printf("  FFTW 3.3 (GPL)       %6.2f us/transform\n", fftw / frames * 1e6);
    printf("  FFTW is %.2fx faster; max |X_kiss - X_fftw| = %.2e  (checksum %.1f)\n", kiss / fftw, worst, sink);
    // For tagmine-bench-fft, which times Tagmine's own transform in the same run.
    FILE *times = fopen(argc > 2 ? argv[2] : "/dev/null", "w");
    if (times) {
        fprintf(times, "--kissfft %.3f --fftw %.3f\n", kiss / frames * 1e6, fftw / frames * 1e6);
        fclose(times);
    }
    free(cfg);
    free(kout);
    fftwf_destroy_plan(plan);
    fftwf_free(in);
    fftwf_free(out);
    return 0;
}
