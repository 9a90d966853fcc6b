// labels.ts — Swedish labels for the API's code values (roles, organisation kinds,
// audit actions and entities) and small display helpers.
// The codes are the document's: a map typed Record<Enum, string> must name every code of
// the enum generated from the OpenAPI document, src/api/spec/ and no other, or the build fails. The
// words the server also writes (exports, the log) are checked against its label
// functions by tests/unit/test_ui_labels.c, which reads these maps as text: keep one
// entry per line.
import type { AuditQuery, Mail, OrgKind, Role } from "./api";
import { orgKindValues, roleValues } from "./generated/api-types";
import type {
    ConsentStatus,
    EnrolmentStatus,
    Funder,
    GoalIndicator,
    InterventionKind,
    InterventionStatus,
    Measurement,
} from "./followupTypes";
import type { GuidanceOutcome } from "./guidance";
import type { JobTrackStageName } from "./jobTracks";
import type {
    KaaChannel,
    KaaLeftReason,
    KaaMeasureKind,
    KaaMeasureStatus,
    KaaOccupation,
    KaaResult,
    KaaSchoolStatus,
    KaaSource,
} from "./kaa";
import type {
    MatchFactor,
    MatchingWeights,
    OpportunityKind,
    OpportunityStatus,
    PlacementResult,
    PlacementState,
    WorkOpenTo,
    WorkSwedishLevel,
} from "./matchingTypes";

export const MAIL_STATE_LABELS: Record<Mail["state"], string> = {
    queued: "Väntar",
    sending: "Skickas",
    sent: "Skickat",
    failed: "Misslyckades",
};

export const ROLE_LABELS: Record<Role, string> = {
    admin: "Administratör",
    kansli: "Kansli",
    case_worker: "Handläggare",
    employer_contact: "Arbetsgivarkontakt",
    trainer: "Utbildningsledare",
    reader: "Läsare",
};

/** In the document's order. */
export const ROLES: readonly Role[] = roleValues;

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
    af: "Arbetsförmedlingen",
    fk: "Försäkringskassan",
    kommun: "Kommun",
    region: "Region",
    education: "Utbildningsanordnare",
    forbund: "Samordningsförbund",
    other: "Annan",
};

export const ORG_KINDS: readonly OrgKind[] = orgKindValues;

export const AUDIT_ACTION_LABELS: Record<NonNullable<AuditQuery["action"]> & string, string> = {
    create: "Skapat",
    update: "Ändrat",
    read: "Läst",
    delete: "Tagit bort",
    login: "Inloggning",
    login_failed: "Misslyckad inloggning",
    login_throttled: "Inloggning spärrad",
    logout: "Utloggning",
    password_change: "Bytt lösenord",
    consent: "Samtycke registrerat",
    import: "Importerat",
    generate: "Testdata skapad",
    backup: "Säkerhetskopia",
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
    employer_person: "Kontaktperson hos arbetsgivare",
    employer_contact: "Arbetsgivarkontakt",
    recruitment_need: "Rekryteringsbehov",
    network: "Nätverk",
    attendee: "Deltagare vid tillfälle",
    volume: "Antal deltagare (volym)",
    target_group: "Målgrupp",
    code_list: "Kodlista",
    settings: "Inställningar",
    database: "Databas",
    course: "Utbildning",
    training_session: "Utbildningstillfälle",
    mail: "E-postmeddelande",
    training_registration: "Anmälan till utbildningstillfälle",
    survey: "Enkät",
    survey_invitation: "Enkätinbjudan",
    survey_response: "Enkätsvar",
    job_track: "Jobbspår",
    opportunity: "Ledig plats",
    toolbox_item: "Verktyg i verktygslådan",
    kaa_youth: "Ung i aktivitetsansvaret",
    guidance_time: "SYV-tid",
    guidance_reminder: "Påminnelse om SYV-tid",
    plan: "Gemensam plan",
};

