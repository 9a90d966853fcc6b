/* plan_report.c — participants per stage over time (plan_report.h). A
 * move is read from the assessments of one plan in date order: LAG gives
 * the stage before each, and an assessment that changes it, dated in the
 * period, is a move; the first assessment of a plan is a move from
 * "none" (she entered the path there). */
#include "plan_report.h"
#include "toolbox.h"
#include "../../store/store.h"
#include <string.h>

static const struct report_column cols[] = {
	{"from_stage", "Från steg", REPORT_KEY_TEXT},
	{"to_stage", "Till steg", REPORT_KEY_TEXT},
};
static const struct report_group groups[] = {{"moved", "Bytte steg", REPORT_COUNT, false, 0, 0}};

static const char *describe_stage(void *arg, const char *code)
{
	(void)arg;
	if (code && strcmp(code, "none") == 0) return "Första bedömningen";
	int i = path_stage_index(code);
	return i < 0 ? code : path_stages[i][1];
}

static int report_failed(struct ctx *c)
{
	return err_set(&c->err, ERR_INTERNAL, "Kunde inte räkna deltagarna per steg.");
}

/* Every move in the period: one row per participant, move and sex. */
#define MOVES_SQL                                                                                                 \
	"SELECT DISTINCT COALESCE(x.prev, 'none') AS from_stage, x.stage AS to_stage, x.participant_id, x.sex FROM"  \
	" (SELECT a.stage, a.assessed_on, pl.participant_id, p.sex,"                                              \
	" LAG(a.stage) OVER (PARTITION BY a.plan_id ORDER BY a.assessed_on, a.id) AS prev"                        \
	" FROM plan_assessments a JOIN plans pl ON pl.id = a.plan_id JOIN participants p ON p.id = pl.participant_id) x" \
	" WHERE x.assessed_on >= :from AND x.assessed_on <= :until AND (x.prev IS NULL OR x.prev <> x.stage)"
#define STAGE_ORDER(col)                                                                                          \
	"CASE " col " WHEN 'none' THEN 0 WHEN 'clarify' THEN 1 WHEN 'guide' THEN 2 WHEN 'equip' THEN 3"            \
	" WHEN 'employable' THEN 4 ELSE 5 END"
#define SEXES "SUM(CASE WHEN m.sex = 'female' THEN 1 ELSE 0 END), SUM(CASE WHEN m.sex = 'male' THEN 1 ELSE 0 END)"

int report_plan_stages(struct ctx *c, struct report_params *p, struct report_table *t)
{
	if (p->intervention_id) return err_field(&c->err, "intervention_id", NULL, "Planerna hör inte till en insats.");
	if (p->by) return err_field(&c->err, "by", p->by, "Rapporten delas alltid upp efter steg (från och till).");
	if (report_check_period(c, p) != 0) return c->err.code;
	report_table_init(t, c->arena, 2, cols, 1, groups);
	report_table_describe(t, 0, "Från steg, benämning", describe_stage, NULL);
	report_table_describe(t, 1, "Till steg, benämning", describe_stage, NULL);
	struct stmt *s = store_prepare(c->db, "SELECT m.from_stage, m.to_stage, " SEXES " FROM (" MOVES_SQL ") m"
					      " GROUP BY m.from_stage, m.to_stage ORDER BY " STAGE_ORDER("m.from_stage") ", "
					      STAGE_ORDER("m.to_stage"));
	stmt_bind_text(s, ":from", p->from);
	stmt_bind_text(s, ":until", p->until);
	int rc;
	while ((rc = stmt_step(s)) == STORE_ROW) {
		struct report_key key[2] = {{.text = stmt_text(s, 0)}, {.text = stmt_text(s, 1)}};
		report_table_add(t, key, 0, stmt_int(s, 2), stmt_int(s, 3));
	}
	stmt_done(s);
	if (rc < 0) return report_failed(c);
	s = store_prepare(c->db, "SELECT " SEXES " FROM (SELECT DISTINCT n.participant_id, n.sex FROM (" MOVES_SQL ") n) m");
	stmt_bind_text(s, ":from", p->from);
	stmt_bind_text(s, ":until", p->until);
	while ((rc = stmt_step(s)) == STORE_ROW) report_table_add_sum(t, 0, stmt_int(s, 0), stmt_int(s, 1));
	stmt_done(s);
	if (rc < 0) return report_failed(c);
	return report_finish(c, p, t);
}
