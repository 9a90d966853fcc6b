/* intervention.h — interventions (insatser): kind, owner and partner
 * organisations, period, status, target groups, how they are measured,
 * budgets per year and funder with the actual outcome, and goals per year
 * (docs/followup.md, "Interventions"). Anyone logged in reads them (they
 * hold no personal data); admin and kansli change them. */
#ifndef SAMSYN_INTERVENTION_H
#define SAMSYN_INTERVENTION_H
#include "ctx.h"

struct intervention_budget {
	int64_t year;         /* 1990–2100 */
	const char *funder;   /* state municipality region esf other */
	int64_t amount_sek;   /* whole kronor ≥ 0; a negative value (the API's "missing") is refused */
	int64_t actual_sek;   /* the outcome, when has_actual */
	bool has_actual;      /* false: not known yet (null) */
};

struct intervention_goal {
	int64_t year;          /* 1990–2100 */
	const char *indicator; /* intervention_indicator_valid */
	int64_t target;        /* ≥ 1 */
};

struct intervention {
	int64_t id;
	const char *name;
	const char *kind;        /* individual structural competence */
	int64_t owner_org_id;
	const int64_t *partner_org_ids;
	size_t n_partners;
	const char *start_date;  /* YYYY-MM-DD */
	const char *end_date;    /* NULL: open-ended */
	const char *status;      /* planned active ended; NULL on create: planned */
	const char *measurement; /* participants volume; NULL on create: by kind */
	const char *description; /* NULL when none */
	const char *const *target_groups;
	size_t n_target_groups;
	const struct intervention_budget *budgets;
	size_t n_budgets;
	const struct intervention_goal *goals;
	size_t n_goals;
};

/* PATCH: only the fields marked are changed; a list given replaces the
 * whole list. */
struct intervention_patch {
	struct intervention v;
	bool has_name, has_kind, has_owner_org_id, has_partner_org_ids, has_start_date, has_end_date, has_status,
		has_measurement, has_description, has_target_groups, has_budgets, has_goals;
};

struct intervention_filter {
	const char *kind, *status; /* NULL: any */
	int64_t org_id;            /* 0: any; else owner or partner */
	int64_t year;              /* 0: any; else the period overlaps the year */
};

struct intervention_list {
	struct intervention *items;
	size_t n;
	int64_t total;
};

bool intervention_kind_valid(const char *kind);
bool intervention_status_valid(const char *status);
bool intervention_funder_valid(const char *funder);
/* The goal indicators Samsyn measures itself (docs/followup.md). */
bool intervention_indicator_valid(const char *indicator);
/* SUS's default: volume for structural interventions, else participants. */
const char *intervention_default_measurement(const char *kind);

/* Lists by name; p->q searches the name. Filters are validated (422). */
int intervention_list(struct ctx *c, const struct intervention_filter *f, const struct page *p,
		      struct intervention_list *out);
/* Swedish words for a kind ("Individinriktad"), a status ("Pågår") and a
 * budget's funder ("Kommunerna"), for the files people read; the code itself
 * when unknown. The UI writes the same words (tests/unit/test_ui_labels.c). */
const char *intervention_kind_label(const char *kind);
const char *intervention_status_label(const char *status);
const char *intervention_funder_label(const char *funder);
int intervention_get(struct ctx *c, int64_t id, struct intervention *out);
int intervention_create(struct ctx *c, const struct intervention *in, struct intervention *out);
int intervention_update(struct ctx *c, int64_t id, const struct intervention_patch *in, struct intervention *out);

/* What the records of an intervention (enrolments, volumes, attendees) are
 * held to: its kind, period, status and measurement. */
struct intervention_terms {
	const char *kind, *start_date, *end_date, *status, *measurement;
};
/* Reads them, no permission check; ERR_NOT_FOUND "Insatsen finns inte." or
 * ERR_INTERNAL "Kunde inte läsa insatsen.". */
int intervention_terms(struct ctx *c, int64_t id, struct intervention_terms *out);

/* May the actor record volumes of the intervention? admin, kansli and
 * trainer always; a case worker when her organisation is the owner or a
 * partner. Other roles never. */
bool intervention_may_record(struct ctx *c, int64_t intervention_id);

/* May the actor read and record the intervention's attendees (personal
 * data)? As intervention_may_record, but a trainer who is nothing else
 * only while the intervention has no course (she records its attendees by
 * hand) or when she trains a session of one of its courses: attendees made
 * from a session's registrations are not shown to every trainer. */
bool intervention_may_record_attendees(struct ctx *c, int64_t intervention_id);

#endif
