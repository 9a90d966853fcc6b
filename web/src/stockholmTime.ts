// stockholmTime.ts — the API speaks UTC (RFC 3339, "2027-03-05T08:00:00Z"); people
// read and type Swedish local time (Europe/Stockholm, summer time included). These
// turn one into the other without a time-zone library: Intl knows the offsets.

const ZONE = "Europe/Stockholm";

const partsFormat = new Intl.DateTimeFormat("sv-SE", {
    timeZone: ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
});

/** The local date ("2027-03-05") and time ("09:00") of a UTC instant in Stockholm. */
export function toLocalParts(utc: string): { date: string; time: string } {
    const d = new Date(utc);
    if (Number.isNaN(d.getTime())) return { date: "", time: "" };
    const p: Record<string, string> = {};
    for (const part of partsFormat.formatToParts(d)) p[part.type] = part.value;
    return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Minutes Stockholm is ahead of UTC at the instant `ms`. */
function offsetMinutes(ms: number): number {
    const { date, time } = toLocalParts(new Date(ms).toISOString());
    const local = Date.parse(`${date}T${time}:00Z`);
    return Math.round((local - Math.floor(ms / 60000) * 60000) / 60000);
}

/**
 * The UTC instant ("…Z", whole seconds) of a Stockholm local date and time
 * ("2027-03-05", "09:00"); null when either is not a valid date or time.
 */
export function fromLocalParts(date: string, time: string): string | null {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
    const m = /^(\d{1,2})[:.](\d{2})$/.exec(time.trim());
    if (!m) return null;
    const hh = Number(m[1]);
    const mm = Number(m[2]);
    if (hh > 23 || mm > 59) return null;
    const asUtc = Date.parse(`${date}T${String(hh).padStart(2, "0")}:${m[2]}:00Z`);
    if (Number.isNaN(asUtc)) return null;
    // The offset at the guess, then at the corrected instant (a change of summer
    // time between the two moves it once more).
    let ms = asUtc - offsetMinutes(asUtc) * 60000;
    ms = asUtc - offsetMinutes(ms) * 60000;
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** "5 mars 2027 kl. 09.00" style: a UTC instant as Swedish local date and time. */
export function formatLocalDateTime(utc: string | null | undefined): string {
    if (!utc) return "";
    const d = new Date(utc);
    if (Number.isNaN(d.getTime())) return utc;
    return d.toLocaleString("sv-SE", {
        timeZone: ZONE,
        day: "numeric",
        month: "long",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
    });
}

/** A session's time: "5 mars 2027 09:00–16:00" (the end's date too when it is another day). */
export function formatLocalSpan(startUtc: string, endUtc: string): string {
    const s = toLocalParts(startUtc);
    const e = toLocalParts(endUtc);
    const startText = formatLocalDateTime(startUtc);
    if (s.date === e.date) return `${startText}–${e.time}`;
    return `${startText} – ${formatLocalDateTime(endUtc)}`;
}
