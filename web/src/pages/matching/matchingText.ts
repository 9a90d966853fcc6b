// matchingText.ts — how the matching pages name a place and a person on screen: the
// place as "Praktik, Kockar och kallskänkor (5120)" and a placement's or candidate's
// participant as the name the API gave (the employer side gets "Ada E.", or nothing
// once her consent is withdrawn).
import { OPPORTUNITY_KIND_LABELS, label } from "../../labels";
import type { OpportunityKind } from "../../matchingTypes";

/** "Praktik, Kockar och kallskänkor (5120)"; ssykText is useClassifications().ssykText. */
export function placeText(kind: OpportunityKind, ssykCode: string, ssykText: (code: string) => string): string {
    return `${label(OPPORTUNITY_KIND_LABELS, kind)}, ${ssykText(ssykCode)}`;
}

/** The participant's name as far as the reader may see it. */
export function personText(p: { first_name: string | null; last_name: string | null; participant_id: number }): string {
    const name = [p.first_name, p.last_name].filter(Boolean).join(" ");
    return name || `Deltagare (namnet visas inte)`;
}
