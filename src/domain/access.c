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

int64_t access_own_org(const struct actor *a)
{
	return !a || access_all_participants(a) ? 0 : a->org_id;
}

/* The rules' placeholders: whether the actor sees all, then her
 * organisation n - 1 times. */
static void bind_rule(struct stmt *s, int first, const struct actor *a, int n)
{
	int64_t org = access_own_org(a);
	stmt_bind_int(s, first, access_all_participants(a) ? 1 : 0);
	for (int i = 1; i < n; i++) stmt_bind_int(s, first + i, org);
}

void access_bind_visible(struct stmt *s, int first, const struct actor *a)
{
	bind_rule(s, first, a, ACCESS_VISIBLE_PARAMS);
}

void access_bind_visible_probe(struct stmt *s, int first, const struct actor *a)
{
	bind_rule(s, first, a, ACCESS_VISIBLE_PROBE_PARAMS);
}

void access_bind_enrolment(struct stmt *s, int first, const struct actor *a)
{
	bind_rule(s, first, a, ACCESS_ENROLMENT_PARAMS);
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

bool access_sees_people_behind(struct ctx *c, int64_t intervention_id)
{
	if (access_all_participants(c->actor)) return true;
	return access_participants(c->actor) && intervention_id && access_intervention_member(c, intervention_id);
}

bool access_forbund_office(struct ctx *c)
{
	if (!c->actor) return false;
	struct stmt *s = store_prepare(c->db, "SELECT 1 FROM orgs WHERE id = ? AND kind = 'forbund'");
	stmt_bind_int(s, 1, c->actor->org_id);
	bool office = stmt_step(s) == STORE_ROW;
	stmt_done(s);
	return office;
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

/* The organisations that work with the person through her enrolments: the
 * owners and partners of the interventions she is enrolled in. */
#define PERSON_ORGS                                                                                                \
	"(SELECT i.owner_org_id FROM enrolments e JOIN interventions i ON i.id = e.intervention_id"                  \
	" WHERE e.participant_id = ?1 UNION SELECT ip.org_id FROM enrolments e JOIN intervention_partners ip"         \
	" ON ip.intervention_id = e.intervention_id WHERE e.participant_id = ?1)"

bool access_identity_rewrite(struct ctx *c, int64_t participant_id)
{
	if (access_all_participants(c->actor)) return true;
	if (!c->actor || !access_participant_visible(c, participant_id)) return false;
	struct stmt *s = store_prepare(c->db,
		"SELECT EXISTS (SELECT 1 FROM enrolments e WHERE e.participant_id = ?1 AND e.intervention_id NOT IN"
		" (SELECT ai.id FROM interventions ai WHERE ai.owner_org_id = ?2"
		" UNION SELECT ap.intervention_id FROM intervention_partners ap WHERE ap.org_id = ?2))"
		" OR EXISTS (SELECT 1 FROM participant_registrations r WHERE r.participant_id = ?1 AND r.org_id <> ?2"
		" AND r.org_id NOT IN " PERSON_ORGS ")"
		" OR EXISTS (SELECT 1 FROM participants p WHERE p.id = ?1 AND p.created_by_org_id IS NOT NULL"
		" AND p.created_by_org_id <> ?2 AND p.created_by_org_id NOT IN " PERSON_ORGS ")");
	stmt_bind_int(s, 1, participant_id);
	stmt_bind_int(s, 2, c->actor->org_id);
	int64_t someone_else = 1;
	int rc = stmt_scalar(s, &someone_else);
	return rc == STORE_ROW && someone_else == 0;
}
