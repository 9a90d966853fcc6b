// participantText.ts — how a participant is named and described on screen: name or
// "Anonym deltagare A-1234" (her local reference), personnummer as YYYYMMDD-NNNN, sex and birth year.
import type { Participant } from "./followupTypes";
import { SEX_LABELS, label } from "./labels";

export function participantName(p: Pick<Participant, "id" | "anonymous" | "first_name" | "last_name" | "local_ref">): string {
    if (p.anonymous) return `Anonym deltagare ${p.local_ref ?? p.id}`;
    const name = [p.first_name, p.last_name].filter(Boolean).join(" ");
    return name || `Deltagare ${p.id}`;
}

/** 12 digits as 19900101-1234; other forms as given. */
export function formatPersonnummer(pnr: string | null | undefined): string {
    if (!pnr) return "";
    return /^\d{12}$/.test(pnr) ? `${pnr.slice(0, 8)}-${pnr.slice(8)}` : pnr;
}

export function sexLabel(sex: string | null | undefined): string {
    return label(SEX_LABELS, sex);
}
