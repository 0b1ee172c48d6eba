#ifndef TAGMINE_CLIBXML2_SHIM_H
#define TAGMINE_CLIBXML2_SHIM_H

/* Debian builds libxml2 with ICU, so encoding.h would include the system's <unicode/ucnv.h>, whose
 * declarations clash with the ICU copy Foundation bundles (_FoundationICU). Only the layout of
 * xmlCharEncodingHandler depends on it, and Tagmine never touches that struct. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/xmlreader.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/pattern.h>
#include <libxml/xmlerror.h>

/// xmlFree is a global function pointer in libxml2; Swift cannot call it directly.
static inline void tagmine_xml_free(void *pointer) { xmlFree(pointer); }

#endif
