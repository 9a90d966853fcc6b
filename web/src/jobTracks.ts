// jobTracks.ts — the job tracks of issue 14 (docs/matching.md "Job tracks") for the UI:
// the document's types named, the calls of /job-tracks and /reports/job-tracks, and
// the stage order (main line, then the branches) with which moves the API allows.
// Kept apart from api.ts so that the job-track pages bring their calls with them.
import { request, type ListPage, type ListQuery } from "./api";
import type { components } from "./generated/api-types";
import { jobTrackStageNameValues } from "./generated/api-types";

type S = components["schemas"];

export type JobTrack = S["JobTrack"];
export type JobTrackInput = S["JobTrackInput"];
export type JobTrackStageName = S["JobTrackStageName"];
export type JobTrackCandidate = S["JobTrackCandidate"];
export type JobTrackStage = S["JobTrackStage"];
export type JobTrackNomination = S["JobTrackNomination"];
export type JobTrackStageChange = S["JobTrackStageChange"];
export type JobTrackFunnel = S["JobTrackFunnel"];
export type JobTrackFunnelRow = JobTrackFunnel["rows"][number];

/** Every stage in the document's order: the main line, then the branches. */
export const JOB_TRACK_STAGES: readonly JobTrackStageName[] = jobTrackStageNameValues;

/** The branches: a candidate leaves the main line there, with a reason. */
export const JOB_TRACK_BRANCHES: readonly JobTrackStageName[] = ["not_admitted", "dropped_out", "withdrawn"];

/** The main line, nominated to employed, in order. */
export const JOB_TRACK_MAIN_LINE: readonly JobTrackStageName[] = JOB_TRACK_STAGES.filter((s) => !JOB_TRACK_BRANCHES.includes(s));

/** Stages after which nothing moves a candidate. */
const FINAL: readonly JobTrackStageName[] = ["employed", ...JOB_TRACK_BRANCHES];

export function isFinalStage(stage: JobTrackStageName): boolean {
    return FINAL.includes(stage);
}

/**
 * The stages a candidate may move to from `stage`, as the API allows them: forward
 * along the main line (skipping allowed), not_admitted from applied or trial,
 * dropped_out from started, withdrawn from any stage that is not final.
 */
export function nextStages(stage: JobTrackStageName): JobTrackStageName[] {
    if (isFinalStage(stage)) return [];
    const i = JOB_TRACK_MAIN_LINE.indexOf(stage);
    const out: JobTrackStageName[] = i >= 0 ? JOB_TRACK_MAIN_LINE.slice(i + 1) : [];
    if (stage === "applied" || stage === "trial") out.push("not_admitted");
    if (stage === "started") out.push("dropped_out");
    out.push("withdrawn");
    return out;
}

/** A branch needs a reason (not_admitted, dropped_out, withdrawn). */
export function stageNeedsReason(stage: JobTrackStageName): boolean {
    return JOB_TRACK_BRANCHES.includes(stage);
}

export const jobTrackApi = {
    list(query: ListQuery = {}): Promise<ListPage<JobTrack>> {
        return request("GET", "/job-tracks", { query: { ...query } });
    },
    get(id: number): Promise<JobTrack> {
        return request("GET", `/job-tracks/${id}`);
    },
    create(input: JobTrackInput): Promise<JobTrack> {
        return request("POST", "/job-tracks", { body: input });
    },
    update(id: number, input: JobTrackInput): Promise<JobTrack> {
        return request("PATCH", `/job-tracks/${id}`, { body: input });
    },
    listCandidates(id: number, page: { limit?: number; offset?: number } = {}): Promise<ListPage<JobTrackCandidate>> {
        return request("GET", `/job-tracks/${id}/candidates`, { query: { limit: 500, ...page } });
    },
    getCandidate(id: number, candidateId: number): Promise<JobTrackCandidate> {
        return request("GET", `/job-tracks/${id}/candidates/${candidateId}`);
    },
    nominate(id: number, input: JobTrackNomination): Promise<JobTrackCandidate> {
        return request("POST", `/job-tracks/${id}/candidates`, { body: input });
    },
    move(id: number, candidateId: number, change: JobTrackStageChange): Promise<JobTrackCandidate> {
        return request("PATCH", `/job-tracks/${id}/candidates/${candidateId}`, { body: change });
    },
    /** The funnel of one track, or of every track (no id). */
    funnel(query: { job_track_id?: number; suppress?: number } = {}): Promise<JobTrackFunnel> {
        return request("GET", "/reports/job-tracks", { query: { ...query } });
    },
};
