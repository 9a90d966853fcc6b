// startTypes.ts — GET /api/v1/start, the start page of the user's roles
// (docs/followup.md, "Start page"). The shape is the document's StartPage, generated
// into generated/api-types.ts at build time.
import type { components } from "./generated/api-types";

type S = components["schemas"];

/** One thing to do: how many, and the page where it is done. */
export type StartItem = S["StartItem"];
export type StartGoal = S["GoalReport"]["items"][number];
export type StartFunding = S["FundingReport"]["items"][number];
export type StartQuality = NonNullable<S["StartPage"]["figures"]["data_quality"]>["items"][number];
export type StartPageData = S["StartPage"];
