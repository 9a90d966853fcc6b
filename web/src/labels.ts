// labels.ts — Swedish labels for the API's code values (roles, organisation kinds,
// audit actions and entities) and small display helpers.
import type { OrgKind, Role } from "./api";

export const ROLE_LABELS: Record<Role, string> = {
    admin: "Administratör",
    kansli: "Kansli",
    case_worker: "Handläggare",
    employer_contact: "Arbetsgivarkontakt",
    trainer: "Utbildningsledare",
    reader: "Läsare",
};

export const ROLES = Object.keys(ROLE_LABELS) as Role[];

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
    af: "Arbetsförmedlingen",
    fk: "Försäkringskassan",
    kommun: "Kommun",
    region: "Region",
    education: "Utbildningsanordnare",
    forbund: "Samordningsförbund",
    other: "Annan",
};

export const ORG_KINDS = Object.keys(ORG_KIND_LABELS) as OrgKind[];

export const AUDIT_ACTION_LABELS: Record<string, string> = {
    create: "Skapat",
    update: "Ändrat",
    read: "Läst",
    delete: "Tagit bort",
    login: "Inloggning",
    login_failed: "Misslyckad inloggning",
    login_throttled: "Inloggning spärrad",
    logout: "Utloggning",
    password_change: "Bytt lösenord",
};

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
    org: "Organisation",
    user: "Användare",
    session: "Inloggning",
    api_token: "API-nyckel",
    audit: "Logg",
    participant: "Deltagare",
    intervention: "Insats",
    enrolment: "Insatsdeltagande",
    employer: "Arbetsgivare",
};

export const AUDIT_DETAIL_LABELS: Record<string, string> = {
    password_reset: "Nytt engångslösenord",
    inactive: "Kontot är inaktiverat",
    activated: "Kontot aktiverat",
    deactivated: "Kontot inaktiverat",
};

/** The Swedish label of a code, or the code itself when it is unknown. */
export function label(labels: Record<string, string>, code: string | null | undefined): string {
    if (!code) return "";
    return labels[code] ?? code;
}

export function roleList(roles: readonly string[]): string {
    return roles.map((r) => label(ROLE_LABELS, r)).join(", ");
}

/** An RFC 3339 timestamp in Swedish local form, e.g. "2025-03-04 14:05:09". */
export function formatTimestamp(value: string): string {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return value;
    return date.toLocaleString("sv-SE", {
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
    });
}
