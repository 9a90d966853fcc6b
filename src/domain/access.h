/* access.h — who may see which participants, the rule of docs/followup.md:
 * admin sees all; a case worker sees the participants enrolled in an
 * intervention whose owner or partner is her organisation, and those she
 * created; other roles see no participant data (reports only).
 * Every module that reads participant data uses these, so the rule lives in
 * one place. */
#ifndef SAMSYN_ACCESS_H
#define SAMSYN_ACCESS_H
#include "ctx.h"

/* May the actor work with participant data at all (admin, case_worker)? */
bool access_participants(const struct actor *a);
/* The same as a domain check: 0, or ERR_FORBIDDEN with the Swedish reason. */
int access_require_participants(struct ctx *c);
/* Does the actor see every participant (admin)? */
bool access_all_participants(const struct actor *a);

/* An SQL condition true when the participant whose id is in the column
 * `p.id` (alias p for participants) is visible. It has ACCESS_VISIBLE_PARAMS
 * placeholders, bound by access_bind_visible from index first on. */
#define ACCESS_VISIBLE_SQL                                                                                         \
	"(? = 1 OR p.created_by_user_id = ? OR p.id IN (SELECT ae.participant_id FROM enrolments ae"                 \
	" WHERE ae.intervention_id IN (SELECT ai.id FROM interventions ai WHERE ai.owner_org_id = ?"                  \
	" UNION SELECT ap.intervention_id FROM intervention_partners ap WHERE ap.org_id = ?)))"
/* Written with IN (not a correlated EXISTS) so that SQLite builds the set
 * of the organisation's participants once per statement and probes it,
 * through the enrolments (intervention_id, participant_id) index. */
#define ACCESS_VISIBLE_PARAMS 4
void access_bind_visible(struct stmt *s, int first, const struct actor *a);

/* Is participant id visible to the actor? False also when it does not exist. */
bool access_participant_visible(struct ctx *c, int64_t participant_id);
/* Is the actor's organisation the owner or a partner of the intervention? */
bool access_intervention_member(struct ctx *c, int64_t intervention_id);

#endif
