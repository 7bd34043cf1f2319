/* attrs.h - compiler attributes shared by the headers. */
#ifndef VB_ATTRS_H
#define VB_ATTRS_H

/* printf-style checking.  On Windows the build uses mingw's C99 printf
 * (__USE_MINGW_ANSI_STDIO: %zu, %lld, two-digit exponents), which GCC
 * checks as gnu_printf; plain "printf" there means Microsoft's. */
#ifdef __MINGW32__
#define VB_PRINTF(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#else
#define VB_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#endif

#endif
