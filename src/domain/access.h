/* access.h — who may see which participants, the rule of docs/followup.md:
 * admin sees all; a case worker sees the participants her organisation
 * registered and those enrolled in an intervention whose owner or partner
 * is her organisation, and of them only her organisation's enrolments,
 * consents and base data; other roles see no participant data (reports
 * only).
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

/* The rules below are SQL conditions with two named parameters, bound by
 * access_bind: :all, 1 when the actor sees every participant, and :org,
 * her organisation (access_own_org). A statement binds them once however
 * many of the rules it uses, and its own :org means the same. */
void access_bind(struct stmt *s, const struct actor *a);

/* True when the participant whose id is in the column `p.id` (alias p for
 * participants) is visible: to an admin every one; to others those their
 * organisation registered (first, or later through a
 * participant_registrations row) and those enrolled in an intervention
 * whose owner or partner is their organisation. */
#define ACCESS_VISIBLE_SQL                                                                                         \
	"(:all = 1 OR p.created_by_org_id = :org OR p.id IN (SELECT ar.participant_id FROM participant_registrations ar" \
	" WHERE ar.org_id = :org) OR p.id IN (SELECT ae.participant_id FROM enrolments ae"                            \
	" WHERE ae.intervention_id IN (SELECT ai.id FROM interventions ai WHERE ai.owner_org_id = :org"               \
	" UNION SELECT ap.intervention_id FROM intervention_partners ap WHERE ap.org_id = :org)))"
/* Written with IN (not a correlated EXISTS) so that SQLite builds the set
 * of the organisation's participants once per statement and probes it,
 * through the enrolments (intervention_id, participant_id) index. */

/* The same rule for a participant p without a participant_registrations
 * row of the actor's organisation (a caller reads those apart, as they are
 * visible by that row): written as correlated EXISTS, so that SQLite tests
 * one participant at a time in the order of another index (a list's name
 * order, stopping at its page) instead of building the organisation's
 * whole set first. */
#define ACCESS_VISIBLE_PROBE_SQL                                                                                   \
	"(:all = 1 OR p.created_by_org_id = :org OR EXISTS (SELECT 1 FROM enrolments ae WHERE ae.participant_id = p.id" \
	" AND +ae.intervention_id IN (SELECT ai.id FROM interventions ai WHERE ai.owner_org_id = :org"               \
	" UNION SELECT ap.intervention_id FROM intervention_partners ap WHERE ap.org_id = :org)))"

/* The participant's base data as the actor's organisation typed it: its own
 * registration (alias r, joined on :org) when it has one, else the first
 * registration's (the participants row, alias p). Every path that shows a
 * participant's name reads it so (docs/followup.md, "What of them"): an
 * organisation that registered a person known elsewhere sees its own
 * typing, never the other organisation's. :org is access_own_org (0 for an
 * admin, who has no registration and sees the first). */
#define ACCESS_OWN_REGISTRATION_JOIN " LEFT JOIN participant_registrations r ON r.participant_id = p.id AND r.org_id = :org"
#define ACCESS_FIRST_NAME_SQL "COALESCE(r.first_name, p.first_name)"
#define ACCESS_LAST_NAME_SQL "COALESCE(r.last_name, p.last_name)"

/* True when any organisation marked the participant p's identity protected
 * (skyddad identitet): the employer side then sees no name of hers. */
/* True when participant p may be shared with employers: her latest consent
 * of kind share_with_employers, by date and then id, whoever recorded it,
 * is given (../shared/API.md). Matching, placements and the participant's
 * own read (shares_with_employers) apply this one rule. */
#define ACCESS_EMPLOYER_CONSENT_SQL                                                                            \
	"((SELECT k.status FROM consents k WHERE k.participant_id = p.id AND k.kind = 'share_with_employers'" \
	" ORDER BY k.date DESC, k.id DESC LIMIT 1) = 'given')"

#define ACCESS_PROTECTED_ANYWHERE_SQL                                                                             \
	"(p.protected_identity <> 0 OR EXISTS (SELECT 1 FROM participant_registrations pr"                          \
	" WHERE pr.participant_id = p.id AND pr.protected_identity <> 0))"

/* True when the enrolment in alias e is visible: to an admin every one; to
 * others those in an intervention whose owner or partner is their
 * organisation. Seeing a participant is not seeing her enrolments with
 * other organisations. */
#define ACCESS_ENROLMENT_SQL                                                                                       \
	"(:all = 1 OR e.intervention_id IN (SELECT ai.id FROM interventions ai WHERE ai.owner_org_id = :org"         \
	" UNION SELECT ap.intervention_id FROM intervention_partners ap WHERE ap.org_id = :org))"

/* The organisation whose own records (registration, consents) the actor
 * sees; 0 for an admin, who sees every organisation's. */
int64_t access_own_org(const struct actor *a);

/* May the actor see every participant behind a report's counts: an admin,
 * or a case worker whose report is limited to an intervention of her
 * organisation (intervention_id; 0 is every intervention)? Everyone else
 * gets the counts suppressed. */
bool access_sees_people_behind(struct ctx *c, int64_t intervention_id);

/* Does the actor belong to the förbund's own organisation (kind forbund),
 * the office that reports every intervention to SUS? */
bool access_forbund_office(struct ctx *c);

/* True when the actor's organisation is a partner of the joint plan in
 * alias pl (docs/plans.md "Who sees a plan"): its responsible organisation
 * or one of its plan_partners; an admin (:all) sees every plan. Being a
 * plan's partner does not widen ACCESS_VISIBLE_SQL: it shows that plan,
 * not the rest of the participant. Handovers and guidance bookings reuse it. */
#define PLAN_PARTNER_SQL                                                                                           \
	"(:all = 1 OR pl.responsible_org_id = :org OR pl.id IN (SELECT pp.plan_id FROM plan_partners pp"             \
	" WHERE pp.org_id = :org))"
/* Is the actor's organisation a partner of plan id (and may she work with
 * participant data at all)? False also when the plan does not exist. */
bool access_plan_partner(struct ctx *c, int64_t plan_id);

/* Is participant id visible to the actor? False also when it does not exist. */
bool access_participant_visible(struct ctx *c, int64_t participant_id);
/* Is the actor's organisation the owner or a partner of the intervention? */
bool access_intervention_member(struct ctx *c, int64_t intervention_id);
/* May the actor rewrite the participant's identity (anonymise, change the
 * personnummer)? An admin may; another user when every enrolment of the
 * person is one she sees and every organisation that registered the person
 * is her own or works with her in one of those interventions, so that no
 * one else's record is destroyed. */
bool access_identity_rewrite(struct ctx *c, int64_t participant_id);

#endif
