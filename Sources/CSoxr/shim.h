#ifndef TAGMINE_CSOXR_SHIM_H
#define TAGMINE_CSOXR_SHIM_H
#include <soxr.h>
#endif