/** An IPS specialist's caseload against the limit of at most 20–25 (docs/matching.md). */
export const IPS_CASELOAD_BAND_LABELS: Record<string, string> = {
    within: "inom IPS-gränsen, högst 20",
    upper: "21–25, vid IPS-gränsens övre del",
    over: "över IPS-gränsen på 25",
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

// ---- SUS follow-up ------------------------------------------------------------

// A person's sex, and a column of counts; the server's are in src/se/sex.c, and
// tests/unit/test_sex.c checks that these two lines say the same.
export const SEX_LABELS: Record<string, string> = { female: "Kvinna", male: "Man" };
export const SEX_PLURAL_LABELS: Record<string, string> = { female: "Kvinnor", male: "Män" };

export const INTERVENTION_KIND_LABELS: Record<InterventionKind, string> = {
    individual: "Individinriktad",
    structural: "Strukturövergripande",
    competence: "Kompetenshöjande",
};

export const INTERVENTION_STATUS_LABELS: Record<InterventionStatus, string> = {
    planned: "Planerad",
    active: "Pågår",
    ended: "Avslutad",
};

/** An enrolment's status (the API's planned|ongoing|ended), as lists and filters name it. */
export const ENROLMENT_STATUS_LABELS: Record<EnrolmentStatus, string> = {
    planned: "Planerad",
    ongoing: "Pågår",
    ended: "Avslutad",
};

export const MEASUREMENT_LABELS: Record<Measurement, string> = {
    participants: "Deltagare (med namn eller anonyma)",
    volume: "Volym (antal kvinnor och män per period)",
};

export const MEASUREMENT_SHORT_LABELS: Record<Measurement, string> = {
    participants: "Deltagare",
    volume: "Volym",
};

export const FUNDER_LABELS: Record<Funder, string> = {
    state: "Staten",
    municipality: "Kommunerna",
    region: "Regionen",
    esf: "ESF",
    other: "Övriga",
};

export const GOAL_INDICATOR_LABELS: Record<GoalIndicator, string> = {
    participants: "Unika deltagare",
    work_or_studies: "Deltagare till arbete eller studier",
    attendees: "Unika deltagare i strukturinsats",
    mentors_trained: "Utbildade mentorer",
    volume: "Volym (antal personer)",
};

export const CONSENT_STATUS_LABELS: Record<ConsentStatus, string> = {
    given: "Samtycke lämnat",
    withdrawn: "Samtycke återkallat",
};

export const AGE_BAND_LABELS: Record<string, string> = {
    under_16: "Under 16 år",
    "16-19": "16–19 år",
    "20-24": "20–24 år",
    "25-29": "25–29 år",
    "30-39": "30–39 år",
    "40-49": "40–49 år",
    "50-59": "50–59 år",
    "60-64": "60–64 år",
    "65+": "65 år och äldre",
};

const wholeNumber = new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("sv-SE", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 1 234 567 (Swedish digit grouping); "" for null. */
export function formatNumber(value: number | null | undefined): string {
    if (value === null || value === undefined || Number.isNaN(value)) return "";
    return wholeNumber.format(value);
}

/** 12,5 (one decimal, decimal comma). */
export function formatPercent(value: number | null | undefined): string {
    if (value === null || value === undefined || Number.isNaN(value)) return "";
    return oneDecimal.format(value);
}

/** A file's size for people: "812 byte", "48 kB", "57,3 MB". */
export function formatFileSize(bytes: number): string {
    if (bytes < 1000) return `${wholeNumber.format(bytes)} byte`;
    if (bytes < 1_000_000) return `${wholeNumber.format(bytes / 1000)} kB`;
    return `${oneDecimal.format(bytes / 1_000_000)} MB`;
}

/** 700 000 kr */
export function formatSek(value: number | null | undefined): string {
    if (value === null || value === undefined) return "";
    return `${wholeNumber.format(value)} kr`;
}

/** "2024-01-15 – 2024-06-30", or "2024-01-15 –" while open. */
export function formatPeriod(start: string, end: string | null | undefined): string {
    return end ? `${start} – ${end}` : `${start} –`;
}

/** Today in the user's time zone as YYYY-MM-DD. */
export function today(): string {
    const d = new Date();
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A YYYY-MM-DD date plus whole months (day clamped to the month's length). */
export function addMonths(date: string, months: number): string {
    const [y, m, d] = date.split("-").map(Number);
    const total = y * 12 + (m - 1) + months;
    const year = Math.floor(total / 12);
    const month = (total % 12) + 1;
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

// ---- Employer trainings ----

export const SESSION_STATUS_LABELS: Record<string, string> = {
    open: "Öppen för anmälan",
    closed: "Stängd",
    cancelled: "Inställd",
};

// ---- Matching (docs/matching.md) ----

/** Her Swedish in the work profile; no level (null) is "Ej bedömd". The needs' requirement
 * has the same codes with the words of a requirement (employerLabels.ts SWEDISH_LEVEL_LABELS). */
export const WORK_SWEDISH_LEVEL_LABELS: Record<WorkSwedishLevel, string> = {
    none: "Ingen",
    basic: "Grundläggande",
    good: "God",
    fluent: "Flytande",
};
export const WORK_SWEDISH_NOT_ASSESSED = "Ej bedömd";

/** What a participant is open to, in the document's order. */
export const WORK_OPEN_TO_LABELS: Record<WorkOpenTo, string> = {
    praktik: "Praktik",
    arbetstraning: "Arbetsträning",
    apl: "APL",
    wage_subsidy: "Anställning med lönestöd",
    employment: "Anställning",
};

// ---- Job tracks (docs/matching.md "Job tracks") ----

/** A candidate's stage in a job track's admission: the main line, then the branches. */
export const JOB_TRACK_STAGE_LABELS: Record<JobTrackStageName, string> = {
    nominated: "Föreslagen",
    invited: "Inbjuden till informationsmöte",
    attended_info: "Deltog i informationsmöte",
    applied: "Har ansökt",
    trial: "Provpraktik",
    admitted: "Antagen",
    started: "Påbörjat",
    completed: "Fullföljt",
    employed: "Anställd",
    not_admitted: "Inte antagen",
    dropped_out: "Avbrutit",
    withdrawn: "Återtagen",
};

/** The kind of an open place (and of a placement): what a participant is open to, and a job track. */
export const OPPORTUNITY_KIND_LABELS: Record<OpportunityKind, string> = {
    ...WORK_OPEN_TO_LABELS,
    job_track: "Jobbspår",
};

export const OPPORTUNITY_STATUS_LABELS: Record<OpportunityStatus, string> = {
    open: "Öppen",
    filled: "Tillsatt",
    closed: "Stängd",
};

/** A need's open_to flag for each kind of place a need can become (mentorship is none). */
export const NEED_OPEN_TO_KIND: Record<string, OpportunityKind> = {
    praktik: "praktik",
    work_training: "arbetstraning",
    apl: "apl",
    wage_subsidy: "wage_subsidy",
};

/** The factors of a match's ranking, as a heading beside the server's detail. */
export const MATCH_FACTOR_LABELS: Record<MatchFactor, string> = {
    occupation: "Yrke",
    municipality: "Ort",
    kind: "Sorts plats",
    period: "Period",
    driving_licence: "Körkort",
    swedish_level: "Svenska",
    upper_secondary: "Gymnasieutbildning",
    certificate: "Certifikat",
};

/** The factors that are hard requirements: one not met puts the match below all others. */
export const HARD_REQUIREMENT_FACTORS: readonly MatchFactor[] = ["driving_licence", "swedish_level", "upper_secondary", "certificate"];

/** The matching weights of the settings (admin), each the points of a fully met factor. */
export const MATCHING_WEIGHT_LABELS: Record<keyof MatchingWeights, string> = {
    occupation: "Yrke",
    municipality: "Ort",
    kind: "Sorts plats",
    period: "Period",
};

export const PLACEMENT_STATE_LABELS: Record<PlacementState, string> = {
    proposed: "Föreslagen",
    accepted: "Arbetsgivaren tackade ja",
    declined: "Arbetsgivaren tackade nej",
    started: "Pågår",
    ended: "Avslutad",
};

export const PLACEMENT_RESULT_LABELS: Record<PlacementResult, string> = {
    employment: "Anställning",
    studies: "Fortsatta studier",
    completed: "Genomförd utan anställning",
    ended_early: "Avbruten",
};

/** The path model's five stages (docs/plans.md), in order. */
export const PATH_STAGE_LABELS: Record<string, string> = {
    clarify: "Klargöra arbetsförutsättningar",
    guide: "Vägleda och motivera",
    equip: "Rusta",
    employable: "Anställningsbar",
    matchable: "Matchningsbar",
};

export const PLAN_STATUS_LABELS: Record<string, string> = {
    active: "Aktiv",
    paused: "Pausad",
    closed: "Avslutad",
};

export const PLAN_STEP_STATE_LABELS: Record<string, string> = {
    planned: "Planerat",
    ongoing: "Pågår",
    done: "Klart",
    cancelled: "Avbrutet",
};

/** A handover's status (docs/plans.md "Handovers"). */
export const HANDOVER_STATUS_LABELS: Record<string, string> = {
    pending: "Väntar på svar",
    accepted: "Godtagen",
    declined: "Avböjd",
    withdrawn: "Tillbakadragen",
};

/** Where a feedback entry in a plan comes from. */
export const FEEDBACK_SOURCE_LABELS: Record<string, string> = {
    plan: "Återkoppling",
    guidance: "Återkoppling från SYV",
};

// ---- The KAA register (docs/kaa.md "Codes") ------------------------------------

/** Occupation status of a young person in the KAA register. */
export const KAA_OCCUPATION_LABELS: Record<KaaOccupation, string> = {
    work: "Arbete",
    studies: "Studier (ej nationellt program i gymnasieskolan)",
    folk_high_school: "Folkhögskola",
    introductory_programme: "Introduktionsprogram",
    other_activity: "Annan aktivitet",
    none: "Ingen sysselsättning",
    unknown: "Okänd",
};

export const KAA_SCHOOL_STATUS_LABELS: Record<KaaSchoolStatus, string> = {
    compulsory_only: "Endast grundskola eller motsvarande",
    introductory_programme: "Går eller har gått introduktionsprogram",
    dropped_out_national: "Avbrutit nationellt program",
    completed_without_degree: "Fullföljt utan examen",
    other: "Annat",
    unknown: "Okänd",
};

export const KAA_SOURCE_LABELS: Record<KaaSource, string> = {
    school_list: "Skolans lista",
    population_register: "Folkbokföringen",
    other: "Annat",
};

export const KAA_LEFT_REASON_LABELS: Record<KaaLeftReason, string> = {
    turned_20: "Fyllt 20 år",
    started_national_programme: "Börjat nationellt program",
    completed_national_programme: "Fullföljt nationellt program",
    moved: "Flyttat från kommunen",
    other: "Annat",
};

export const KAA_MEASURE_KIND_LABELS: Record<KaaMeasureKind, string> = {
    introductory_programme: "Introduktionsprogram",
    studies: "Studier",
    folk_high_school: "Folkhögskola",
    internship: "Praktik",
    labour_market_programme: "Arbetsmarknadsinsats",
    guidance: "Vägledning",
    other: "Annan åtgärd",
};

export const KAA_MEASURE_STATUS_LABELS: Record<KaaMeasureStatus, string> = {
    offered: "Erbjuden",
    taken: "Genomförd eller pågår",
    declined: "Avböjd",
};

export const KAA_CHANNEL_LABELS: Record<KaaChannel, string> = {
    phone: "Telefon",
    sms: "Sms",
    letter: "Brev",
    email: "E-post",
    home_visit: "Hembesök",
    meeting: "Möte",
};

export const KAA_RESULT_LABELS: Record<KaaResult, string> = {
    reached: "Nådd",
    not_reached: "Inte nådd",
    declined: "Avböjde kontakt",
};

/** Whether a SYV guidance took place (docs/plans.md "SYV-tider"). */
export const GUIDANCE_OUTCOME_LABELS: Record<GuidanceOutcome, string> = {
    held: "Genomförd",
    not_held: "Ej genomförd",
};
