// contactText.ts — how a logged contact is named in the employer pages: the user and
// the organisation by name (from the answer when the server sends names, otherwise
// the organisations list and the logged-in user), the contact in one line, and the
// columns every table of contacts ends with.
import type { EmployerContact } from "../../employerTypes";
import { CHANNEL_LABELS, PURPOSE_LABELS } from "../../employerLabels";
import { label } from "../../labels";
import { session } from "../../session";

export function contactUser(c: EmployerContact): string {
    if (c.user_name) return c.user_name;
    if (session.user && c.user_id === session.user.id) return session.user.name;
    return `Användare ${c.user_id}`;
}

export function contactOrg(c: EmployerContact, orgName: (id: number) => string): string {
    return c.org_name || orgName(c.org_id);
}

/** "2026-11-20, AF Trollhättan (Anna Andersson), telefon, rekrytering" */
export function contactLine(c: EmployerContact, orgName: (id: number) => string): string {
    const channel = label(CHANNEL_LABELS, c.channel).toLowerCase();
    const purpose = label(PURPOSE_LABELS, c.purpose).toLowerCase();
    return `${c.date}, ${contactOrg(c, orgName)} (${contactUser(c)}), ${channel}, ${purpose}`;
}

/** The last columns of a table of contacts (the employer's history, the weekly list). */
export const CONTACT_COLUMNS: { heading: string; text: (c: EmployerContact) => string; class?: string }[] = [
    { heading: "Kontaktsätt", text: (c) => label(CHANNEL_LABELS, c.channel) },
    { heading: "Syfte", text: (c) => label(PURPOSE_LABELS, c.purpose) },
    { heading: "IPS-steg", text: (c) => String(c.stage ?? "") },
    { heading: "Anteckning", text: (c) => c.note ?? "", class: "preline" },
    { heading: "Nästa steg", text: (c) => c.next_step_date ?? "", class: "nowrap" },
];
