/* document.h — a plain text document as PDF (A4 portrait, cairo and pango
 * through pdf.h): a title and blocks of text that flow onto as many pages
 * as they need, each page numbered. For letters and plans a person reads
 * (the joint plan for the participant, docs/plans.md); the caller writes
 * the Swedish, this only lays it out. No SQL, no HTTP. */
#ifndef SAMSYN_REPORT_DOCUMENT_H
#define SAMSYN_REPORT_DOCUMENT_H
#include <stddef.h>
#include "../base/err.h"

enum doc_style {
	DOC_TITLE,   /* the document's heading */
	DOC_HEADING, /* a section's heading */
	DOC_TEXT,    /* a paragraph */
	DOC_ITEM,    /* a paragraph indented with a bullet */
	DOC_MARKED,  /* a paragraph indented with an arrow: "you are here" */
	DOC_OPEN,    /* a paragraph indented with a ring: a station passed by or ahead */
	DOC_SMALL,   /* small grey text: dates, who */
};

struct doc_block {
	enum doc_style style;
	const char *text; /* UTF-8; NULL or empty: the block is skipped */
};

/* Lays the n blocks out; foot is printed at the bottom of every page
 * beside the page number. *pdf (free() it) and *len on success; else the
 * error in e and *pdf NULL. */
int document_render_pdf(const char *title, const char *foot, const struct doc_block *blocks, size_t n,
			unsigned char **pdf, size_t *len, struct err *e);

#endif
