#ifndef TAGMINE_CLIBXML2_SHIM_H
#define TAGMINE_CLIBXML2_SHIM_H

#include <libxml/xmlreader.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/pattern.h>
#include <libxml/xmlerror.h>

/// xmlFree is a global function pointer in libxml2; Swift cannot call it directly.
static inline void tagmine_xml_free(void *pointer) { xmlFree(pointer); }

#endif
