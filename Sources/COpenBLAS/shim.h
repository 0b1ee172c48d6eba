#ifndef TAGMINE_COPENBLAS_SHIM_H
#define TAGMINE_COPENBLAS_SHIM_H
#include <cblas.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// OpenBLAS's DYNAMIC_ARCH entry points (exported by Debian's libopenblas, not declared in cblas.h).
char *openblas_get_corename(void);
void gotoblas_dynamic_init(void);
void gotoblas_dynamic_quit(void);
int blas_thread_shutdown_(void);

// One flag for the whole process: weak, so every module including this header shares it.
__attribute__((weak)) pthread_once_t tagmine_openblas_once = PTHREAD_ONCE_INIT;

static inline void tagmine_openblas_setup(void) {
    // OpenBLAS 0.3.21 (Debian 12) does not recognise newer Xeons (a VM's "Intel Xeon Processor")
    // and falls back to its SSE3 Prescott kernels: sgemm at 19 GFLOPS instead of 99 with the
    // AVX-512 ones (`make bench-blas`). Pick the kernels the CPU supports, unless the user chose.
    if (getenv("OPENBLAS_CORETYPE") == NULL && strcmp(openblas_get_corename(), "Prescott") == 0) {
        __builtin_cpu_init();
        const char *core = NULL;
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
            __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")) {
            core = "SkylakeX";
        } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
            core = "Haswell";
        }
        if (core != NULL) {
            gotoblas_dynamic_quit();
            setenv("OPENBLAS_CORETYPE", core, 1);
            gotoblas_dynamic_init();
            unsetenv("OPENBLAS_CORETYPE");
        }
    }
    // One thread: callers run their own tasks on every core. The worker threads OpenBLAS started
    // when it loaded would otherwise spin in sched_yield for a while, taking a core from them.
    openblas_set_num_threads(1);
    blas_thread_shutdown_();
}

/// Chooses OpenBLAS's kernels and its thread count once per process, before its first product.
static inline void tagmine_openblas_prepare(void) {
    pthread_once(&tagmine_openblas_once, tagmine_openblas_setup);
}

/// The kernels OpenBLAS runs ("SkylakeX", "Haswell", "Prescott", …).
static inline const char *tagmine_openblas_core(void) {
    tagmine_openblas_prepare();
    return openblas_get_corename();
}
#endif
