// kaa.ts — the KAA register (kommunernas aktivitetsansvar, docs/kaa.md) for the UI:
// the document's types named, the calls of /kaa/youths, /reports/kaa and
// /reports/kaa-scb. Kept apart from api.ts so that the KAA pages bring their calls
// with them. Only a municipality's own KAA staff get answers; everyone else 404.
import { ApiError, importCsv, request, type ImportOutcome, type ListPage } from "./api";
import type { components } from "./generated/api-types";

type S = components["schemas"];

export type KaaYouth = S["KaaYouth"];
export type KaaYouthInput = S["KaaYouthInput"];
export type KaaYouthPatch = S["KaaYouthPatch"];
export type KaaContactInput = S["KaaContactInput"];
export type KaaMeasureInput = S["KaaMeasureInput"];
export type KaaMove = S["KaaMove"];
export type KaaImportResult = S["KaaImportResult"];
export type KaaOccupation = S["KaaOccupation"];
export type KaaSchoolStatus = S["KaaSchoolStatus"];
export type KaaSource = S["KaaSource"];
export type KaaLeftReason = S["KaaLeftReason"];
export type KaaMeasureKind = S["KaaMeasureKind"];
export type KaaMeasureStatus = S["KaaMeasureStatus"];
export type KaaChannel = S["KaaChannel"];
export type KaaResult = S["KaaResult"];

export interface KaaQuery {
    half?: string;
    status?: string;
    limit?: number;
    offset?: number;
}

/** The half-year a date falls in: "2026H1" or "2026H2". */
export function halfOf(date: string): string {
    return `${date.slice(0, 4)}H${Number(date.slice(5, 7)) <= 6 ? 1 : 2}`;
}

/** The half-years to choose among: this one and the three before it, newest first. */
export function recentHalves(today: string): string[] {
    const out: string[] = [];
    let [y, h] = [Number(today.slice(0, 4)), Number(today.slice(5, 7)) <= 6 ? 1 : 2];
    for (let i = 0; i < 4; i++) {
        out.push(`${y}H${h}`);
        if (h === 2) h = 1;
        else [y, h] = [y - 1, 2];
    }
    return out;
}

/** "2026H1" in words: "första halvåret 2026". */
export function halfText(half: string): string {
    return `${half.endsWith("1") ? "första" : "andra"} halvåret ${half.slice(0, 4)}`;
}

export const kaaApi = {
    list(query: KaaQuery = {}): Promise<ListPage<KaaYouth>> {
        return request("GET", "/kaa/youths", { query: { ...query } });
    },
    /** By personnummer: in the body, never in the address. */
    search(personnummer: string): Promise<ListPage<KaaYouth>> {
        return request("POST", "/kaa/youths/search", { body: { personnummer } });
    },
    /** By name, with the list's filters: a name is personal data too, so it goes in
     * the body (the server refuses it in the address); the page in the query string. */
    searchName(q: string, { limit, offset, ...filters }: KaaQuery = {}): Promise<ListPage<KaaYouth>> {
        return request("POST", "/kaa/youths/search", { body: { q, ...filters }, query: { limit, offset } });
    },
    get(id: number): Promise<KaaYouth> {
        return request("GET", `/kaa/youths/${id}`);
    },
    create(input: KaaYouthInput): Promise<KaaYouth> {
        return request("POST", "/kaa/youths", { body: input });
    },
    update(id: number, input: KaaYouthPatch): Promise<KaaYouth> {
        return request("PATCH", `/kaa/youths/${id}`, { body: input });
    },
    addContact(id: number, input: KaaContactInput): Promise<KaaYouth> {
        return request("POST", `/kaa/youths/${id}/contacts`, { body: input });
    },
    addMeasure(id: number, input: KaaMeasureInput): Promise<KaaYouth> {
        return request("POST", `/kaa/youths/${id}/measures`, { body: input });
    },
    updateMeasure(id: number, measureId: number, input: KaaMeasureInput): Promise<KaaYouth> {
        return request("PATCH", `/kaa/youths/${id}/measures/${measureId}`, { body: input });
    },
    move(id: number, input: KaaMove): Promise<KaaYouth> {
        return request("POST", `/kaa/youths/${id}/participant`, { body: input });
    },
    import(file: Blob): Promise<ImportOutcome<KaaImportResult>> {
        return importCsv("/kaa/youths/import", file);
    },
    /**
     * The file for SCB of a half-year, checked by the server first: the file as a Blob,
     * or an ApiError whose invalid_parameters list what does not hang together.
     */
    async scbFile(half: string): Promise<Blob> {
        let response: Response;
        try {
            response = await fetch(`/api/v1/reports/kaa-scb?half=${encodeURIComponent(half)}`, {
                headers: { Accept: "text/csv" },
                credentials: "same-origin",
            });
        } catch {
            throw new ApiError(0, null);
        }
        if (!response.ok) {
            let problem = null;
            try {
                problem = await response.json();
            } catch {
                // not a problem document
            }
            throw new ApiError(response.status, problem);
        }
        return response.blob();
    },
};
