/* text_table.c - aligned text tables measured in terminal cells. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "text_table.h"
#include "../core/platform.h"

/* Decodes one UTF-8 code point at s; returns its length (1 on bad bytes,
 * with *cp = 0xFFFD). */
static size_t
utf8_decode(const unsigned char *s, unsigned *cp)
{
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		n = 2;
		*cp = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3;
		*cp = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4;
		*cp = s[0] & 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return n;
}

/* Terminal cells a UTF-8 string takes (invalid bytes count 1). */
static size_t
text_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t w = 0;

	while (*s) {
		unsigned cp;
		s += utf8_decode(s, &cp);
		int cw = platform_char_width(cp);
		w += cw < 0 ? 1 : (size_t)cw;
	}
	return w;
}

void
table_init(struct table *t, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols < TABLE_MAX_COLS ? ncols : TABLE_MAX_COLS;
}

int
table_add(struct table *t, const char *const *cells)
{
	char **nc = realloc(t->cells, (t->nrows + 1) * t->ncols * sizeof *nc);

	if (nc == NULL)
		return -1;
	t->cells = nc;
	for (size_t c = 0; c < t->ncols; c++) {
		const char *v = cells[c] ? cells[c] : "";
		/* A control character (a newline in a name) would break the
		 * table: show it as a space. */
		char *copy = strdup(v);
		if (copy == NULL)
			copy = strdup("");
		for (char *p = copy; p && *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = ' ';
		t->cells[t->nrows * t->ncols + c] = copy;
	}
	t->nrows++;
	return 0;
}

void
table_print(const struct table *t, FILE *f, const char *indent)
{
	size_t width[TABLE_MAX_COLS] = { 0 };

	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t w = text_width(t->cells[r * t->ncols + c]);
			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		fputs(indent, f);
		if (r == 0)
			fputs(cli_style("1"), f);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = t->cells[r * t->ncols + c];
			size_t pad = width[c] - text_width(v);
			int last = c + 1 == t->ncols;
			if (t->right[c])
				fprintf(f, "%*s%s", (int)pad, "", v);
			else
				fprintf(f, "%s%*s", v, last ? 0 : (int)pad, "");
			if (!last)
				fputs("  ", f);
		}
		if (r == 0)
			fputs(cli_unstyle(), f);
		fputc('\n', f);
	}
}

void
table_fini(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}
