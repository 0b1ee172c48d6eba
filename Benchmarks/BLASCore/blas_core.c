// `make bench-blas`: single-thread sgemm throughput of the OpenBLAS kernels the library picks by
// itself, against the ones Sources/COpenBLAS/shim.h selects for the CPU (the same shim, included
// here), in one run, on a product of the size a CNN layer multiplies (64 × 576 by 576 × 4096).
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../../Sources/COpenBLAS/shim.h"

static double gflops(void) {
    const int m = 64, n = 4096, k = 576, repeats = 50;
    float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n), *c = malloc(sizeof(float) * m * n);
    for (int i = 0; i < m * k; i++) a[i] = (float)(i % 7);
    for (int i = 0; i < k * n; i++) b[i] = (float)(i % 5);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, a, k, b, n, 0, c, n);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int r = 0; r < repeats; r++) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, a, k, b, n, 0, c, n);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    free(a), free(b), free(c);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    return 2.0 * m * n * k * repeats / seconds / 1e9;
}

int main(void) {
    openblas_set_num_threads(1);
    const char *own = openblas_get_corename();
    char first[64];
    snprintf(first, sizeof first, "%s", own);
    double before = gflops();
    const char *chosen = tagmine_openblas_core();
    double after = gflops();
    printf("OpenBLAS's own choice: %-10s %6.1f GFLOPS\n", first, before);
    printf("Tagmine's choice:      %-10s %6.1f GFLOPS\n", chosen, after);
    printf("speed-up: %.2fx\n", after / before);
    return 0;
}
