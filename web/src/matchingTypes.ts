// matchingTypes.ts — types of the matching resources of the API (issue 14, docs/matching.md):
// the participant's work profile so far. The shapes are the document's (src/api/spec/,
// generated into generated/api-types.ts at build time): this file only names them.
import type { components } from "./generated/api-types";

type S = components["schemas"];

export type WorkProfile = S["WorkProfile"];
export type WorkProfileInput = S["WorkProfileInput"];
/** What she is open to: praktik, arbetsträning, APL, wage subsidy, employment. */
export type WorkOpenTo = WorkProfile["open_to"][number];
/** Her Swedish, none to fluent; null (not assessed) is no level. */
export type WorkSwedishLevel = NonNullable<WorkProfile["swedish_level"]>;
