/*
 * intl-stub.c - the five libintl calls glib makes, without translations,
 * for the Windows cross-build only.  glib requires libintl and falls back
 * to its proxy-libintl subproject, a download this build cannot make;
 * the daemon shows no glib message to users (they go to our log), so
 * untranslated text is all it needs.  Not linked into the Linux daemon.
 */
#include <stddef.h>

char *
gettext(const char *msgid)
{
	return (char *)msgid;
}

char *
dgettext(const char *domain, const char *msgid)
{
	(void)domain;
	return (char *)msgid;
}

char *
dcgettext(const char *domain, const char *msgid, int category)
{
	(void)domain;
	(void)category;
	return (char *)msgid;
}

char *
ngettext(const char *msgid, const char *plural, unsigned long n)
{
	return (char *)(n == 1 ? msgid : plural);
}

char *
dngettext(const char *domain, const char *msgid, const char *plural,
    unsigned long n)
{
	(void)domain;
	return (char *)(n == 1 ? msgid : plural);
}

char *
dcngettext(const char *domain, const char *msgid, const char *plural,
    unsigned long n, int category)
{
	(void)domain;
	(void)category;
	return (char *)(n == 1 ? msgid : plural);
}

char *
textdomain(const char *domain)
{
	return (char *)(domain != NULL ? domain : "messages");
}

char *
bindtextdomain(const char *domain, const char *dir)
{
	(void)domain;
	return (char *)dir;
}

char *
bind_textdomain_codeset(const char *domain, const char *codeset)
{
	(void)domain;
	return (char *)codeset;
}
