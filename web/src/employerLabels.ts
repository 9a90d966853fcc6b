// employerLabels.ts — Swedish labels for the employer register's codes (size classes,
// contact channels and purposes, IPS stages, requirements), and SNI 2007 / SSYK 2012
// titles, loaded once on demand from the generated classifications/ modules.
// The codes are the document's (maps typed Record<Enum, string>, checked by the compiler);
// the contact channels' and purposes' words are the server's too, checked by
// tests/unit/test_ui_labels.c, which reads these maps as text: keep one entry per line.
import { computed, ref } from "vue";
import type { ContactChannel, ContactPurpose, ContactStage, NeedOpenTo, SizeClass, SwedishLevel } from "./employerTypes";
import { sizeClassValues } from "./generated/api-types";

/** The size classes in the document's order, smallest first. */
export const SIZE_CLASSES: readonly SizeClass[] = sizeClassValues;

export const SIZE_CLASS_LABELS: Record<SizeClass, string> = {
    "0": "0 anställda",
    "1-4": "1–4 anställda",
    "5-9": "5–9 anställda",
    "10-19": "10–19 anställda",
    "20-49": "20–49 anställda",
    "50-99": "50–99 anställda",
    "100-199": "100–199 anställda",
    "200-499": "200–499 anställda",
    "500+": "500 anställda eller fler",
};

export const CHANNEL_LABELS: Record<ContactChannel, string> = {
    visit: "Besök",
    phone: "Telefon",
    email: "E-post",
    meeting: "Möte",
    event: "Evenemang",
};

export const PURPOSE_LABELS: Record<ContactPurpose, string> = {
    recruitment: "Rekrytering",
    placement: "Placering (praktik, arbetsträning)",
    mentorship: "Mentorskap",
    information: "Information",
    follow_up: "Uppföljning",
};

/** IPS employer contacts, "tre koppar te": the three meetings with an employer. */
export const STAGE_LABELS: Record<`${NonNullable<ContactStage>}`, string> = {
    "1": "1 – första kontakten",
    "2": "2 – fördjupat samtal",
    "3": "3 – överenskommelse",
};

export const SWEDISH_LEVEL_LABELS: Record<SwedishLevel, string> = {
    none: "Inga krav",
    basic: "Grundläggande",
    good: "Goda kunskaper",
    fluent: "Flytande",
};

/**
 * A need's or a place's requirements in a line: "Körkort, svenska: goda kunskaper,
 * Truckkort A", or `none` when it states none (a need's certificate is its
 * vocational_certificate, a place's its certificate).
 */
export function requirementsText(
    r: { driving_licence: boolean; upper_secondary: boolean; swedish_level: SwedishLevel | null },
    certificate: string | null,
    none: string,
): string {
    const out: string[] = [];
    if (r.driving_licence) out.push("körkort");
    if (r.upper_secondary) out.push("gymnasieutbildning");
    if (r.swedish_level && r.swedish_level !== "none") out.push(`svenska: ${(SWEDISH_LEVEL_LABELS[r.swedish_level] ?? r.swedish_level).toLowerCase()}`);
    if (certificate) out.push(certificate);
    const text = out.join(", ");
    return text ? text.charAt(0).toUpperCase() + text.slice(1) : none;
}

export const OPEN_TO_LABELS: Record<keyof NeedOpenTo, string> = {
    praktik: "Praktik",
    work_training: "Arbetsträning",
    apl: "APL (arbetsplatsförlagt lärande)",
    wage_subsidy: "Lönestöd",
    mentorship: "Mentorskap",
};

/** "556000-0000": the usual written form of an organisationsnummer (and a personnummer). */
export function formatOrgnr(orgnr: string | null | undefined): string {
    if (!orgnr) return "";
    return /^\d{10}$/.test(orgnr) ? `${orgnr.slice(0, 6)}-${orgnr.slice(6)}` : orgnr;
}

/** The SNI section of a division (01–99), as SCB's structure has it. */
const SECTION_OF_DIVISION: [from: number, to: number, section: string][] = [
    [1, 3, "A"], [5, 9, "B"], [10, 33, "C"], [35, 35, "D"], [36, 39, "E"], [41, 43, "F"],
    [45, 47, "G"], [49, 53, "H"], [55, 56, "I"], [58, 63, "J"], [64, 66, "K"], [68, 68, "L"],
    [69, 75, "M"], [77, 82, "N"], [84, 84, "O"], [85, 85, "P"], [86, 88, "Q"], [90, 93, "R"],
    [94, 96, "S"], [97, 98, "T"], [99, 99, "U"],
];

