// followupTypes.ts — types of the SUS follow-up resources of the API (interventions,
// participants, enrolments, code lists, reports) as docs/followup.md describes them.

export type Sex = "female" | "male";
export type InterventionKind = "individual" | "structural" | "competence";
export type InterventionStatus = "planned" | "active" | "ended";
export type Measurement = "participants" | "volume";
export type Funder = "state" | "municipality" | "region" | "esf" | "other";

export interface Budget {
    year: number;
    funder: Funder;
    amount_sek: number;
    actual_sek: number | null;
}

export interface Goal {
    year: number;
    indicator: string;
    target: number;
}

export interface Intervention {
    id: number;
    name: string;
    kind: InterventionKind;
    owner_org_id: number;
    partner_org_ids: number[];
    start_date: string;
    end_date: string | null;
    status: InterventionStatus;
    target_groups: string[];
    measurement: Measurement;
    description: string | null;
    budgets: Budget[];
    goals: Goal[];
}

export type InterventionInput = Omit<Intervention, "id">;

export interface InterventionQuery {
    q?: string;
    kind?: string;
    status?: string;
    org_id?: number;
    year?: number;
    limit?: number;
    offset?: number;
}

export interface Volume {
    id: number;
    period_start: string;
    period_end: string;
    women: number;
    men: number;
}

export type VolumeInput = Omit<Volume, "id">;

export interface Attendee {
    id: number;
    first_name: string;
    last_name: string;
    sex: Sex;
    email: string | null;
    employer_id: number | null;
    organisation_name: string | null;
    format: string;
    date: string;
}

export type AttendeeInput = Omit<Attendee, "id">;

export interface TargetGroup {
    code: string;
    name: string;
    description: string | null;
    active: boolean;
}

export type ConsentStatus = "given" | "withdrawn";

export interface Consent {
    id?: number;
    status: ConsentStatus;
    date: string;
    scope: string | null;
    recorded_by_user_id?: number | null;
    created_at?: string;
}

export interface ConsentInput {
    status: ConsentStatus;
    date: string;
    scope: string | null;
}

export interface Participant {
    id: number;
    anonymous: boolean;
    /** An anonymous participant's local reference, "A-1234". */
    local_ref?: string;
    personnummer?: string | null;
    first_name?: string | null;
    last_name?: string | null;
    sex: Sex;
    birth_date?: string | null;
    birth_year: number;
    municipality_code: string | null;
    target_groups: string[];
    protected_identity?: boolean;
    consent: Consent | null;
}

/** POST /participants: a named person (personnummer) or an anonymous one. */
export type ParticipantCreate =
    | {
          anonymous: false;
          personnummer: string;
          first_name: string;
          last_name: string;
          municipality_code: string | null;
          target_groups: string[];
          protected_identity?: boolean;
      }
    | {
          anonymous: true;
          sex: Sex;
          birth_year: number;
          municipality_code: string | null;
          target_groups: string[];
      };

export interface ParticipantPatch {
    anonymous?: true;
    /** Why the identity is rewritten (anonymised, new personnummer): required then, kept in the log. */
    reason?: string;
    first_name?: string;
    last_name?: string;
    sex?: Sex;
    birth_year?: number;
    municipality_code?: string | null;
    target_groups?: string[];
}

/** An enrolment's state as of today (docs/followup.md "Enrolments"). */
export type EnrolmentStatus = "planned" | "ongoing" | "ended";

/** The list filters of participants (GET /participants, and the search's body). */
export interface ParticipantFilters {
    intervention_id?: number | string;
    municipality_code?: string;
    target_group?: string;
    status?: EnrolmentStatus | "";
    followup_due?: boolean | string;
}

export interface ParticipantQuery extends ParticipantFilters {
    q?: string;
    limit?: number;
    offset?: number;
}

/** GET /enrolments: filters, order and paging. */
export interface EnrolmentQuery {
    participant_id?: number;
    intervention_id?: number;
    status?: EnrolmentStatus | "";
    followup_due?: boolean | string;
    sort?: "-start_date" | "start_date" | "end_date" | "-end_date";
    include?: "participant";
    limit?: number;
    offset?: number;
}

/** An enrolment's participant as a list with include=participant gives her. */
export interface EnrolmentParticipant {
    id: number;
    anonymous: boolean;
    first_name?: string;
    last_name?: string;
    sex: string;
    birth_year: number;
}

/** Answers to the förbund's own questions: list name → code (or codes). */
export type Answers = Record<string, string | string[]>;

export interface EnrolmentBackground {
    occupation: string | null;
    education_level: string | null;
    support_time: string | null;
    income_sources: string[];
    answers: Answers;
}

export interface EnrolmentExit {
    income_sources: string[];
    answers: Answers;
}

export interface Enrolment {
    id: number;
    participant_id: number;
    intervention_id: number;
    start_date: string;
    end_date: string | null;
    /** planned: starts after today; ended: the end date has come. */
    status: EnrolmentStatus;
    background: EnrolmentBackground;
    outcome: string | null;
    exit_reason: string | null;
    exit: EnrolmentExit | null;
    followup_6m: string | null;
    followup_12m: string | null;
    /** Only in a list asked with include=participant. */
    participant?: EnrolmentParticipant;
}

export interface EnrolmentCreate {
    participant_id: number;
    intervention_id: number;
    start_date: string;
    background: EnrolmentBackground;
}

export interface EnrolmentPatch {
    start_date?: string;
    end_date?: string | null;
    background?: EnrolmentBackground;
    outcome?: string | null;
    exit_reason?: string | null;
    exit?: EnrolmentExit;
    followup_6m?: string | null;
    followup_12m?: string | null;
}

export type CodeListPhase = "start" | "exit" | "followup" | "attendee";

export interface Code {
    code: string;
    label: string;
    active: boolean;
    builtin: boolean;
}

export interface CodeList {
    name: string;
    label: string;
    phase: CodeListPhase;
    multiple: boolean;
    builtin: boolean;
    active: boolean;
    codes: Code[];
}

// ---- Reports ------------------------------------------------------------------

/** A count that suppression may hide (null). */
export type Count = number | null;

export interface SexCounts {
    total: Count;
    women: Count;
    men: Count;
    share?: number | null;
}

/** One row of a report: the grouping key, and counts (possibly nested in groups). */
export interface ReportRow {
    key?: Record<string, string | number | null>;
    suppressed?: boolean;
    [field: string]: unknown;
}

/** Present when small counts were hidden: the threshold used and the hidden counts as JSON pointers. */
export interface ReportSuppression {
    threshold: number;
    cells: string[];
}

export interface ReportResult {
    rows: ReportRow[];
    total?: Record<string, unknown> | null;
    suppression?: ReportSuppression;
    [field: string]: unknown;
}

/** GET /settings (docs/followup.md). */
export interface Settings {
    funding_benchmark: { individual: number; structural: number; competence: number };
    recent_contact_days: number;
    /** The least suppress of the participant reports for users who may not see the people behind them. */
    suppression_threshold: number;
}

export type ParticipantsReportBy = "municipality" | "target_group" | "age_band" | "outcome" | "intervention" | "sex";
export type AttendeesReportBy = "format" | "intervention";

export interface ReportQuery {
    from?: string;
    to?: string;
    year?: number;
    intervention_id?: number;
    by?: string;
    suppress?: number;
    /** Employer reports: one or several kommunkoder, comma-separated. */
    municipality_code?: string;
}

export interface GoalProgress {
    intervention_id: number;
    intervention_name?: string;
    year: number;
    indicator: string;
    target: number;
    value: number | null;
    progress: number | null;
}
