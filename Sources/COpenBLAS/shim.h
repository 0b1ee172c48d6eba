#ifndef TAGMINE_COPENBLAS_SHIM_H
#define TAGMINE_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
