/*
 * sheet_font.c - the sheets' typeface, DejaVu Sans (regular and bold,
 * daemon/export/fonts/, licence beside them), built into the binary and
 * handed to cairo through FreeType from memory.  No fontconfig lookup and
 * no system font is involved, so a page looks the same from a dev build,
 * the Linux bundle and the Windows build.
 *
 * The faces are made once per process and kept (cairo caches scaled
 * fonts by face; freeing the FreeType face under it would be a
 * use-after-free), which leak checkers see as still reachable.
 */
#ifdef VB_HAVE_SHEETS

#include <ft2build.h>
#include FT_FREETYPE_H
#include <cairo-ft.h>

#include "sheet_draw.h"

#ifndef VB_FONT_DIR
#define VB_FONT_DIR "daemon/export/fonts"
#endif

/*
 * The font files as read-only data.  .incbin works with the GNU
 * assembler on ELF and PE (mingw) alike; the path is relative to the
 * directory make runs the compiler in (the checkout).  The Makefile makes
 * this object depend on the .ttf files.
 */
__asm__(
    ".section .rodata\n"
    ".balign 16\n"
    ".globl vb_font_regular, vb_font_regular_end, vb_font_bold, vb_font_bold_end\n"
    "vb_font_regular:\n"
    ".incbin \"" VB_FONT_DIR "/DejaVuSans.ttf\"\n"
    "vb_font_regular_end:\n"
    ".balign 16\n"
    "vb_font_bold:\n"
    ".incbin \"" VB_FONT_DIR "/DejaVuSans-Bold.ttf\"\n"
    "vb_font_bold_end:\n"
    ".text\n");

extern const unsigned char vb_font_regular[], vb_font_regular_end[];
extern const unsigned char vb_font_bold[], vb_font_bold_end[];

static FT_Library library;
static cairo_font_face_t *faces[2];
static int tried;

cairo_font_face_t *
sheet_font_face(int bold)
{
	if (!tried) {
		tried = 1;
		/*
		 * A static cairo on Windows has no DllMain to set up its
		 * mutexes; it does so lazily when a pattern is made, but
		 * cairo_ft_font_face_create_for_ft_face locks its font map
		 * without that and waits for ever on a zeroed critical
		 * section.  Making a pattern first sets them up (elsewhere it
		 * costs nothing).
		 */
		cairo_pattern_destroy(cairo_pattern_create_rgb(0, 0, 0));
		if (FT_Init_FreeType(&library) != 0)
			return NULL;
		for (int i = 0; i < 2; i++) {
			FT_Face face;
			const unsigned char *from = i ? vb_font_bold : vb_font_regular;
			long len = (long)((i ? vb_font_bold_end : vb_font_regular_end) -
			    from);
			if (FT_New_Memory_Face(library, from, len, 0, &face) != 0)
				return NULL;
			faces[i] = cairo_ft_font_face_create_for_ft_face(face, 0);
			if (cairo_font_face_status(faces[i]) != CAIRO_STATUS_SUCCESS) {
				faces[i] = NULL;
				return NULL;
			}
		}
	}
	return faces[bold ? 1 : 0];
}

#endif
