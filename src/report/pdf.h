/* pdf.h — what the PDFs of src/report share (the diplomas, the joint plan's
 * document): fontconfig set up once per process, a cairo PDF surface that
 * writes into memory, and a pango context laid out for print (positions as
 * designed, not snapped to a screen's pixels). No SQL, no HTTP. Each call
 * makes its own objects, so several threads may render at once. */
#ifndef SAMSYN_REPORT_PDF_H
#define SAMSYN_REPORT_PDF_H
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stddef.h>
#include "../base/err.h"

struct pdf_growing {
	unsigned char *data;
	size_t len, cap;
};

struct pdf_out {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fonts;
	PangoContext *pango;
	struct pdf_growing bytes;
};

/* A PDF of pages width × height points with the title in its metadata.
 * 0, or ERR_INTERNAL in e when the fonts cannot be read. */
int pdf_begin(struct pdf_out *o, double width, double height, const char *title, struct err *e);
/* Finishes the file: on success *pdf (free() it) and *len; else
 * ERR_INTERNAL "<what> kunde inte skapas (…)." and *pdf NULL. Frees o's
 * objects either way. */
int pdf_end(struct pdf_out *o, unsigned char **pdf, size_t *len, const char *what, struct err *e);

#endif
