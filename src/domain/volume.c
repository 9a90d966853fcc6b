/* volume.c — rules and storage calls for head-count volumes. */
#include "volume.h"
#include "audit.h"
#include "intervention.h"
#include "../base/clock.h"
#include "../store/store.h"
#include <string.h>

static void read_row(struct ctx *c, struct stmt *s, void *out)
{
	struct volume *v = out;
	v->id = stmt_int(s, 0);
	v->intervention_id = stmt_int(s, 1);
	read_texts(c, s, 2, (const char **[]){&v->period_start, &v->period_end, NULL});
	v->women = stmt_int(s, 4);
	v->men = stmt_int(s, 5);
}

int volume_list(struct ctx *c, int64_t intervention_id, const struct page *p, struct volume_list *out)
{
	struct intervention_terms iv;
	if (intervention_terms(c, intervention_id, &iv) != 0) return c->err.code;
	out->items = list_of_parent(c, "SELECT COUNT(*) FROM volumes WHERE intervention_id = :parent",
				    "SELECT id, intervention_id, period_start, period_end, women, men FROM volumes"
				    " WHERE intervention_id = :parent ORDER BY period_start, id LIMIT :limit OFFSET :offset",
				    intervention_id, p, sizeof *out->items, read_row, &out->n, &out->total, "Kunde inte läsa volymer.");
	return out->items ? 0 : c->err.code;
}

int volume_create(struct ctx *c, int64_t intervention_id, const struct volume *in, struct volume *out)
{
	struct intervention_terms iv;
	if (intervention_terms(c, intervention_id, &iv) != 0) return c->err.code;
	const char *start = iv.start_date, *end = iv.end_date;
	if (!intervention_may_record(c, intervention_id))
		return err_set(&c->err, ERR_FORBIDDEN, "Du får inte registrera volymer för den här insatsen.");
	struct err *e = &c->err;
	char today[11];
	clock_today(today);
	bool from_ok = in->period_start && clock_valid_date(in->period_start);
	bool to_ok = in->period_end && clock_valid_date(in->period_end);
	if (!from_ok) err_field(e, "period_start", in->period_start, "Ange periodens början som ÅÅÅÅ-MM-DD.");
	else if (strcmp(in->period_start, start) < 0)
		err_field(e, "period_start", in->period_start, "Perioden börjar före insatsens startdatum.");
	if (!to_ok) err_field(e, "period_end", in->period_end, "Ange periodens slut som ÅÅÅÅ-MM-DD.");
	else if (from_ok && strcmp(in->period_end, in->period_start) < 0)
		err_field(e, "period_end", in->period_end, "Periodens slut får inte vara före dess början.");
	else if (end && strcmp(in->period_end, end) > 0)
		err_field(e, "period_end", in->period_end, "Perioden slutar efter insatsens slutdatum.");
	else if (strcmp(in->period_end, today) > 0)
		/* A head count is of what has happened: the period must be over
		 * (it may end today). */
		err_field(e, "period_end", in->period_end,
			  arena_printf(c->arena, "Perioden får sluta senast i dag (%s): en volym registreras när perioden är över.", today));
	if (in->women < 0) err_field(e, "women", NULL, "Ange antalet kvinnor (0 eller fler).");
	if (in->men < 0) err_field(e, "men", NULL, "Ange antalet män (0 eller fler).");
	if (e->code) return e->code;

	if (ctx_begin(c) != 0) return c->err.code;
	struct stmt *s = store_prepare(c->db, "INSERT INTO volumes (intervention_id, period_start, period_end, women, men, created_at)"
					      " VALUES (:intervention_id, :period_start, :period_end, :women, :men, :created_at) RETURNING id");
	stmt_bind_int(s, ":intervention_id", intervention_id);
	stmt_bind_int(s, ":women", in->women);
	stmt_bind_int(s, ":men", in->men);
	stmt_bind_texts(s, (const char *const[][2]){{":period_start", in->period_start}, {":period_end", in->period_end},
		{":created_at", c->now}, {NULL}});
	int64_t id;
	int rc = stmt_write_id(s, &id);
	if (change_commit(c, rc, &(struct change){.action = "create", .entity = "volume", .id = id,
		.detail = arena_printf(c->arena, "intervention=%lld", (long long)intervention_id),
		.fail = "Kunde inte spara volymen."}) != 0)
		return c->err.code;
	*out = *in;
	out->id = id;
	out->intervention_id = intervention_id;
	return 0;
}
