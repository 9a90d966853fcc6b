// api.ts — the one client of the Samsyn HTTP API (/api/v1): fetch with the session
// cookie, the CSRF header on changing requests, and problem+json errors as ApiError.
import { reactive } from "vue";
import type {
    Candidate,
    Match,
    Opportunity,
    OpportunityInput,
    OpportunityQuery,
    Placement,
    PlacementInput,
    PlacementQuery,
    PlacementStep,
    PlacementWithWarnings,
    WorkProfile,
    WorkProfileInput,
} from "./matchingTypes";
import type {
    Attendee,
    AttendeeInput,
    CodeList,
    Consent,
    ConsentInput,
    Enrolment,
    EnrolmentCreate,
    EnrolmentPatch,
    Intervention,
    InterventionInput,
    InterventionQuery,
    Participant,
    ParticipantCreate,
    ParticipantPatch,
    ParticipantFilters,
    ParticipantQuery,
    EnrolmentQuery,
    ReportQuery,
    ReportResult,
    Settings,
    TargetGroup,
    Volume,
    VolumeInput,
} from "./followupTypes";
import type {
    ContactPerson,
    ContactPersonInput,
    Employer,
    EmployerContact,
    EmployerContactInput,
    EmployerInput,
    EmployerQuery,
    Network,
    RecruitmentNeed,
    RecruitmentNeedInput,
    WeeklyContacts,
} from "./employerTypes";

import type { StartPageData } from "./startTypes";
import type {
    Course,
    CourseInput,
    DiplomaCheck,
    PublicSurvey,
    PublicTrainingSession,
    Registration,
    RegistrationCancelView,
    RegistrationInput,
    RegistrationPatch,
    RegistrationStatus,
    Survey,
    SurveyAnswers,
    SurveyInput,
    SurveyReport,
    CoursePatch,
    TrainingSession,
    Trainer,
    TrainingReport,
    TrainingSessionCopy,
    TrainingSessionInput,
    TrainingSessionPatch,
} from "./trainingTypes";
import type { components, paths } from "./generated/api-types";

type S = components["schemas"];

export const API_BASE = "/api/v1";

/** Shown when the server could not be reached or answered something unreadable. */
export const NETWORK_ERROR_MESSAGE =
    "Det gick inte att nå servern. Kontrollera anslutningen och försök igen.";

/** Shown when a change met a busy database twice (a long import): nothing was saved. */
export const BUSY_MESSAGE =
    "Databasen är upptagen just nu, så inget sparades. Det du har fyllt i finns kvar: försök igen om en stund.";

/** The longest wait, in seconds, before the one retry of a busy answer. */
const BUSY_RETRY_MAX_S = 3;

export type InvalidParameter = NonNullable<S["Problem"]["invalid_parameters"]>[number];

/**
 * Problem details (RFC 7807) as the server sends them (the document's Problem), every field
 * optional: the UI reads them from any error body that parses, a proxy's as well.
 */
export type Problem = Partial<S["Problem"]>;

/** An error from the API, or a network failure (status 0). */
export class ApiError extends Error {
    readonly status: number;
    readonly type: string;
    readonly title: string;
    readonly detail: string;
    readonly invalidParameters: InvalidParameter[];
    /** The whole problem document; a CSV import's 422 carries its bad lines in it. */
    readonly problem: Problem | null;
    /** The invalid parameters whose field the user has changed since (fieldErrors.ts):
     * ProblemMessage no longer lists them, and goes when none is left. Reactive of its
     * own: Vue does not make an Error reactive. */
    readonly corrected: string[] = reactive([]);

    constructor(status: number, problem: Problem | null) {
        const title = problem?.title ?? "";
        const detail = problem?.detail ?? "";
        super(detail || title || fallbackMessage(status));
        this.name = "ApiError";
        this.status = status;
        this.type = problem?.type ?? "";
        this.title = title;
        this.detail = detail;
        this.invalidParameters = Array.isArray(problem?.invalid_parameters)
            ? problem.invalid_parameters
            : [];
        this.problem = problem;
    }

