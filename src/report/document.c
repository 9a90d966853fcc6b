/* document.c — plain text documents as PDF (document.h): blocks laid out
 * top to bottom with pango's word wrap, a new page when the next block
 * does not fit. */
#include "document.h"
#include "pdf.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A4 portrait in PostScript points, with 2 cm margins. */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 56.7
#define FOOT_Y (PAGE_H - 36.0)
#define INDENT 18.0

#define SANS "Liberation Sans, DejaVu Sans, sans-serif"

struct look {
	double size, before, after;
	bool bold;
	double grey; /* 0 black … 1 white */
	const char *lead; /* printed before the text in the indent */
};

static const struct look looks[] = {
	[DOC_TITLE] = {20, 0, 10, true, 0.1, NULL},
	[DOC_HEADING] = {13.5, 12, 4, true, 0.1, NULL},
	[DOC_TEXT] = {11, 0, 5, false, 0.0, NULL},
	[DOC_ITEM] = {11, 0, 4, false, 0.0, "•"},
	[DOC_MARKED] = {11, 0, 4, true, 0.0, "➜"},
	[DOC_OPEN] = {11, 0, 4, false, 0.25, "○"},
	[DOC_SMALL] = {9, 0, 4, false, 0.4, NULL},
};

static PangoLayout *layout(PangoContext *pango, const char *text, const struct look *l, double width)
{
	PangoLayout *lay = pango_layout_new(pango);
	PangoFontDescription *font = pango_font_description_from_string(SANS);
	pango_font_description_set_absolute_size(font, l->size * PANGO_SCALE);
	pango_font_description_set_weight(font, l->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(lay, font);
	pango_font_description_free(font);
	pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(lay, text, -1);
	return lay;
}

static void show(cairo_t *cr, PangoLayout *lay, double grey, double x, double y)
{
	cairo_set_source_rgb(cr, grey, grey, grey);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, lay);
}

static void draw_foot(struct pdf_out *o, const char *foot, int page)
{
	static const struct look small = {8.5, 0, 0, false, 0.4, NULL};
	char num[32];
	snprintf(num, sizeof num, "Sida %d", page);
	PangoLayout *lay = layout(o->pango, foot ? foot : "", &small, PAGE_W - 2 * MARGIN - 60);
	show(o->cr, lay, small.grey, MARGIN, FOOT_Y);
	g_object_unref(lay);
	lay = layout(o->pango, num, &small, 60);
	pango_layout_set_alignment(lay, PANGO_ALIGN_RIGHT);
	show(o->cr, lay, small.grey, PAGE_W - MARGIN - 60, FOOT_Y);
	g_object_unref(lay);
}

int document_render_pdf(const char *title, const char *foot, const struct doc_block *blocks, size_t n,
			unsigned char **pdf, size_t *len, struct err *e)
{
	*pdf = NULL;
	*len = 0;
	for (size_t i = 0; i < n; i++)
		if (blocks[i].text && !g_utf8_validate(blocks[i].text, -1, NULL))
			return err_set(e, ERR_INVALID, "Texten i dokumentet är inte giltig (UTF-8).");
	struct pdf_out o;
	if (pdf_begin(&o, PAGE_W, PAGE_H, title, e) != 0) return e->code;
	int page = 1;
	double y = MARGIN;
	for (size_t i = 0; i < n; i++) {
		const struct doc_block *b = &blocks[i];
		if (!b->text || !*b->text) continue;
		const struct look *l = &looks[b->style];
		double x = MARGIN + (l->lead ? INDENT : 0), width = PAGE_W - MARGIN - x;
		PangoLayout *lay = layout(o.pango, b->text, l, width);
		int w, h;
		pango_layout_get_size(lay, &w, &h);
		double height = (double)h / PANGO_SCALE;
		/* A heading keeps at least two lines of what follows with it. */
		double need = l->before + height + (b->style == DOC_HEADING ? 30 : 0);
		if (y > MARGIN && y + need > FOOT_Y - 12) {
			draw_foot(&o, foot, page++);
			cairo_show_page(o.cr);
			y = MARGIN;
		}
		if (y > MARGIN) y += l->before;
		if (l->lead) {
			PangoLayout *lead = layout(o.pango, l->lead, l, INDENT);
			show(o.cr, lead, l->grey, MARGIN + 2, y);
			g_object_unref(lead);
		}
		show(o.cr, lay, l->grey, x, y);
		g_object_unref(lay);
		y += height + l->after;
	}
	draw_foot(&o, foot, page);
	cairo_show_page(o.cr);
	return pdf_end(&o, pdf, len, "Dokumentet", e);
}
