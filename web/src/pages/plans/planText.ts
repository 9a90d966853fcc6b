// planText.ts — how a plan's parts read in the UI: who assessed the stage and when,
// a step's responsible partner and person, the next meeting.
import { label, PATH_STAGE_LABELS } from "../../labels";
import type { Plan, PlanStep } from "../../plans";

type OrgName = (id: number | null | undefined) => string;

/** "Bedömt 2026-12-02 av Vänersborgs kommun" (the user's name is not public to partners). */
export function assessedText(plan: Plan, orgName: OrgName): string {
    if (!plan.stage || !plan.assessed_on) return "";
    return `${label(PATH_STAGE_LABELS, plan.stage)}: bedömt ${plan.assessed_on} av ${orgName(plan.assessed_by_org_id)}`;
}

export function stepWho(step: PlanStep, orgName: OrgName): string {
    const person = step.responsible_user_id ? step.responsible_user_name : step.responsible_name;
    return person ? `${orgName(step.org_id)}, ${person}` : orgName(step.org_id);
}

export function stepWhen(step: PlanStep): string {
    if (step.start_date && step.end_date) return `${step.start_date} – ${step.end_date}`;
    if (step.start_date) return `från ${step.start_date}`;
    if (step.end_date) return `till ${step.end_date}`;
    return "Inte bestämt";
}

export function meetingText(plan: Plan): string {
    const m = plan.next_meeting;
    if (!m || (!m.at && !m.place)) return "Inget möte bokat.";
    // "2099-01-15T09:30" as "2099-01-15 kl. 09.30" (the time as typed, Swedish style).
    const at = m.at ? `${m.at.slice(0, 10)}${m.at.length >= 16 ? ` kl. ${m.at.slice(11, 16).replace(":", ".")}` : ""}` : "";
    return [at, m.place].filter(Boolean).join(", ");
}

/** Whom a plan (or its handover or feedback entry) is about, as the plan shows her. */
export function personText(plan: Pick<Plan, "first_name" | "last_name" | "participant_id">): string {
    const n = [plan.first_name, plan.last_name].filter(Boolean).join(" ");
    return n || `Deltagare ${plan.participant_id}`;
}
