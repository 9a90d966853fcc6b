// plans.ts — the joint plan of issue 15 (docs/plans.md) for the UI: the document's
// types named, the calls of /toolbox, /plans and a participant's plans, and the
// path's stages in order. Kept apart from api.ts so that the plan pages bring their
// calls with them.
import { ref } from "vue";
import { request, type ListPage, type ListQuery } from "./api";
import type { components } from "./generated/api-types";

type S = components["schemas"];

export type ToolboxItem = S["ToolboxItem"];
export type ToolboxItemInput = S["ToolboxItemInput"];
export type Plan = S["Plan"];
export type PlanInput = S["PlanInput"];
export type PlanStep = S["PlanStep"];
export type PlanStepInput = S["PlanStepInput"];
export type PlanVersionHead = S["PlanVersionHead"];
export type PlanVersion = S["PlanVersion"];
export type PathStage = ToolboxItem["stage"];
export type PlanHandover = S["PlanHandover"];
export type PlanHandoverInput = S["PlanHandoverInput"];
export type PlanFeedback = S["PlanFeedback"];

/** The path model's stages in order: klargöra → vägleda → rusta → anställningsbar → matchningsbar. */
export const PATH_STAGES: readonly PathStage[] = ["clarify", "guide", "equip", "employable", "matchable"];

/** Bumped by each call that changes what the handover inbox counts (a decision,
 * feedback read), so that the menu's count follows at once, not on the next page. */
export const inboxChanges = ref(0);
async function changingInbox<T>(call: Promise<T>): Promise<T> {
    const r = await call;
    inboxChanges.value++;
    return r;
}

export const planApi = {
    toolbox(query: ListQuery & { municipality_code?: string; stage?: string } = {}): Promise<ListPage<ToolboxItem>> {
        return request("GET", "/toolbox", { query: { limit: 500, ...query } });
    },
    createToolboxItem(input: ToolboxItemInput): Promise<ToolboxItem> {
        return request("POST", "/toolbox", { body: input });
    },
    updateToolboxItem(id: number, input: ToolboxItemInput): Promise<ToolboxItem> {
        return request("PATCH", `/toolbox/${id}`, { body: input });
    },
    ofParticipant(participantId: number): Promise<ListPage<Plan>> {
        return request("GET", `/participants/${participantId}/plans`);
    },
    create(participantId: number, input: PlanInput): Promise<Plan> {
        return request("POST", `/participants/${participantId}/plans`, { body: input });
    },
    list(query: ListQuery & { status?: string; review?: "due"; week?: string } = {}): Promise<ListPage<Plan>> {
        return request("GET", "/plans", { query: { ...query } });
    },
    get(id: number): Promise<Plan> {
        return request("GET", `/plans/${id}`);
    },
    update(id: number, input: PlanInput): Promise<Plan> {
        return request("PATCH", `/plans/${id}`, { body: input });
    },
    addStep(id: number, input: PlanStepInput): Promise<Plan> {
        return request("POST", `/plans/${id}/steps`, { body: input });
    },
    updateStep(id: number, stepId: number, input: PlanStepInput): Promise<Plan> {
        return request("PATCH", `/plans/${id}/steps/${stepId}`, { body: input });
    },
    versions(id: number): Promise<ListPage<PlanVersionHead>> {
        return request("GET", `/plans/${id}/versions`);
    },
    version(id: number, version: number): Promise<PlanVersion> {
        return request("GET", `/plans/${id}/versions/${version}`);
    },
    handOver(id: number, input: PlanHandoverInput): Promise<PlanHandover> {
        return request("POST", `/plans/${id}/handovers`, { body: input });
    },
    handovers(
        query: ListQuery & { status?: PlanHandover["status"] | "all"; mine?: boolean; direction?: "in" | "out" } = {},
    ): Promise<ListPage<PlanHandover>> {
        return request("GET", "/handovers", { query: { ...query } });
    },
    decide(id: number, decision: S["PlanHandoverDecision"]["decision"], reason: string | null): Promise<PlanHandover> {
        return changingInbox(request("PATCH", `/handovers/${id}`, { body: { decision, reason } }));
    },
    writeFeedback(id: number, text: string, stepId: number | null): Promise<Plan> {
        return request("POST", `/plans/${id}/feedback`, { body: { text, step_id: stepId } });
    },
    markFeedbackRead(id: number): Promise<void> {
        return changingInbox(request("POST", `/plans/${id}/feedback/read`, { body: {} }));
    },
    feedback(query: ListQuery & { unread?: boolean } = {}): Promise<ListPage<PlanFeedback>> {
        return request("GET", "/plans/feedback", { query: { ...query } });
    },
};

/** The address of a plan's PDF (a plain link: the session cookie goes along). */
export function planPdfUrl(id: number): string {
    return `/api/v1/plans/${id}/pdf`;
}
