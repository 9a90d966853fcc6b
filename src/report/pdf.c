/* pdf.c — the PDF plumbing the reports share (pdf.h). */
#include "pdf.h"
#include "../base/mem.h"
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* fontconfig reads its configuration and scans the fonts once for the
 * process; pango and cairo objects are made per call (a font map is not to
 * be shared between threads), so concurrent renders share nothing else. */
static pthread_once_t fonts_once = PTHREAD_ONCE_INIT;
static bool fonts_ready;

static void fonts_init(void)
{
	fonts_ready = FcInit();
}

/* The same fontconfig leak that tests/valgrind/fontconfig.supp names, for
 * LeakSanitizer in the sanitized build: one block lost while fontconfig
 * parses its configuration, once per process. LeakSanitizer asks for this
 * function by name in every program that has it linked in. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PDF_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(PDF_UNDER_ASAN)
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}
#endif

static cairo_status_t write_to_growing(void *closure, const unsigned char *data, unsigned int length)
{
	struct pdf_growing *g = closure;
	if (g->len + length > g->cap) {
		size_t cap = g->cap ? g->cap : 64 * 1024;
		while (cap < g->len + length) cap *= 2;
		g->data = xrealloc(g->data, cap);
		g->cap = cap;
	}
	memcpy(g->data + g->len, data, length);
	g->len += length;
	return CAIRO_STATUS_SUCCESS;
}

int pdf_begin(struct pdf_out *o, double width, double height, const char *title, struct err *e)
{
	memset(o, 0, sizeof *o);
	pthread_once(&fonts_once, fonts_init);
	if (!fonts_ready) return err_set(e, ERR_INTERNAL, "Typsnitten för PDF-filen kunde inte läsas in.");
	o->surface = cairo_pdf_surface_create_for_stream(write_to_growing, &o->bytes, width, height);
	cairo_pdf_surface_set_metadata(o->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(o->surface, CAIRO_PDF_METADATA_CREATOR, "Samsyn");
	o->cr = cairo_create(o->surface);
	o->fonts = pango_cairo_font_map_new();
	o->pango = pango_font_map_create_context(o->fonts);
	/* Positions as designed, not snapped to a screen's pixels. */
	cairo_font_options_t *options = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(o->pango, options);
	cairo_font_options_destroy(options);
	pango_context_set_round_glyph_positions(o->pango, FALSE);
	pango_cairo_update_context(o->cr, o->pango);
	return 0;
}

int pdf_end(struct pdf_out *o, unsigned char **pdf, size_t *len, const char *what, struct err *e)
{
	g_object_unref(o->pango);
	g_object_unref(o->fonts);
	cairo_destroy(o->cr);
	cairo_surface_finish(o->surface);
	cairo_status_t status = cairo_surface_status(o->surface);
	cairo_surface_destroy(o->surface);
	*pdf = NULL;
	*len = 0;
	if (status != CAIRO_STATUS_SUCCESS) {
		free(o->bytes.data);
		return err_set(e, ERR_INTERNAL, "%s kunde inte skapas (%s).", what, cairo_status_to_string(status));
	}
	*pdf = o->bytes.data;
	*len = o->bytes.len;
	return 0;
}
