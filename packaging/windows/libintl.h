/* libintl.h - declarations for intl-stub.c (Windows cross-build only). */
#ifndef VB_LIBINTL_STUB_H
#define VB_LIBINTL_STUB_H
#include <locale.h>
/* Windows has no LC_MESSAGES; GNU libintl.h defines it so, and glib
 * uses it. */
#ifndef LC_MESSAGES
#define LC_MESSAGES 1729
#endif
char *gettext(const char *msgid);
char *dgettext(const char *domain, const char *msgid);
char *dcgettext(const char *domain, const char *msgid, int category);
char *ngettext(const char *msgid, const char *plural, unsigned long n);
char *dngettext(const char *domain, const char *msgid, const char *plural,
    unsigned long n);
char *dcngettext(const char *domain, const char *msgid, const char *plural,
    unsigned long n, int category);
char *textdomain(const char *domain);
char *bindtextdomain(const char *domain, const char *dir);
char *bind_textdomain_codeset(const char *domain, const char *codeset);
#endif