    get isNetworkError(): boolean {
        return this.status === 0;
    }

    get mustChangePassword(): boolean {
        return this.status === 403 && this.type.endsWith("must-change-password");
    }
}

function fallbackMessage(status: number): string {
    switch (status) {
        case 0:
            return NETWORK_ERROR_MESSAGE;
        case 400:
            return "Servern kunde inte tolka förfrågan.";
        case 401:
            return "Du är inte inloggad.";
        case 403:
            return "Du har inte behörighet att göra det här.";
        case 404:
            return "Det du söker finns inte.";
        case 409:
            return "Det finns redan en post med samma uppgifter.";
        case 413:
            return "Förfrågan är för stor.";
        case 422:
            return "Några uppgifter är inte rätt ifyllda.";
        case 429:
            return "För många försök. Vänta en stund och försök igen.";
        case 503:
            return "Tjänsten är upptagen just nu. Försök igen om en stund.";
        default:
            return status >= 500
                ? "Något gick fel på servern. Försök igen om en stund."
                : "Något gick fel. Försök igen.";
    }
}

/** Turns any thrown value into a Swedish message for the user. */
export function errorMessage(e: unknown): string {
    if (e instanceof ApiError) return e.message;
    return NETWORK_ERROR_MESSAGE;
}

let csrfToken = "";

/** The token from POST/GET /session; sent as X-CSRF-Token on changing requests. */
export function setCsrfToken(token: string): void {
    csrfToken = token;
}

type AuthHandler = (error: ApiError) => void;
let onUnauthorized: AuthHandler = () => {};
let onMustChangePassword: AuthHandler = () => {};

/** The router registers where a 401 and a must-change-password 403 lead. */
export function setAuthHandlers(handlers: {
    unauthorized: AuthHandler;
    mustChangePassword: AuthHandler;
}): void {
    onUnauthorized = handlers.unauthorized;
    onMustChangePassword = handlers.mustChangePassword;
}

/** The parameters of an address; empty ones are left out. */
export type Query = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
    query?: Query;
    body?: unknown;
    /** A file sent as it is, as text/csv (the CSV imports), instead of a JSON body. */
    csv?: Blob;
    /** false for the session calls themselves, whose 401 the caller handles. */
    authRedirect?: boolean;
}

function buildUrl(path: string, query?: Query): string {
    let url = API_BASE + path;
    if (query) {
        const params = new URLSearchParams();
        for (const [key, value] of Object.entries(query)) {
            if (value !== undefined && value !== null && value !== "") {
                params.set(key, String(value));
            }
        }
        const qs = params.toString();
        if (qs) url += "?" + qs;
    }
    return url;
}

async function readProblem(response: Response): Promise<Problem | null> {
    try {
        const data: unknown = await response.json();
        return data && typeof data === "object" ? (data as Problem) : null;
    } catch {
        return null;
    }
}

/** Retry-After in seconds as milliseconds, 1–BUSY_RETRY_MAX_S s (2 s when absent). */
function retryAfterMs(value: string | null): number {
    const s = Number(value);
    const seconds = Number.isFinite(s) && s > 0 ? Math.min(s, BUSY_RETRY_MAX_S) : 2;
    return Math.max(seconds, 1) * 1000;
}

