// matchingText.ts — how the matching pages name a place and a person on screen: the
// place as "Praktik, Kockar och kallskänkor (5120)" and a placement's or candidate's
// participant as the name the API gave (the employer side gets "Ada E.", or nothing
// once her consent is withdrawn), and which placements are still under way.
import { OPPORTUNITY_KIND_LABELS, formatPeriod, label } from "../../labels";
import type { OpportunityKind, Placement } from "../../matchingTypes";

/** "Praktik, Kockar och kallskänkor (5120)"; ssykText is useClassifications().ssykText. */
export function placeText(kind: OpportunityKind, ssykCode: string, ssykText: (code: string) => string): string {
    return `${label(OPPORTUNITY_KIND_LABELS, kind)}, ${ssykText(ssykCode)}`;
}

/** The participant's name as far as the reader may see it. */
export function personText(p: { first_name: string | null; last_name: string | null; participant_id: number }): string {
    const name = [p.first_name, p.last_name].filter(Boolean).join(" ");
    return name || `Deltagare (namnet visas inte)`;
}

/** A placement under way (proposed, accepted, started): another proposal for the same place is refused. */
export function isActivePlacement(p: Placement): boolean {
    return p.state === "proposed" || p.state === "accepted" || p.state === "started";
}

/** A place's period: "2027-01-01 – 2027-03-31", "till 2027-03-31", or "" when it has none. */
export function placePeriod(o: { start_date: string | null; end_date: string | null }): string {
    if (!o.start_date && !o.end_date) return "";
    return o.start_date ? formatPeriod(o.start_date, o.end_date) : `till ${o.end_date}`;
}
