#ifndef TAGMINE_CSNDFILE_SHIM_H
#define TAGMINE_CSNDFILE_SHIM_H
#include <sndfile.h>

/// Sets the scale factor for float writes of integer formats (`sf_command` is variadic in spirit:
/// its data argument is untyped, which Swift cannot pass as a bool).
static inline int tagmine_sf_set_clipping(SNDFILE *file) {
    return sf_command(file, SFC_SET_CLIPPING, NULL, SF_TRUE);
}
#endif
