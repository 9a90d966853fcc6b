// followupTypes.ts — types of the SUS follow-up resources of the API (interventions,
// participants, enrolments, code lists, reports). The shapes are the document's
// (the OpenAPI document, src/api/spec/), generated into generated/api-types.ts at build time: this file
// only names them. What stays hand-written is the UI's own: query objects, form shapes
// narrower than the document's, and the generic view of a report table.
import type { components, paths } from "./generated/api-types";

type S = components["schemas"];

export type Sex = S["Participant"]["sex"];
export type InterventionKind = S["InterventionKind"];
export type InterventionStatus = S["InterventionStatus"];
export type Measurement = S["Intervention"]["measurement"];
export type Funder = S["Funder"];
export type GoalIndicator = S["GoalIndicator"];

export type Budget = S["Budget"];
export type Goal = S["Goal"];
export type Intervention = S["Intervention"];
export type InterventionInput = S["InterventionInput"];
/** GET /interventions: the filters come from the list page's text fields ("" for none). */
export type InterventionQuery = Omit<NonNullable<paths["/interventions"]["get"]["parameters"]["query"]>, "kind" | "status"> & {
    kind?: string;
    status?: string;
};

export type Volume = S["Volume"];
export type VolumeInput = S["VolumeInput"];
export type Attendee = S["Attendee"];
export type AttendeeInput = S["AttendeeInput"];
export type TargetGroup = S["TargetGroup"];

export type ConsentStatus = S["Consent"]["status"];
export type Consent = S["Consent"];
export type ConsentInput = S["ConsentInput"];

export type Participant = S["Participant"];
export type ParticipantPatch = S["ParticipantPatch"];

/**
 * POST /participants as the UI sends it: a named person (personnummer) or an anonymous one.
 * Narrower than the document's ParticipantInput, which it must stay assignable to.
 */
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
type Assert<T extends true> = T;
export type ParticipantCreateFitsTheDocument = Assert<ParticipantCreate extends S["ParticipantInput"] ? true : false>;

/** An enrolment's state as of today (docs/followup.md "Enrolments"). */
export type EnrolmentStatus = S["Enrolment"]["status"];

/** The list filters of participants (GET /participants, and the search's body), as the filter form holds them. */
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

/** GET /enrolments: filters, order and paging, as the pages hold them ("" for no status). */
type EnrolmentParams = NonNullable<paths["/enrolments"]["get"]["parameters"]["query"]>;
export type EnrolmentQuery = Omit<EnrolmentParams, "status" | "followup_due"> & {
    status?: EnrolmentStatus | "";
    followup_due?: boolean | string;
};

/** An enrolment's participant as a list with include=participant gives her. */
export type EnrolmentParticipant = NonNullable<S["Enrolment"]["participant"]>;
export type EnrolmentBackground = S["Enrolment"]["background"];
export type EnrolmentExit = S["Enrolment"]["exit"];
/** Answers to the förbund's own questions: list name → code (or codes). */
export type Answers = EnrolmentBackground["answers"];
export type Enrolment = S["Enrolment"];

/** POST /enrolments as the UI sends it: the document's input with what the form always has. */
export type EnrolmentCreate = S["EnrolmentInput"] & {
    participant_id: number;
    intervention_id: number;
    start_date: string;
    background: EnrolmentBackground;
};
export type EnrolmentPatch = S["EnrolmentInput"];

export type CodeListPhase = S["CodeList"]["phase"];
export type Code = S["Code"];
export type CodeList = S["CodeList"];

// ---- Reports ------------------------------------------------------------------
// The UI draws every report table with one component, so it reads rows generically
// (the document has one schema per report; ReportRow is the common one).

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

export type ReportSuppression = S["ReportSuppression"];

export interface ReportResult {
    rows: ReportRow[];
    total?: Record<string, unknown> | null;
    suppression?: ReportSuppression;
    [field: string]: unknown;
}

/** GET /settings (docs/followup.md). */
export type Settings = S["Settings"];

export type ParticipantsReportBy = NonNullable<
    NonNullable<paths["/reports/participants"]["get"]["parameters"]["query"]>["by"]
>;
export type AttendeesReportBy = NonNullable<NonNullable<paths["/reports/attendees"]["get"]["parameters"]["query"]>["by"]>;

export interface ReportQuery {
    from?: string;
    to?: string;
    year?: number;
    intervention_id?: number;
    by?: string;
    suppress?: number;
    /** Employer reports: one or several kommunkoder, comma-separated. */
    municipality_code?: string;
    /** The KAA report: a half-year, "2026H1". */
    half?: string;
}
