/* plan_pdf.c — the joint plan as a PDF for the participant (plan.h,
 * docs/plans.md "The plan on paper"): plain Swedish, what she wants, where
 * she is on the path, the steps with who and when, the next meeting.
 * The words are written here; src/report/document.c lays them out. */
#include "plan.h"
#include "toolbox.h"
#include "../audit.h"
#include "../check.h"
#include "../settings.h"
#include "../../base/clock.h"
#include "../../report/diploma.h"
#include "../../report/document.h"
#include "../../store/store.h"
#include <stdio.h>
#include <string.h>

/* A name by id from one of the tables (orgs, users); "" when none. */
static const char *name_of(struct ctx *c, const char *sql, int64_t id)
{
	if (!id) return "";
	struct stmt *s = store_prepare(c->db, sql);
	stmt_bind_int(s, ":id", id);
	const char *name = "";
	if (stmt_step(s) == STORE_ROW && stmt_text(s, 0)) name = arena_strdup(c->arena, stmt_text(s, 0));
	stmt_done(s);
	return name;
}

static const char *org_name(struct ctx *c, int64_t id)
{
	return name_of(c, "SELECT name FROM orgs WHERE id = :id", id);
}

static const char *user_name(struct ctx *c, int64_t id)
{
	return name_of(c, "SELECT COALESCE(name, username) FROM users WHERE id = :id", id);
}

/* "3 december 2026", or the text as it is when it is no date. */
static const char *day(struct ctx *c, const char *iso)
{
	char out[48];
	if (!iso) return NULL;
	char d[11];
	snprintf(d, sizeof d, "%.10s", iso);
	return diploma_swedish_date(d, out, sizeof out) ? arena_strdup(c->arena, out) : iso;
}

static const char *const state_words[][2] = {
	{"planned", "Planerat"}, {"ongoing", "Pågår"}, {"done", "Klart"}, {"cancelled", "Avbrutet"},
};

int plan_pdf(struct ctx *c, int64_t id, unsigned char **pdf, size_t *len)
{
	struct plan p;
	if (plan_read_visible(c, id, &p) != 0) return c->err.code;
	const char *federation;
	if (settings_forbund_name(c, &federation) != 0) return c->err.code;
	size_t cap = 32 + 2 * p.nsteps + PATH_STAGES, n = 0;
	struct doc_block *b = arena_alloc(c->arena, cap * sizeof *b);
#define ADD(style_, text_) (b[n++] = (struct doc_block){(style_), (text_)})
	ADD(DOC_TITLE, "Din plan");
	if (p.first_name || p.last_name)
		ADD(DOC_TEXT, arena_printf(c->arena, "För %s %s", p.first_name ? p.first_name : "", p.last_name ? p.last_name : ""));
	char today[11];
	clock_today(today);
	ADD(DOC_SMALL, arena_printf(c->arena, "Utskriven %s. Planen gjordes tillsammans med %s.", day(c, today),
				    org_name(c, p.responsible_org_id)));
	if (strcmp(p.status, "paused") == 0) {
		ADD(DOC_HEADING, "Planen vilar just nu");
		ADD(DOC_TEXT, arena_printf(c->arena, "Varför: %s", p.pause_reason));
		ADD(DOC_TEXT, arena_printf(c->arena, "Det här behöver hända innan vi fortsätter: %s", p.resume_conditions));
		ADD(DOC_TEXT, arena_printf(c->arena, "Vi ser över planen igen senast %s.", day(c, p.review_date)));
	} else if (strcmp(p.status, "closed") == 0) {
		ADD(DOC_HEADING, "Planen är avslutad");
	}
	ADD(DOC_HEADING, "Ditt mål");
	ADD(DOC_TEXT, p.goal ? p.goal : "Vi har inte skrivit ner ditt mål än.");
	ADD(DOC_HEADING, "Var du är på vägen till arbete");
	int at = path_stage_index(p.stage);
	for (int i = 0; i < PATH_STAGES; i++)
		ADD(i == at ? DOC_MARKED : DOC_OPEN,
		    i == at ? arena_printf(c->arena, "%d. %s – här är du nu", i + 1, path_stages[i][1])
			    : arena_printf(c->arena, "%d. %s", i + 1, path_stages[i][1]));
	if (at >= 0)
		ADD(DOC_SMALL, arena_printf(c->arena, "Bedömt %s av %s, %s.", day(c, p.assessed_on),
					    user_name(c, p.assessed_by_user_id), org_name(c, p.assessed_by_org_id)));
	else
		ADD(DOC_SMALL, "Vi har inte bedömt var du är på vägen än.");
	ADD(DOC_HEADING, "Det här ska hända");
	if (!p.nsteps) ADD(DOC_TEXT, "Inga steg är planerade än.");
	for (size_t i = 0; i < p.nsteps; i++) {
		const struct plan_step *t = &p.steps[i];
		const char *who = t->responsible_user_id ? t->responsible_user_name : t->responsible_name;
		const char *when = t->start_date && t->end_date
			? arena_printf(c->arena, "%s – %s", day(c, t->start_date), day(c, t->end_date))
			: t->start_date ? arena_printf(c->arena, "från %s", day(c, t->start_date))
			: t->end_date	 ? arena_printf(c->arena, "till %s", day(c, t->end_date))
					 : "datum inte bestämt";
		ADD(DOC_ITEM, arena_printf(c->arena, "%s (%s)", t->toolbox_name, CODE_LABEL(state_words, t->state)));
		ADD(DOC_SMALL, arena_printf(c->arena, "Ansvarig: %s%s%s. När: %s.%s%s", org_name(c, t->org_id),
					    who && *who ? ", " : "", who && *who ? who : "", when,
					    t->cancel_reason ? " Varför avbrutet: " : "", t->cancel_reason ? t->cancel_reason : ""));
	}
	ADD(DOC_HEADING, "Nästa möte");
	if (p.next_meeting_at) {
		char d[11];
		snprintf(d, sizeof d, "%.10s", p.next_meeting_at);
		const char *time = strlen(p.next_meeting_at) >= 16 ? arena_printf(c->arena, " klockan %.5s", p.next_meeting_at + 11) : "";
		ADD(DOC_TEXT, arena_printf(c->arena, "%s%s%s%s", day(c, d), time, p.next_meeting_place ? ", " : "",
					   p.next_meeting_place ? p.next_meeting_place : ""));
	} else {
		ADD(DOC_TEXT, p.next_meeting_place ? p.next_meeting_place : "Vi bestämmer tid för nästa möte tillsammans.");
	}
	ADD(DOC_HEADING, "Vilka som arbetar med dig");
	ADD(DOC_ITEM, arena_printf(c->arena, "%s (ansvarar för planen)", org_name(c, p.responsible_org_id)));
	for (size_t i = 0; i < p.npartner_org_ids; i++) ADD(DOC_ITEM, org_name(c, p.partner_org_ids[i]));
#undef ADD
	const char *foot = arena_printf(c->arena, "%s · Gemensam planering, version %lld", federation, (long long)p.version);
	if (document_render_pdf("Din plan", foot, b, n, pdf, len, &c->err) != 0) return c->err.code;
	return audit_read(c, "participant", p.participant_id, "plan_pdf", "Kunde inte skriva i loggen.");
}
