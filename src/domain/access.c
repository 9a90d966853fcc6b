/* access.c — the participant visibility rule (access.h). */
#include "access.h"
#include "../store/store.h"

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

int64_t access_own_org(const struct actor *a)
{
	return !a || access_all_participants(a) ? 0 : a->org_id;
}

void access_bind(struct stmt *s, const struct actor *a)
{
	stmt_bind_int(s, ":all", access_all_participants(a) ? 1 : 0);
	stmt_bind_int(s, ":org", access_own_org(a));
}

bool access_participant_visible(struct ctx *c, int64_t participant_id)
{
	if (!access_participants(c->actor)) return false;
	struct stmt *s = store_prepare(c->db, "SELECT 1 FROM participants p WHERE p.id = :id AND " ACCESS_VISIBLE_SQL);
	stmt_bind_int(s, ":id", participant_id);
	access_bind(s, c->actor);
	bool visible = stmt_step(s) == STORE_ROW;
	stmt_done(s);
	return visible;
}

bool access_plan_partner(struct ctx *c, int64_t plan_id)
{
	if (!access_participants(c->actor)) return false;
	struct stmt *s = store_prepare(c->db, "SELECT 1 FROM plans pl WHERE pl.id = :id AND " PLAN_PARTNER_SQL);
	stmt_bind_int(s, ":id", plan_id);
	access_bind(s, c->actor);
	bool partner = stmt_step(s) == STORE_ROW;
	stmt_done(s);
	return partner;
}

bool access_sees_people_behind(struct ctx *c, int64_t intervention_id)
{
	if (access_all_participants(c->actor)) return true;
	return access_participants(c->actor) && intervention_id && access_intervention_member(c, intervention_id);
}

bool access_forbund_office(struct ctx *c)
{
	if (!c->actor) return false;
	struct stmt *s = store_prepare(c->db, "SELECT 1 FROM orgs WHERE id = :org AND kind = 'forbund'");
	stmt_bind_int(s, ":org", c->actor->org_id);
	bool office = stmt_step(s) == STORE_ROW;
	stmt_done(s);
	return office;
}

bool access_intervention_member(struct ctx *c, int64_t intervention_id)
{
	if (!c->actor) return false;
	struct stmt *s = store_prepare(c->db,
		"SELECT 1 FROM interventions i WHERE i.id = :id AND (i.owner_org_id = :org OR EXISTS"
		" (SELECT 1 FROM intervention_partners ip WHERE ip.intervention_id = i.id AND ip.org_id = :org))");
	stmt_bind_int(s, ":id", intervention_id);
	stmt_bind_int(s, ":org", c->actor->org_id);
	bool member = stmt_step(s) == STORE_ROW;
	stmt_done(s);
	return member;
}

/* The organisations that work with the person through her enrolments: the
 * owners and partners of the interventions she is enrolled in. */
#define PERSON_ORGS                                                                                                \
	"(SELECT i.owner_org_id FROM enrolments e JOIN interventions i ON i.id = e.intervention_id"                  \
	" WHERE e.participant_id = :id UNION SELECT ip.org_id FROM enrolments e JOIN intervention_partners ip"         \
	" ON ip.intervention_id = e.intervention_id WHERE e.participant_id = :id)"

bool access_identity_rewrite(struct ctx *c, int64_t participant_id)
{
	if (access_all_participants(c->actor)) return true;
	if (!c->actor || !access_participant_visible(c, participant_id)) return false;
	struct stmt *s = store_prepare(c->db,
		"SELECT EXISTS (SELECT 1 FROM enrolments e WHERE e.participant_id = :id AND e.intervention_id NOT IN"
		" (SELECT ai.id FROM interventions ai WHERE ai.owner_org_id = :org"
		" UNION SELECT ap.intervention_id FROM intervention_partners ap WHERE ap.org_id = :org))"
		" OR EXISTS (SELECT 1 FROM participant_registrations r WHERE r.participant_id = :id AND r.org_id <> :org"
		" AND r.org_id NOT IN " PERSON_ORGS ")"
		" OR EXISTS (SELECT 1 FROM participants p WHERE p.id = :id AND p.created_by_org_id IS NOT NULL"
		" AND p.created_by_org_id <> :org AND p.created_by_org_id NOT IN " PERSON_ORGS ")");
	stmt_bind_int(s, ":id", participant_id);
	stmt_bind_int(s, ":org", c->actor->org_id);
	int64_t someone_else = 1;
	int rc = stmt_scalar(s, &someone_else);
	return rc == STORE_ROW && someone_else == 0;
}
