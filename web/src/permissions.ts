// permissions.ts — what the logged-in user's roles allow in the follow-up part of the
// UI (docs/followup.md "Who may see what"); the server decides, these only spare the
// user buttons and calls that would be refused.
import type { Intervention } from "./followupTypes";
import { hasRole, session } from "./session";

/** Participants and enrolments: admin, and case workers (those they may see). */
export function canSeeParticipants(): boolean {
    return hasRole("admin") || hasRole("case_worker");
}

/** Creating and changing interventions, budgets and goals. */
export function canEditInterventions(): boolean {
    return hasRole("admin") || hasRole("kansli");
}

/** Enrolling in an intervention: admin, and case workers of its owner or partners. */
export function canEnrolIn(intervention: Intervention): boolean {
    if (hasRole("admin")) return true;
    const org = session.user?.org_id;
    return hasRole("case_worker") && org !== undefined && (intervention.owner_org_id === org || intervention.partner_org_ids.includes(org));
}

/** Volumes and attendees: admin, kansli, trainer, and users of the owner or partners. */
export function canRegisterFor(intervention: Intervention): boolean {
    if (hasRole("admin") || hasRole("kansli") || hasRole("trainer")) return true;
    const org = session.user?.org_id;
    return org !== undefined && (intervention.owner_org_id === org || intervention.partner_org_ids.includes(org));
}

/** Attendees are personal data: who reads them (employer contacts and readers do not). */
export function canSeeAttendees(intervention: Intervention): boolean {
    if (hasRole("admin") || hasRole("kansli") || hasRole("trainer")) return true;
    if (!hasRole("case_worker")) return false;
    const org = session.user?.org_id;
    return org !== undefined && (intervention.owner_org_id === org || intervention.partner_org_ids.includes(org));
}

/** The employer register: creating and changing employers, needs and contact persons (docs/employers.md). */
export function canEditEmployers(): boolean {
    return hasRole("admin") || hasRole("kansli") || hasRole("employer_contact") || hasRole("case_worker");
}

/** Importing a company register extract: the register's keepers (docs/employers.md "Import"). */
export function canImportEmployers(): boolean {
    return hasRole("admin") || hasRole("kansli");
}

/** Importing participants from CSV: admin only (docs/followup.md "Import"). */
export function canImportParticipants(): boolean {
    return hasRole("admin");
}

/** Logging a contact with an employer: those who work with employers. */
export function canLogContacts(): boolean {
    return canEditEmployers();
}

/** The contact log (history, weekly list): every role but a reader's alone. */
export function canSeeContactLog(): boolean {
    return (session.user?.roles ?? []).some((r) => r !== "reader");
}

/** Courses and sessions: creating, changing and copying (docs/trainings.md "Who may"). */
export function canManageTrainings(): boolean {
    return hasRole("admin") || hasRole("kansli");
}

/** A session's registrations (personal data): admin, kansli, and the session's own trainer. */
export function canSeeRegistrations(trainerUserId: number | null): boolean {
    if (canManageTrainings()) return true;
    return hasRole("trainer") && trainerUserId !== null && session.user?.id === trainerUserId;
}

/** Changing a session's status: admin, kansli, and its own trainer (status only). */
export function canChangeSessionStatus(trainerUserId: number | null): boolean {
    return canSeeRegistrations(trainerUserId);
}

/** Job tracks: creating and changing them (docs/matching.md "Job tracks", Who may). */
export function canEditJobTracks(): boolean {
    return hasRole("admin") || hasRole("kansli") || hasRole("case_worker");
}

/** Creating and changing open places (docs/matching.md "Opportunities"); everyone reads them. */
export function canEditOpportunities(): boolean {
    return canEditEmployers();
}

/** Candidates for a place: admin, case workers (those they may see), employer contacts (first name and initial). */
export function canSeeCandidates(): boolean {
    return hasRole("admin") || hasRole("case_worker") || hasRole("employer_contact");
}

/** Placements: admin, case workers (her participants'), employer contacts (her employers'). */
export function canSeePlacements(): boolean {
    return canSeeCandidates();
}

/** Proposing a participant to a place: admin and case workers (not the employer side). */
export function canProposePlacements(): boolean {
    return canSeeParticipants();
}

/** The toolbox of the joint plan: keeping it up to date (docs/plans.md "The toolbox"). */
export function canEditToolbox(): boolean {
    return hasRole("admin") || hasRole("kansli") || hasRole("case_worker");
}

/** Joint plans are personal data: drawing one up and working in it (docs/plans.md "Who sees a plan"). */
export function canWorkWithPlans(): boolean {
    return canSeeParticipants();
}

/** The KAA register: only the municipality's own KAA staff (docs/kaa.md "Who sees it"). */
export function canSeeKaa(): boolean {
    return session.user?.kaa_staff === true;
}

/** Moving a young person into follow-up also needs the case worker's role (participants). */
export function canMoveKaaToFollowup(): boolean {
    return canSeeKaa() && canSeeParticipants();
}

/** SYV-tider: the calendar is seen by admin, kansli, case workers and readers (docs/plans.md "SYV-tider"). */
export function canSeeGuidance(): boolean {
    return hasRole("admin") || hasRole("kansli") || hasRole("case_worker") || hasRole("reader");
}

/** Publishing SYV times: counsellors (case workers) for themselves, admins for a counsellor. */
export function canPublishGuidance(): boolean {
    return hasRole("admin") || hasRole("case_worker");
}

/** Booking a time for a participant: those who work with participants. */
/** The handover inbox and feedback (docs/plans.md "Handovers"): as the plans. */
export function canSeeHandovers(): boolean {
    return canWorkWithPlans();
}

export function canBookGuidance(): boolean {
    return canSeeParticipants();
}