export async function request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    else if (options.csv !== undefined) headers["Content-Type"] = "text/csv";
    if (method !== "GET" && method !== "HEAD" && csrfToken) {
        headers["X-CSRF-Token"] = csrfToken;
    }

    const send = () =>
        fetch(buildUrl(path, options.query), {
            method,
            headers,
            credentials: "same-origin",
            body: options.body !== undefined ? JSON.stringify(options.body) : options.csv,
        });
    let response: Response;
    try {
        response = await send();
        // A busy database (503 busy) changed nothing, so the same request
        // may go again: once, after the Retry-After the server asks for
        // (capped), before the user hears of it.
        if (response.status === 503 && (response.headers.get("Content-Type") ?? "").includes("problem")) {
            const problem = await readProblem(response);
            if (problem?.type?.endsWith("busy")) {
                await new Promise((r) => setTimeout(r, retryAfterMs(response.headers.get("Retry-After"))));
                response = await send();
            } else {
                throw new ApiError(503, problem);
            }
        }
    } catch (e) {
        if (e instanceof ApiError) throw e;
        throw new ApiError(0, null);
    }

    if (!response.ok) {
        const problem = await readProblem(response);
        // The form the change came from keeps what was typed; say so.
        const busy = response.status === 503 && (problem?.type ?? "").endsWith("busy");
        const error = new ApiError(
            response.status,
            busy && method !== "GET" ? { ...problem, detail: BUSY_MESSAGE } : problem,
        );
        if (options.authRedirect !== false) {
            if (error.status === 401) onUnauthorized(error);
            else if (error.mustChangePassword) onMustChangePassword(error);
        }
        throw error;
    }

    if (response.status === 204) return undefined as T;
    try {
        return (await response.json()) as T;
    } catch {
        throw new ApiError(0, null);
    }
}

// ---- Types of the API's resources --------------------------------------------
// (those of the SUS follow-up are in followupTypes.ts)

// The shapes are the document's (the OpenAPI document, src/api/spec/), generated into
// generated/api-types.ts at build time; here they are only named.

export type Role = S["Role"];
export type OrgKind = S["OrgKind"];

/**
 * One page of a list: every list answer of the server has this shape (the document writes
 * it out per route, with that route's items).
 */
export interface ListPage<T> {
    items: T[];
    total: number;
    /** false: total is a lower bound (the count stopped; GET /participants). */
    total_exact?: boolean;
    limit: number;
    offset: number;
}

export type Session = S["Session"];
export type SettingsPatch = S["SettingsPatch"];
export type SessionUser = Session["user"];
export type Org = S["Org"];
export type OrgInput = S["OrgInput"];
/** A user; one_time_password only in the answer to a create or a password reset. */
export type User = S["UserCreated"];
export type UserCreate = S["UserInput"];
export type UserPatch = S["UserPatch"];
export type AuditEvent = S["AuditEvent"];
export type Mail = S["Mail"];
export type MailTestInput = S["MailTestInput"];
/** GET /audit: the action comes from the log page's select ("" for any). */
export type AuditQuery = Omit<NonNullable<paths["/audit"]["get"]["parameters"]["query"]>, "action"> & { action?: string };

/** Paging and the name search of the simple lists, as the list pages hold them. */
export interface ListQuery {
    limit?: number;
    offset?: number;
    q?: string;
}

/** The answer of both imports: errors lists at most 1000 lines and then one "… och N fler" entry; bad_lines counts all. */
export type EmployerImportResult = S["EmployerImportResult"];
/** POST /participants/import: updated = participants already in Samsyn that got enrolments. */
export type ParticipantImportResult = S["ImportResult"];
/** A bad line of a CSV import: its number in the file (1 is the header row) and why. */
export type ImportLineError = ParticipantImportResult["errors"][number];

/**
 * What a CSV import came to: everything imported (200), or nothing, because of the
 * bad lines in result.errors (422, whose detail says so). Other failures are thrown.
 */
export interface ImportOutcome<T> {
    imported: boolean;
    detail: string;
    result: T;
}

export interface OpenApiOperation {
    summary?: string;
    operationId?: string;
    tags?: string[];
    security?: unknown[];
}

export interface OpenApiDocument {
    openapi?: string;
    info?: { title?: string; version?: string; description?: string };
    servers?: { url?: string }[];
    security?: unknown[];
    paths?: Record<string, Record<string, OpenApiOperation | unknown>>;
}