export function sniSectionOf(code: string | null | undefined): string {
    if (!code) return "";
    if (/^[A-U]$/.test(code)) return code;
    const d = Number(code.slice(0, 2));
    return SECTION_OF_DIVISION.find(([a, b]) => d >= a && d <= b)?.[2] ?? "";
}

export interface ClassEntry {
    code: string;
    title: string;
    /** 0 for the top level (SNI section, SSYK major group), then one per level down. */
    depth: number;
}

function parseEntries(entries: readonly string[], depth: (code: string) => number): ClassEntry[] {
    return entries.map((e) => {
        const [code, title] = e.split("\t");
        return { code, title, depth: depth(code) };
    });
}

const sni = ref<ClassEntry[]>([]);
const ssyk = ref<ClassEntry[]>([]);
let loading: Promise<void> | null = null;

/** SNI: section letter depth 0, then 2–5 digits depth 1–4. SSYK: 1–4 digits depth 0–3. */
function load(): Promise<void> {
    if (sni.value.length > 0) return Promise.resolve();
    loading ??= Promise.all([import("./classifications/sniData"), import("./classifications/ssykData")])
        .then(([s, y]) => {
            sni.value = parseEntries(s.ENTRIES, (c) => (/^[A-Z]$/.test(c) ? 0 : c.length - 1));
            ssyk.value = parseEntries(y.ENTRIES, (c) => c.length - 1);
        })
        .finally(() => (loading = null));
    return loading;
}

export function useClassifications() {
    const sniByCode = computed(() => new Map(sni.value.map((e) => [e.code, e.title])));
    const ssykByCode = computed(() => new Map(ssyk.value.map((e) => [e.code, e.title])));
    const sniSections = computed(() => sni.value.filter((e) => e.depth === 0));
    const sniDivisions = computed(() => sni.value.filter((e) => e.depth === 1));
    /** Occupations at the most detailed level (unit groups, 4 digits). */
    const ssykUnits = computed(() => ssyk.value.filter((e) => e.depth === 3));

    function sniTitle(code: string | null | undefined): string {
        if (!code) return "";
        return sniByCode.value.get(code) ?? "";
    }

    /** "25620 Metallegoarbete" or just the code while the titles load. */
    function sniText(code: string | null | undefined): string {
        if (!code) return "";
        const t = sniTitle(code);
        return t ? `${code} ${t}` : code;
    }

    function ssykTitle(code: string | null | undefined): string {
        if (!code) return "";
        return ssykByCode.value.get(code) ?? "";
    }

    function ssykText(code: string | null | undefined): string {
        if (!code) return "";
        const t = ssykTitle(code);
        return t ? `${t} (${code})` : code;
    }

    return { load, sni, ssyk, sniSections, sniDivisions, ssykUnits, sniTitle, sniText, ssykTitle, ssykText };
}

/** The ISO week of a date, "2026-W48". */
export function isoWeek(date: Date = new Date()): string {
    const d = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
    const day = d.getUTCDay() || 7;
    d.setUTCDate(d.getUTCDate() + 4 - day);
    const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
    const week = Math.ceil(((d.getTime() - yearStart.getTime()) / 86400000 + 1) / 7);
    return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** Monday of an ISO week ("2026-W48") as a UTC date, or null if malformed. */
export function weekMonday(week: string): Date | null {
    const m = /^(\d{4})-W(\d{2})$/.exec(week);
    if (!m) return null;
    const year = Number(m[1]);
    const w = Number(m[2]);
    if (w < 1 || w > 53) return null;
    const jan4 = new Date(Date.UTC(year, 0, 4));
    const monday = new Date(jan4);
    monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() || 7) - 1) + (w - 1) * 7);
    return monday;
}

function ymd(d: Date): string {
    return d.toISOString().slice(0, 10);
}

/** The week `delta` weeks from `week`. */
export function shiftWeek(week: string, delta: number): string {
    const monday = weekMonday(week);
    if (!monday) return week;
    monday.setUTCDate(monday.getUTCDate() + 7 * delta);
    return isoWeek(new Date(monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate()));
}

/** "vecka 48, 23–29 november 2026" */
export function weekText(week: string): string {
    const monday = weekMonday(week);
    if (!monday) return week;
    const sunday = new Date(monday);
    sunday.setUTCDate(monday.getUTCDate() + 6);
    const n = Number(week.slice(6));
    return `vecka ${n}, ${ymd(monday)} – ${ymd(sunday)}`;
}

/** Week picker value (input type=week gives "2026-W48" too). */
export function validWeek(week: string): boolean {
    return weekMonday(week) !== null;
}
