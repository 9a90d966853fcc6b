/* kaa.h — the KAA register (kommunernas aktivitetsansvar, docs/kaa.md): the
 * young people a municipality is responsible for (finished compulsory
 * school, not 20, neither attending nor having completed a national
 * upper-secondary programme), their contacts and measures, the CSV import
 * of the lists from schools and the population register, the move into
 * Samsyn's follow-up with consent, the report per occupation and the file
 * for SCB. Only the municipality's own KAA staff (users.kaa_staff, a user
 * of an org of kind kommun) see any of it: everyone else gets 404. */
#ifndef SAMSYN_KAA_H
#define SAMSYN_KAA_H
#include "../ctx.h"
#include "../import_error.h"
#include "../../base/csv_reader.h"
#include "../../base/csv_writer.h"

struct report_table;
struct report_params;

/* The code lists (docs/kaa.md "Codes"); each NULL-terminated. */
extern const char *const kaa_school_statuses[];
extern const char *const kaa_sources[];
extern const char *const kaa_occupations[];
extern const char *const kaa_left_reasons[];
extern const char *const kaa_measure_kinds[];
extern const char *const kaa_measure_statuses[];
extern const char *const kaa_channels[];
extern const char *const kaa_results[];

struct kaa_contact {
	int64_t id, youth_id, user_id;
	const char *date, *channel, *result, *note, *created_at;
};

struct kaa_measure {
	int64_t id, youth_id, user_id;
	const char *kind, *status, *offered_date, *start_date, *end_date, *note, *created_at, *updated_at;
};

struct kaa_youth {
	int64_t id, org_id, participant_id;
	const char *municipality_code, *personnummer, *first_name, *last_name, *sex, *birth_date;
	const char *school_status, *source, *identified_date, *occupation, *notes;
	const char *left_date, *left_reason, *consent_date, *consent_recorded_by;
	const char *created_at, *updated_at;
	struct kaa_contact *contacts; /* a record read alone: newest first */
	size_t ncontacts;
	struct kaa_measure *measures; /* a record read alone: by offered date */
	size_t nmeasures;
};

/* What POST and PATCH read (has_ flags: sent). personnummer only on POST. */
struct kaa_youth_input {
	struct kaa_youth v;
	bool has_first_name, has_last_name, has_school_status, has_source, has_identified_date, has_occupation,
		has_notes, has_left_date, has_left_reason;
};

struct kaa_youth_filter {
	const char *half;   /* "2026H1": those covered some day of it; NULL: all */
	const char *status; /* "active" (not left), "left"; NULL: both */
	const char *occupation;
};

struct kaa_youth_list {
	struct kaa_youth *items;
	size_t n;
	int64_t total;
};

/* Is the user KAA staff of a municipality (for the UI's menu; no audit)? */
bool kaa_user_is_staff(struct ctx *c, int64_t user_id);
/* Is the actor KAA staff of a municipality (404 otherwise, for every path)? */
int kaa_require_staff(struct ctx *c);

int kaa_youth_list(struct ctx *c, const struct kaa_youth_filter *f, const struct page *p, struct kaa_youth_list *out);
/* The youth with this personnummer (any written form) in the caller's
 * register, as a list of zero or one. */
int kaa_youth_search_pnr(struct ctx *c, const char *personnummer, struct kaa_youth_list *out);
int kaa_youth_get(struct ctx *c, int64_t id, struct kaa_youth *out);
int kaa_youth_create(struct ctx *c, const struct kaa_youth_input *in, struct kaa_youth *out);
int kaa_youth_update(struct ctx *c, int64_t id, const struct kaa_youth_input *in, struct kaa_youth *out);

int kaa_contact_create(struct ctx *c, int64_t youth_id, const struct kaa_contact *in, struct kaa_youth *out);

struct kaa_measure_input {
	struct kaa_measure v;
	bool has_kind, has_status, has_offered_date, has_start_date, has_end_date, has_note;
};
int kaa_measure_create(struct ctx *c, int64_t youth_id, const struct kaa_measure_input *in, struct kaa_youth *out);
int kaa_measure_update(struct ctx *c, int64_t youth_id, int64_t measure_id, const struct kaa_measure_input *in,
		       struct kaa_youth *out);

/* The move into Samsyn's follow-up: consent_date and consent_recorded_by
 * required; creates (or finds, when her organisation sees her already) the
 * participant registered by the municipality, records her consent and
 * links the youth to her, in one transaction. */
struct kaa_move {
	const char *consent_date, *consent_recorded_by;
};
int kaa_youth_move(struct ctx *c, int64_t youth_id, const struct kaa_move *in, struct kaa_youth *out);

/* The import (docs/kaa.md "Import"): all or nothing, every bad line listed. */
struct kaa_import_result {
	int64_t created, updated, rows, bad_lines;
	struct import_error *errors;
	size_t nerrors;
};
int kaa_import(struct ctx *c, struct csv_reader *csv, struct kaa_import_result *out);

/* "2026H1" → its first and last day; false when not a half-year. */
bool kaa_half_parse(const char *half, char from[11], char to[11]);

/* Young people covered in the half, per occupation status and
 * municipality, split women and men, suppressed with the förbund's
 * threshold (at least; p->suppress may raise it). */
int kaa_report(struct ctx *c, const char *half, struct report_params *p, struct report_table *out);

/* The file for SCB of one half-year (docs/kaa.md "The SCB file"), checked
 * first: ERR_INVALID with every fault (field "rows[i]…") when a relation
 * between variables fails; nothing is written then. */
int kaa_scb_export(struct ctx *c, const char *half, struct csvw *w);

#endif
