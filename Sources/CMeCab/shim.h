#ifndef TAGMINE_CMECAB_SHIM_H
#define TAGMINE_CMECAB_SHIM_H

#include <mecab.h>

#endif
