/* diploma.c — course diplomas as PDF with cairo and pango, and their
 * verification codes (diploma.h). */
#include "diploma.h"
#include "pdf.h"
#include "../base/mem.h"
#include <cairo.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

const char diploma_code_alphabet[33] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/* ---- the verification code ---- */

int diploma_code_new(char out[DIPLOMA_CODE_SIZE])
{
	unsigned char random[DIPLOMA_CODE_SYMBOLS];
	size_t got = 0;
	out[0] = '\0';
	while (got < sizeof random) {
		ssize_t n = getrandom(random + got, sizeof random - got, 0);
		if (n < 0 && errno == EINTR) continue;
		if (n <= 0) return -1;
		got += (size_t)n;
	}
	/* 256 is a multiple of 32: the low five bits of a byte are uniform. */
	size_t w = 0;
	for (size_t i = 0; i < DIPLOMA_CODE_SYMBOLS; i++) {
		if (i == DIPLOMA_CODE_SYMBOLS / 2) out[w++] = '-';
		out[w++] = diploma_code_alphabet[random[i] & 31];
	}
	out[w] = '\0';
	return 0;
}

bool diploma_code_normalise(const char *typed, char out[DIPLOMA_CODE_SIZE])
{
	char symbols[DIPLOMA_CODE_SYMBOLS];
	size_t n = 0;
	out[0] = '\0';
	if (!typed) return false;
	for (const char *p = typed; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '-') continue;
		if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
		if (c == '\0' || !strchr(diploma_code_alphabet, c)) return false;
		if (n == DIPLOMA_CODE_SYMBOLS) return false;
		symbols[n++] = c;
	}
	if (n != DIPLOMA_CODE_SYMBOLS) return false;
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == DIPLOMA_CODE_SYMBOLS / 2) out[w++] = '-';
		out[w++] = symbols[i];
	}
	out[w] = '\0';
	return true;
}

/* ---- dates in Swedish ---- */

