/* version.h - the version baked in at build time (VERSION file) and the
 * protocol version clients check. */
#ifndef VB_VERSION_H
#define VB_VERSION_H

#ifndef VB_VERSION
#define VB_VERSION "0.0.0-unknown"
#endif
#define VB_VERSION_STRING VB_VERSION
/* Bumped on an incompatible protocol change (major) or an addition. */
#define VB_PROTOCOL_VERSION "1.0"

#endif
