/* access.c — the participant visibility rule (access.h). */
#include "access.h"

bool access_participants(const struct actor *a)
{
	return actor_has(a, ROLE_ADMIN | ROLE_CASE_WORKER);
}

int access_require_participants(struct ctx *c)
{
	if (access_participants(c->actor)) return 0;
	return err_set(&c->err, ERR_FORBIDDEN, "Din roll ger inte tillgång till uppgifter om deltagare.");
}

bool access_all_participants(const struct actor *a)
{
	return actor_has(a, ROLE_ADMIN);
}

void access_bind_visible(struct stmt *s, int first, const struct actor *a)
{
	stmt_bind_int(s, first, access_all_participants(a) ? 1 : 0);
	stmt_bind_int(s, first + 1, a ? a->user_id : 0);
	stmt_bind_int(s, first + 2, a ? a->org_id : 0);
	stmt_bind_int(s, first + 3, a ? a->org_id : 0);
}

bool access_participant_visible(struct ctx *c, int64_t participant_id)
{
	if (!access_participants(c->actor)) return false;
	struct stmt *s = store_prepare(c->db, "SELECT 1 FROM participants p WHERE p.id = ? AND " ACCESS_VISIBLE_SQL);
	stmt_bind_int(s, 1, participant_id);
	access_bind_visible(s, 2, c->actor);
	bool visible = stmt_step(s) == STORE_ROW;
	stmt_done(s);
	return visible;
}

bool access_intervention_member(struct ctx *c, int64_t intervention_id)
{
	if (!c->actor) return false;
	struct stmt *s = store_prepare(c->db,
		"SELECT 1 FROM interventions i WHERE i.id = ? AND (i.owner_org_id = ? OR EXISTS"
		" (SELECT 1 FROM intervention_partners ip WHERE ip.intervention_id = i.id AND ip.org_id = ?))");
	stmt_bind_int(s, 1, intervention_id);
	stmt_bind_int(s, 2, c->actor->org_id);
	stmt_bind_int(s, 3, c->actor->org_id);
	bool member = stmt_step(s) == STORE_ROW;
	stmt_done(s);
	return member;
}