bool diploma_swedish_date(const char *iso, char *out, size_t size)
{
	static const char *const months[12] = {"januari", "februari", "mars",      "april",   "maj",      "juni",
					       "juli",    "augusti",  "september", "oktober", "november", "december"};
	static const int days_in[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (size) out[0] = '\0';
	if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-') return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (iso[i] < '0' || iso[i] > '9')) return false;
	int year = atoi(iso), month = atoi(iso + 5), day = atoi(iso + 8);
	if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	if (day > days_in[month - 1] + (month == 2 && leap)) return false;
	int n = snprintf(out, size, "%d %s %d", day, months[month - 1], year);
	return n > 0 && (size_t)n < size;
}

/* ---- drawing ---- */

/* A4 landscape in PostScript points. */
#define PAGE_W 841.89
#define PAGE_H 595.28
#define TEXT_W 660.0 /* the widest a line may run between the frames */

#define SERIF "Liberation Serif, DejaVu Serif, serif"
#define MONO "Liberation Mono, DejaVu Sans Mono, monospace"

struct rgb {
	double r, g, b;
};
#define INK {0.11, 0.17, 0.29}  /* deep blue for the text that matters */
#define GOLD {0.60, 0.49, 0.25} /* the frame and the ornament */
#define GREY {0.36, 0.38, 0.42} /* lead-in words and the foot */
static const struct rgb gold = GOLD, grey = GREY;

struct text_style {
	const char *family;
	double size; /* points */
	bool bold, italic;
	double spacing; /* extra points between letters */
	struct rgb colour;
	bool shrink; /* a long name gets smaller rather than wrapping */
	bool markup; /* text is pango markup, its values escaped */
};

struct page {
	cairo_t *cr;
	PangoContext *pango;
};

static PangoLayout *layout_of(struct page *pg, const char *text, const struct text_style *st, double size)
{
	PangoLayout *layout = pango_layout_new(pg->pango);
	PangoFontDescription *font = pango_font_description_from_string(st->family);
	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	pango_font_description_set_weight(font, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(font, st->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	if (st->spacing > 0) {
		PangoAttrList *attrs = pango_attr_list_new();
		pango_attr_list_insert(attrs, pango_attr_letter_spacing_new((int)(st->spacing * PANGO_SCALE)));
		pango_layout_set_attributes(layout, attrs);
		pango_attr_list_unref(attrs);
	}
	if (st->markup)
		pango_layout_set_markup(layout, text, -1);
	else
		pango_layout_set_text(layout, text, -1);
	return layout;
}

/* Draws text centred on x with its top at y, within width; returns its
 * height. */
static double draw_text(struct page *pg, const char *text, const struct text_style *st, double x, double y,
			double width)
{
	double size = st->size;
	PangoLayout *layout = layout_of(pg, text, st, size);
	int w, h;
	pango_layout_get_size(layout, &w, &h);
	while (st->shrink && w > width * PANGO_SCALE && size > st->size * 0.75) {
		g_object_unref(layout);
		size -= 1;
		layout = layout_of(pg, text, st, size);
		pango_layout_get_size(layout, &w, &h);
	}
	if (w > width * PANGO_SCALE) {
		/* Still too wide: wrap onto more lines, each centred in the
		 * full width. */
		pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
		pango_layout_get_size(layout, &w, &h);
		w = (int)(width * PANGO_SCALE);
	}
	cairo_set_source_rgb(pg->cr, st->colour.r, st->colour.g, st->colour.b);
	cairo_move_to(pg->cr, x - (double)w / PANGO_SCALE / 2, y);
	pango_cairo_show_layout(pg->cr, layout);
	g_object_unref(layout);
	return (double)h / PANGO_SCALE;
}

static void draw_frame(cairo_t *cr)
{
	cairo_set_source_rgb(cr, gold.r, gold.g, gold.b);
	cairo_set_line_width(cr, 2.4);
	cairo_rectangle(cr, 30, 30, PAGE_W - 60, PAGE_H - 60);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.7);
	cairo_rectangle(cr, 38, 38, PAGE_W - 76, PAGE_H - 76);
	cairo_stroke(cr);
	/* Small squares in the inner frame's corners. */
	const double corner[4][2] = {{38, 38}, {PAGE_W - 38, 38}, {38, PAGE_H - 38}, {PAGE_W - 38, PAGE_H - 38}};
	for (int i = 0; i < 4; i++) {
		cairo_rectangle(cr, corner[i][0] - 3, corner[i][1] - 3, 6, 6);
		cairo_fill(cr);
	}
}

/* A short rule with a diamond in the middle, centred on x at y. */
static void draw_ornament(cairo_t *cr, double x, double y)
{
	cairo_set_source_rgb(cr, gold.r, gold.g, gold.b);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, x - 90, y);
	cairo_line_to(cr, x - 9, y);
	cairo_move_to(cr, x + 9, y);
	cairo_line_to(cr, x + 90, y);
	cairo_stroke(cr);
	cairo_move_to(cr, x, y - 4.5);
	cairo_line_to(cr, x + 4.5, y);
	cairo_line_to(cr, x, y + 4.5);
	cairo_line_to(cr, x - 4.5, y);
	cairo_close_path(cr);
	cairo_fill(cr);
}

/* A line to write on with a caption under it, centred on x. */
static void draw_signature_line(struct page *pg, double x, double y, const char *caption)
{
	static const struct text_style caption_style = {
		.family = SERIF, .size = 10, .italic = true, .spacing = 0.3, .colour = GREY, .shrink = true
	};
	cairo_set_source_rgb(pg->cr, grey.r, grey.g, grey.b);
	cairo_set_line_width(pg->cr, 0.6);
	cairo_move_to(pg->cr, x - 110, y);
	cairo_line_to(pg->cr, x + 110, y);
	cairo_stroke(pg->cr);
	draw_text(pg, caption, &caption_style, x, y + 5, 240);
}

static void draw_diploma(struct page *pg, const struct diploma *d, const char *date, const char *check_at)
{
	static const struct text_style federation = {
		.family = SERIF, .size = 13, .spacing = 2.5, .colour = GOLD, .shrink = true
	};
	static const struct text_style heading = {.family = SERIF, .size = 66, .spacing = 6, .colour = INK};
	static const struct text_style lead = {.family = SERIF, .size = 15, .italic = true, .colour = GREY};
	static const struct text_style name = {
		.family = SERIF, .size = 38, .bold = true, .colour = INK, .shrink = true
	};
	static const struct text_style course = {.family = SERIF, .size = 22, .colour = INK, .shrink = true};
	static const struct text_style title = {
		.family = SERIF, .size = 26, .bold = true, .spacing = 0.5, .colour = INK, .shrink = true
	};
	static const struct text_style date_style = {.family = SERIF, .size = 14, .colour = INK, .shrink = true};
	static const struct text_style code = {
		.family = SERIF, .size = 13, .colour = INK, .shrink = true, .markup = true
	};
	static const struct text_style foot = {.family = SERIF, .size = 9.5, .colour = GREY, .shrink = true};
	const double cx = PAGE_W / 2;

	draw_frame(pg->cr);
	char *upper = g_utf8_strup(d->federation, -1);
	draw_text(pg, upper, &federation, cx, 66, TEXT_W);
	g_free(upper);

	double y = 92;
	y += draw_text(pg, "Diplom", &heading, cx, y, TEXT_W);
	draw_ornament(pg->cr, cx, y + 10);
	y += 34;
	y += draw_text(pg, "Härmed intygas att", &lead, cx, y, TEXT_W) + 6;
	y += draw_text(pg, d->full_name, &name, cx, y, TEXT_W) + 16;
	y += draw_text(pg, "har genomgått", &lead, cx, y, TEXT_W) + 4;
	y += draw_text(pg, d->course, &course, cx, y, TEXT_W) + 18;
	y += draw_text(pg, "och tilldelas titeln", &lead, cx, y, TEXT_W) + 4;
	draw_text(pg, d->title, &title, cx, y, TEXT_W);

	/* The foot: the date, the code, a line to sign on, and where to check. */
	const double line_y = 478;
	draw_text(pg, date, &date_style, 210, line_y - 22, 220);
	draw_signature_line(pg, 210, line_y, "Datum");
	/* The code in a monospaced face, so 8 and B, 5 and S read apart. */
	char *code_line = g_markup_printf_escaped("Kontrollkod: <span font_family=\"" MONO
						  "\" weight=\"bold\" letter_spacing=\"1024\">%s</span>",
						  d->code);
	draw_text(pg, code_line, &code, cx, line_y - 22, 240);
	g_free(code_line);
	draw_signature_line(pg, PAGE_W - 210, line_y, d->federation);

	char check[768];
	if (check_at && *check_at)
		snprintf(check, sizeof check, "Diplomets äkthet kan kontrolleras med kontrollkoden på %s", check_at);
	else
		snprintf(check, sizeof check, "Diplomets äkthet kan kontrolleras med kontrollkoden hos %s.",
			 d->federation);
	draw_text(pg, check, &foot, cx, 522, TEXT_W);
}

/* ---- the PDF in memory ---- */

#define DIPLOMA_TEXT_MAX 300 /* bytes: more than any name or course, less than breaks the page */

static int check_text(struct err *e, size_t i, const char *field, const char *value)
{
	char name[64];
	snprintf(name, sizeof name, "diplomas[%zu].%s", i, field);
	if (!value || !*value) return err_field(e, name, NULL, "Får inte vara tomt.");
	if (!g_utf8_validate(value, -1, NULL)) return err_field(e, name, NULL, "Är inte giltig text (UTF-8).");
	if (strlen(value) > DIPLOMA_TEXT_MAX) return err_field(e, name, NULL, "Är för långt för ett diplom.");
	return 0;
}

int diploma_render_pdf(const struct diploma *diplomas, size_t n, const char *check_at, unsigned char **pdf,
		       size_t *len, struct err *e)
{
	*pdf = NULL;
	*len = 0;
	if (n == 0) return err_set(e, ERR_INVALID, "Det finns inga diplom att skriva ut.");
	if (check_at && (!g_utf8_validate(check_at, -1, NULL) || strlen(check_at) > DIPLOMA_TEXT_MAX))
		return err_field(e, "check_at", NULL, "Är inte en giltig adress.");
	for (size_t i = 0; i < n; i++) {
		const struct diploma *d = &diplomas[i];
		char date[48];
		check_text(e, i, "full_name", d->full_name);
		check_text(e, i, "title", d->title);
		check_text(e, i, "course", d->course);
		check_text(e, i, "federation", d->federation);
		check_text(e, i, "code", d->code);
		if (!diploma_swedish_date(d->date, date, sizeof date)) {
			char name[64];
			snprintf(name, sizeof name, "diplomas[%zu].date", i);
			err_field(e, name, d->date, "Är inte ett datum (ÅÅÅÅ-MM-DD).");
		}
		if (e->code) return e->code;
	}

	struct pdf_out o;
	if (pdf_begin(&o, PAGE_W, PAGE_H, "Diplom", e) != 0) return e->code;
	struct page pg = {o.cr, o.pango};
	for (size_t i = 0; i < n; i++) {
		char date[48];
		diploma_swedish_date(diplomas[i].date, date, sizeof date);
		draw_diploma(&pg, &diplomas[i], date, check_at);
		cairo_show_page(o.cr);
	}

	return pdf_end(&o, pdf, len, "Diplomet", e);
}
