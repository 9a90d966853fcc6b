// matchingTypes.ts — types of the matching resources of the API (issue 14, docs/matching.md):
// the participant's work profile, opportunities (open places), matches and candidates
// with their reasons, and placements. The shapes are the document's (src/api/spec/,
// generated into generated/api-types.ts at build time): this file only names them.
import type { components } from "./generated/api-types";

type S = components["schemas"];

export type WorkProfile = S["WorkProfile"];
export type WorkProfileInput = S["WorkProfileInput"];
/** What she is open to: praktik, arbetsträning, APL, wage subsidy, employment. */
export type WorkOpenTo = WorkProfile["open_to"][number];
/** Her Swedish, none to fluent; null (not assessed) is no level. */
export type WorkSwedishLevel = NonNullable<WorkProfile["swedish_level"]>;

/** An open place at an employer (docs/matching.md "Opportunities"). */
export type Opportunity = S["Opportunity"];
export type OpportunityInput = S["OpportunityInput"];
export type OpportunityKind = Opportunity["kind"];
export type OpportunityStatus = Opportunity["status"];
/** GET /opportunities: the filters of the list page ("" is no filter). */
export interface OpportunityQuery {
    status?: string;
    kind?: string;
    municipality_code?: string;
    ssyk_code?: string;
    employer_id?: number;
    limit?: number;
    offset?: number;
}
/** One factor of a ranking, with its Swedish detail. */
export type MatchReason = S["MatchReason"];
export type MatchFactor = MatchReason["factor"];
/** An open place ranked for a participant. */
export type Match = S["Match"];
/** A participant ranked for a place (an employer contact sees the last name's initial). */
export type Candidate = S["Candidate"];
/** A participant proposed to a place, and what followed. */
export type Placement = S["Placement"];
export type PlacementInput = S["PlacementInput"];
export type PlacementStep = S["PlacementStep"];
export type PlacementState = Placement["state"];
export type PlacementResult = NonNullable<Placement["result"]>;
/** The answer of a POST or PATCH: the placement and the coordination warnings. */
export type PlacementWithWarnings = S["PlacementWithWarnings"];
export interface PlacementQuery {
    participant_id?: number;
    opportunity_id?: number;
    employer_id?: number;
    state?: string;
    limit?: number;
    offset?: number;
}
export type MatchingWeights = S["MatchingWeights"];
