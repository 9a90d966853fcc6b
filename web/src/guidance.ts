// guidance.ts — SYV guidance times and their bookings (docs/plans.md "SYV-tider") for
// the UI: the document's types named, the calls of /guidance-times,
// /participants/{id}/guidance and /reports/guidance, and the week the calendar shows
// (Monday to Sunday in Swedish local time). Kept apart from api.ts so that the
// guidance pages bring their calls with them.
import { request, type ListPage } from "./api";
import type { components } from "./generated/api-types";
import { fromLocalParts, toLocalParts } from "./stockholmTime";

type S = components["schemas"];

export type GuidanceTime = S["GuidanceTime"];
export type GuidanceTimeInput = S["GuidanceTimeInput"];
export type GuidanceBooking = S["GuidanceBooking"];
export type GuidanceOutcome = NonNullable<GuidanceTime["outcome"]>;

export interface GuidanceQuery {
    from?: string;
    to?: string;
    place?: string;
    counsellor_user_id?: number;
    free?: boolean;
    limit?: number;
    offset?: number;
}

export const guidanceApi = {
    list(query: GuidanceQuery = {}): Promise<ListPage<GuidanceTime>> {
        return request("GET", "/guidance-times", { query: { ...query } });
    },
    create(input: GuidanceTimeInput): Promise<GuidanceTime> {
        return request("POST", "/guidance-times", { body: input });
    },
    remove(id: number): Promise<void> {
        return request("DELETE", `/guidance-times/${id}`);
    },
    book(id: number, participantId: number): Promise<GuidanceTime> {
        return request("POST", `/guidance-times/${id}/booking`, { body: { participant_id: participantId } });
    },
    cancel(id: number): Promise<GuidanceTime> {
        return request("DELETE", `/guidance-times/${id}/booking`);
    },
    record(id: number, outcome: GuidanceOutcome, feedback: string | null): Promise<GuidanceTime> {
        return request("PATCH", `/guidance-times/${id}`, { body: { outcome, feedback } });
    },
    ofParticipant(participantId: number): Promise<ListPage<GuidanceBooking>> {
        return request("GET", `/participants/${participantId}/guidance`, { query: { limit: 500 } });
    },
};

/** The Monday (YYYY-MM-DD) of the week of a local date. */
export function mondayOf(date: string): string {
    const d = new Date(`${date}T12:00:00Z`);
    const back = (d.getUTCDay() + 6) % 7;
    d.setUTCDate(d.getUTCDate() - back);
    return d.toISOString().slice(0, 10);
}

/** date moved by days (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
    const d = new Date(`${date}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
}

/** The seven local days of the week starting monday. */
export function weekDays(monday: string): string[] {
    return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** The week's bounds as the API's UTC instants: Monday 00:00 to next Monday 00:00, local. */
export function weekBounds(monday: string): { from: string; to: string } {
    return { from: fromLocalParts(monday, "00:00") ?? `${monday}T00:00:00Z`, to: fromLocalParts(addDays(monday, 7), "00:00") ?? "" };
}

/** The ISO week number of a date ("vecka 3"). */
export function isoWeek(date: string): number {
    const d = new Date(`${date}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
    const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
    return 1 + Math.round((d.getTime() - firstThursday.getTime()) / 86400000 / 7 - ((firstThursday.getUTCDay() + 6) % 7 - 3) / 7);
}

/** The local day of a time ("2027-01-18"). */
export function localDay(utc: string): string {
    return toLocalParts(utc).date;
}

/** "09:00–10:00" in local time. */
export function localHours(t: { starts_at: string; ends_at: string }): string {
    return `${toLocalParts(t.starts_at).time}–${toLocalParts(t.ends_at).time}`;
}

/** Has the time begun (so its outcome may be recorded)? */
export function hasStarted(t: { starts_at: string }): boolean {
    return Date.parse(t.starts_at) <= Date.now();
}