// ---- Endpoints ----------------------------------------------------------------

/** Sends a CSV file to an import endpoint; a 422 with the bad lines is an outcome, not an error. */
export async function importCsv<T extends { errors: ImportLineError[] }>(path: string, file: Blob): Promise<ImportOutcome<T>> {
    try {
        return { imported: true, detail: "", result: await request<T>("POST", path, { csv: file }) };
    } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 422) throw e;
        const doc = e.problem as Partial<T> | null;
        if (!doc || !Array.isArray(doc.errors)) throw e;
        return { imported: false, detail: e.detail, result: doc as T };
    }
}

export const api = {
    login(username: string, password: string): Promise<Session> {
        return request("POST", "/session", {
            body: { username, password },
            authRedirect: false,
        });
    },
    getSession(): Promise<Session> {
        return request("GET", "/session", { authRedirect: false });
    },
    logout(): Promise<void> {
        return request("DELETE", "/session", { authRedirect: false });
    },
    changePassword(current_password: string, new_password: string): Promise<void> {
        return request("POST", "/session/password", {
            body: { current_password, new_password },
            authRedirect: false,
        });
    },

    listOrgs(query: ListQuery = {}): Promise<ListPage<Org>> {
        return request("GET", "/orgs", { query: { ...query } });
    },
    getOrg(id: number): Promise<Org> {
        return request("GET", `/orgs/${id}`);
    },
    createOrg(input: OrgInput): Promise<Org> {
        return request("POST", "/orgs", { body: input });
    },
    updateOrg(id: number, input: Partial<OrgInput>): Promise<Org> {
        return request("PATCH", `/orgs/${id}`, { body: input });
    },

    listUsers(query: ListQuery = {}): Promise<ListPage<User>> {
        return request("GET", "/users", { query: { ...query } });
    },
    getUser(id: number): Promise<User> {
        return request("GET", `/users/${id}`);
    },
    createUser(input: UserCreate): Promise<User> {
        return request("POST", "/users", { body: input });
    },
    updateUser(id: number, patch: UserPatch): Promise<User> {
        return request("PATCH", `/users/${id}`, { body: patch });
    },

    listAudit(query: AuditQuery = {}): Promise<ListPage<AuditEvent>> {
        return request("GET", "/audit", { query: { ...query } });
    },

    getOpenApi(): Promise<OpenApiDocument> {
        return request("GET", "/openapi.json", { authRedirect: false });
    },

    // ---- SUS follow-up (docs/followup.md) ----

    listInterventions(query: InterventionQuery = {}): Promise<ListPage<Intervention>> {
        return request("GET", "/interventions", { query: { ...query } });
    },
    getIntervention(id: number): Promise<Intervention> {
        return request("GET", `/interventions/${id}`);
    },
    createIntervention(input: InterventionInput): Promise<Intervention> {
        return request("POST", "/interventions", { body: input });
    },
    updateIntervention(id: number, input: Partial<InterventionInput>): Promise<Intervention> {
        return request("PATCH", `/interventions/${id}`, { body: input });
    },
    listVolumes(interventionId: number): Promise<ListPage<Volume>> {
        return request("GET", `/interventions/${interventionId}/volumes`, { query: { limit: 500 } });
    },
    createVolume(interventionId: number, input: VolumeInput): Promise<Volume> {
        return request("POST", `/interventions/${interventionId}/volumes`, { body: input });
    },
    listAttendees(interventionId: number, query: ListQuery = {}): Promise<ListPage<Attendee>> {
        return request("GET", `/interventions/${interventionId}/attendees`, { query: { ...query } });
    },
    createAttendee(interventionId: number, input: AttendeeInput): Promise<Attendee> {
        return request("POST", `/interventions/${interventionId}/attendees`, { body: input });
    },
    deleteAttendee(interventionId: number, attendeeId: number): Promise<void> {
        return request("DELETE", `/interventions/${interventionId}/attendees/${attendeeId}`);
    },
    listTargetGroups(): Promise<ListPage<TargetGroup>> {
        return request("GET", "/target-groups", { query: { limit: 500 } });
    },
    getCodeLists(): Promise<{ items: CodeList[] }> {
        return request("GET", "/code-lists");
    },

    listParticipants(query: ParticipantQuery = {}): Promise<ListPage<Participant>> {
        return request("GET", "/participants", { query: { ...query } });
    },
    /**
     * By personnummer or by name, in the body: neither may be in a URL. Paging
     * (limit, offset) is in the query.
     */
    searchParticipants(
        search: { personnummer: string } | ({ q: string } & ParticipantFilters),
        page: { limit?: number; offset?: number } = {},
    ): Promise<ListPage<Participant>> {
        return request("POST", "/participants/search", { body: search, query: { ...page } });
    },
    /** Participants with enrolments from CSV (docs/followup.md "Import"): admin only. */
    importParticipants(file: Blob): Promise<ImportOutcome<ParticipantImportResult>> {
        return importCsv("/participants/import", file);
    },
    getParticipant(id: number): Promise<Participant> {
        return request("GET", `/participants/${id}`);
    },
    createParticipant(input: ParticipantCreate): Promise<Participant> {
        return request("POST", "/participants", { body: input });
    },
    updateParticipant(id: number, patch: ParticipantPatch): Promise<Participant> {
        return request("PATCH", `/participants/${id}`, { body: patch });
    },
    /** Her work profile (docs/matching.md "Work profile"): updated_at null when never saved. */
    getWorkProfile(participantId: number): Promise<WorkProfile> {
        return request("GET", `/participants/${participantId}/profile`);
    },
    /** Replaces the whole profile: what is left out is emptied. */
    putWorkProfile(participantId: number, input: WorkProfileInput): Promise<WorkProfile> {
        return request("PUT", `/participants/${participantId}/profile`, { body: input });
    },
    listConsents(participantId: number): Promise<ListPage<Consent>> {
        return request("GET", `/participants/${participantId}/consents`);
    },
    createConsent(participantId: number, input: ConsentInput): Promise<Consent> {
        return request("POST", `/participants/${participantId}/consents`, { body: input });
    },

    listEnrolments(query: EnrolmentQuery): Promise<ListPage<Enrolment>> {
        return request("GET", "/enrolments", { query: { limit: 500, ...query } });
    },
    getEnrolment(id: number): Promise<Enrolment> {
        return request("GET", `/enrolments/${id}`);
    },
    createEnrolment(input: EnrolmentCreate): Promise<Enrolment> {
        return request("POST", "/enrolments", { body: input });
    },
    updateEnrolment(id: number, patch: EnrolmentPatch): Promise<Enrolment> {
        return request("PATCH", `/enrolments/${id}`, { body: patch });
    },

    // ---- Employer register (docs/employers.md) ----

    listEmployers(query: EmployerQuery = {}): Promise<ListPage<Employer>> {
        return request("GET", "/employers", { query: { ...query } });
    },
    /** By organisationsnummer, in the body: a sole trader's is a personnummer. */
    searchEmployers(orgnr: string, page: { limit?: number; offset?: number } = {}): Promise<ListPage<Employer>> {
        return request("POST", "/employers/search", { body: { orgnr }, query: { ...page } });
    },
    getEmployer(id: number): Promise<Employer> {
        return request("GET", `/employers/${id}`);
    },
    /** A company register extract (docs/employers.md "Import"): admin and kansli. */
    importEmployers(file: Blob): Promise<ImportOutcome<EmployerImportResult>> {
        return importCsv("/employers/import", file);
    },
    createEmployer(input: EmployerInput): Promise<Employer> {
        return request("POST", "/employers", { body: input });
    },
    updateEmployer(id: number, input: EmployerInput): Promise<Employer> {
        return request("PATCH", `/employers/${id}`, { body: input });
    },
    listNetworks(): Promise<ListPage<Network>> {
        return request("GET", "/networks", { query: { limit: 500 } });
    },
    createNetwork(input: { name: string; description?: string | null }): Promise<Network> {
        return request("POST", "/networks", { body: input });
    },
    listContactPersons(employerId: number): Promise<ListPage<ContactPerson>> {
        return request("GET", `/employers/${employerId}/persons`, { query: { limit: 500 } });
    },
    createContactPerson(employerId: number, input: ContactPersonInput): Promise<ContactPerson> {
        return request("POST", `/employers/${employerId}/persons`, { body: input });
    },
    updateContactPerson(employerId: number, personId: number, input: Partial<ContactPersonInput>): Promise<ContactPerson> {
        return request("PATCH", `/employers/${employerId}/persons/${personId}`, { body: input });
    },
    deleteContactPerson(employerId: number, personId: number): Promise<void> {
        return request("DELETE", `/employers/${employerId}/persons/${personId}`);
    },
    listNeeds(employerId: number): Promise<ListPage<RecruitmentNeed>> {
        return request("GET", `/employers/${employerId}/needs`, { query: { limit: 500 } });
    },
    createNeed(employerId: number, input: RecruitmentNeedInput): Promise<RecruitmentNeed> {
        return request("POST", `/employers/${employerId}/needs`, { body: input });
    },
    updateNeed(employerId: number, needId: number, input: Partial<RecruitmentNeedInput>): Promise<RecruitmentNeed> {
        return request("PATCH", `/employers/${employerId}/needs/${needId}`, { body: input });
    },
    listEmployerContacts(employerId: number, page: { limit?: number; offset?: number } = {}): Promise<ListPage<EmployerContact>> {
        return request("GET", `/employers/${employerId}/contacts`, { query: { ...page } });
    },
    /** Other organisations' contacts within the last N days (the coordination warning). */
    recentContacts(employerId: number): Promise<{ days?: number; items: EmployerContact[] }> {
        return request("GET", `/employers/${employerId}/recent-contacts`);
    },
    createEmployerContact(employerId: number, input: EmployerContactInput): Promise<EmployerContact> {
        return request("POST", `/employers/${employerId}/contacts`, { body: input });
    },
    /** The author (or an admin) corrects a saved contact: only the fields sent change. */
    updateEmployerContact(employerId: number, contactId: number, input: Partial<EmployerContactInput>): Promise<EmployerContact> {
        return request("PATCH", `/employers/${employerId}/contacts/${contactId}`, { body: input });
    },
    deleteEmployerContact(employerId: number, contactId: number): Promise<void> {
        return request("DELETE", `/employers/${employerId}/contacts/${contactId}`);
    },
    /** The weekly list for team meetings; week "2026-W48" (ISO), default this week. */
    weeklyContacts(week: string): Promise<WeeklyContacts> {
        return request("GET", "/employer-contacts", { query: { week } });
    },

    // ---- Opportunities, matching, placements (docs/matching.md) ----

    listOpportunities(query: OpportunityQuery = {}): Promise<ListPage<Opportunity>> {
        return request("GET", "/opportunities", { query: { ...query } });
    },
    getOpportunity(id: number): Promise<Opportunity> {
        return request("GET", `/opportunities/${id}`);
    },
    /** On its own, or from a recruitment need with one click ({need_id, kind}). */
    createOpportunity(input: OpportunityInput): Promise<Opportunity> {
        return request("POST", "/opportunities", { body: input });
    },
    updateOpportunity(id: number, input: OpportunityInput): Promise<Opportunity> {
        return request("PATCH", `/opportunities/${id}`, { body: input });
    },
    /** The open places ranked for her, best first, each with its reasons. */
    getMatches(participantId: number, limit = 20): Promise<{ items: Match[] }> {
        return request("GET", `/participants/${participantId}/matches`, { query: { limit } });
    },
    /** The candidates for an open place, best first (409 when it is not open). */
    getCandidates(opportunityId: number, limit = 20): Promise<{ items: Candidate[] }> {
        return request("GET", `/opportunities/${opportunityId}/candidates`, { query: { limit } });
    },
    listPlacements(query: PlacementQuery = {}): Promise<ListPage<Placement>> {
        return request("GET", "/placements", { query: { limit: 100, ...query } });
    },
    /** Proposes her to a place: needs her consent to share with employers (else 409). */
    createPlacement(input: PlacementInput): Promise<PlacementWithWarnings> {
        return request("POST", "/placements", { body: input });
    },
    /** The next step: the employer's answer, the start, or the end with its result. */
    updatePlacement(id: number, step: PlacementStep): Promise<PlacementWithWarnings> {
        return request("PATCH", `/placements/${id}`, { body: step });
    },

    // ---- Employer trainings (docs/trainings.md) ----

    /** GET /trainers: the trainers to choose for a session (admin and kansli). */
    listTrainers(query: ListQuery = {}): Promise<ListPage<Trainer>> {
        return request("GET", "/trainers", { query: { ...query } });
    },
    listCourses(query: ListQuery = {}): Promise<ListPage<Course>> {
        return request("GET", "/courses", { query: { ...query } });
    },
    getCourse(id: number): Promise<Course> {
        return request("GET", `/courses/${id}`);
    },
    createCourse(input: CourseInput): Promise<Course> {
        return request("POST", "/courses", { body: input });
    },
    updateCourse(id: number, patch: CoursePatch): Promise<Course> {
        return request("PATCH", `/courses/${id}`, { body: patch });
    },
    listCourseSessions(courseId: number, query: ListQuery = {}): Promise<ListPage<TrainingSession>> {
        return request("GET", `/courses/${courseId}/sessions`, { query: { ...query } });
    },
    createTrainingSession(courseId: number, input: TrainingSessionInput): Promise<TrainingSession> {
        return request("POST", `/courses/${courseId}/sessions`, { body: input });
    },
    getTrainingSession(id: number): Promise<TrainingSession> {
        return request("GET", `/sessions/${id}`);
    },
    updateTrainingSession(id: number, patch: TrainingSessionPatch): Promise<TrainingSession> {
        return request("PATCH", `/sessions/${id}`, { body: patch });
    },
    /** Next term's round: the same session at a new time, open, with a token of its own. */
    copyTrainingSession(id: number, input: TrainingSessionCopy): Promise<TrainingSession> {
        return request("POST", `/sessions/${id}/copy`, { body: input });
    },

    listRegistrations(sessionId: number, query: ListQuery = {}): Promise<ListPage<Registration>> {
        return request("GET", `/sessions/${sessionId}/registrations`, { query: { limit: 500, ...query } });
    },
    /** Attendance (attended: true makes the person an attendee of the course's intervention). */
    updateRegistration(id: number, patch: RegistrationPatch): Promise<Registration> {
        return request("PATCH", `/registrations/${id}`, { body: patch });
    },
    listSurveys(query: ListQuery = {}): Promise<ListPage<Survey>> {
        return request("GET", "/surveys", { query: { ...query } });
    },
    getSurvey(id: number): Promise<Survey> {
        return request("GET", `/surveys/${id}`);
    },
    createSurvey(input: SurveyInput): Promise<Survey> {
        return request("POST", "/surveys", { body: input });
    },
    updateSurvey(id: number, input: Partial<SurveyInput>): Promise<Survey> {
        return request("PATCH", `/surveys/${id}`, { body: input });
    },
    /** GET /reports/trainings: per session registrations, no-shows; unique attendees and employers; goals. */
    getTrainingReport(query: { course_id?: number; from?: string; to?: string }): Promise<TrainingReport> {
        return request("GET", "/reports/trainings", { query: { ...query } });
    },
    getSurveyReport(query: { course_id: number; wave: string; session_format?: string }): Promise<SurveyReport> {
        return request("GET", "/reports/surveys", { query: { ...query } });
    },

    // ---- Public pages: no login, no CSRF token (docs/trainings.md) ----

    getPublicSession(token: string): Promise<PublicTrainingSession> {
        return request("GET", `/public/sessions/${encodeURIComponent(token)}`, { authRedirect: false });
    },
    register(token: string, input: RegistrationInput): Promise<RegistrationStatus> {
        return request("POST", `/public/sessions/${encodeURIComponent(token)}/registrations`, { body: input, authRedirect: false });
    },
    getOwnRegistration(cancelToken: string): Promise<RegistrationCancelView> {
        return request("GET", `/public/registrations/${encodeURIComponent(cancelToken)}`, { authRedirect: false });
    },
    cancelOwnRegistration(cancelToken: string): Promise<RegistrationStatus> {
        return request("DELETE", `/public/registrations/${encodeURIComponent(cancelToken)}`, { authRedirect: false });
    },
    getPublicSurvey(token: string): Promise<PublicSurvey> {
        return request("GET", `/public/surveys/${encodeURIComponent(token)}`, { authRedirect: false });
    },
    answerSurvey(token: string, answers: SurveyAnswers): Promise<unknown> {
        return request("POST", `/public/surveys/${encodeURIComponent(token)}/answers`, { body: answers, authRedirect: false });
    },
    checkDiploma(code: string): Promise<DiplomaCheck> {
        return request("GET", `/public/diplomas/${encodeURIComponent(code)}`, { authRedirect: false });
    },

    /** GET /mail/outbox: the administrator's view of every mail, newest first. */
    listMailOutbox(page: { limit?: number; offset?: number } = {}): Promise<ListPage<Mail>> {
        return request("GET", "/mail/outbox", { query: { ...page } });
    },
    /** POST /mail/test: queues the test mail to an address (administrator). */
    sendTestMail(input: MailTestInput): Promise<Mail> {
        return request("POST", "/mail/test", { body: input });
    },
    /** GET /settings: anyone logged in reads them. */
    getSettings(): Promise<Settings> {
        return request("GET", "/settings");
    },
    /** PATCH /settings: admin and kansli; fields not sent keep their value. */
    updateSettings(input: SettingsPatch): Promise<Settings> {
        return request("PATCH", "/settings", { body: input });
    },
    /** GET /start: the start page of the caller's role. */
    getStart(): Promise<StartPageData> {
        return request("GET", "/start");
    },
    /** GET /reports/{name}: every report is a JSON table; format=csv and xlsx are links instead. */
    getReport(name: string, query: ReportQuery): Promise<ReportResult> {
        return request("GET", `/reports/${name}`, { query: { ...query } });
    },
};

/** The address of a report as a CSV or XLSX file, for a download link (no personal data in it). */
export function reportFileUrl(name: string, query: ReportQuery, format: "csv" | "xlsx"): string {
    return buildUrl(`/reports/${name}`, { ...query, format });
}

/**
 * The address of a list as a CSV or XLSX file: every page of it, with these
 * filters (the weekly list: its week). Never a name search: its words stay out
 * of addresses.
 */
export function listFileUrl(path: string, filters: Query, format: "csv" | "xlsx"): string {
    return buildUrl(path, { ...filters, format });
}

/** Fetches every page of a list (for option lists such as all organisations). */
export async function fetchAll<T>(
    fetchPage: (query: ListQuery) => Promise<ListPage<T>>,
): Promise<T[]> {
    const limit = 500;
    const items: T[] = [];
    for (let offset = 0; ; offset += limit) {
        const page = await fetchPage({ limit, offset });
        items.push(...page.items);
        // A short page is the end (a broad list's total may be a lower bound).
        if (page.items.length < limit) return items;
    }
}
