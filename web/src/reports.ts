// reports.ts — the reports the Rapporter page offers (docs/followup.md "Reports"),
// and how any report answer becomes a table: the grouping key, then the counts for
// women and men with their total and share, then other figures (kronor, percent).
// The answers differ per report; one flattening keeps the page independent of them.
import type { ReportResult, ReportRow } from "./followupTypes";
import type { paths } from "./generated/api-types";

/** The reports the document has: "participants" for GET /reports/participants. */
export type ReportPath = keyof paths extends infer K ? (K extends `/reports/${infer P}` ? P : never) : never;

/** "none": a report of the register as it is now (the employer structure, needs). */
export type ReportPeriod = "period" | "year" | "none";

export interface ReportDef {
    id: string;
    group: string;
    title: string;
    /** Path under /reports/, one the document has (checked by the compiler). */
    path: ReportPath;
    by?: string;
    period: ReportPeriod;
    /** The report can be limited to one intervention. */
    intervention: boolean;
    /** A short explanation under the title. */
    about: string;
    /** Code list of key fields whose code list is not given by the field name. */
    keyLists?: Record<string, string>;
    /** Heading of the rows' own counts when there are other groups beside them. */
    mainGroup?: string;
    /** Only sums of money: no counts to hide. */
    money?: boolean;
    /** The report can be limited to one or several kommuner (municipality_code=a,b). */
    municipalities?: boolean;
    /** Shown as a cross table: the first key down, the second across (both in `by`). */
    cross?: boolean;
    /** Counts of employers or contacts, not of people: no split by sex. */
    noSex?: boolean;
    /** Key columns not shown (e.g. a user's id beside the name). */
    hiddenKeys?: string[];
    /** The placements report (docs/matching.md "Follow-up report"): its keys are named by placementKeyName. */
    placements?: boolean;
    /** A report the page does not draw as a table of its own: the job-track funnel (FunnelReport). */
    funnel?: boolean;
}

/** The key field in the answer of a `by` value, where they differ. */
export const KEY_OF_BY: Record<string, string> = { municipality: "municipality_code", ssyk: "ssyk_code" };

const P = "Unika deltagare i individinriktade insatser";
const S = "Strukturövergripande och kompetenshöjande insatser";
const SUS = "SUS-uppföljning";
const E = "Insatser och ekonomi";
const A = "Arbetsgivare";
const M = "Placeringar och jobbspår";
const G = "SYV-vägledning";
const J = "Gemensam planering";

export const REPORTS: ReportDef[] = [
    { id: "participants-municipality", group: P, title: "Deltagare per kommun", path: "participants", by: "municipality", period: "period", intervention: true, about: "Unika personer med ett insatsdeltagande under perioden, efter folkbokföringskommun." },
    { id: "participants-target_group", group: P, title: "Deltagare per målgrupp", path: "participants", by: "target_group", period: "period", intervention: true, about: "En person kan tillhöra flera målgrupper; totalen räknar varje person en gång." },
    { id: "participants-age_band", group: P, title: "Deltagare per åldersgrupp", path: "participants", by: "age_band", period: "period", intervention: true, about: "Ålder som personen uppnår under periodens sista år." },
    { id: "participants-outcome", group: P, title: "Deltagare per sysselsättning efter avslut", path: "participants", by: "outcome", period: "period", intervention: true, about: "Sysselsättning efter det senaste avslutade deltagandet under perioden. Pågående deltaganden visas som ”Pågår”." },
    { id: "participants-intervention", group: P, title: "Deltagare per insats", path: "participants", by: "intervention", period: "period", intervention: true, about: "En person kan ha deltagit i flera insatser; totalen räknar varje person en gång." },
    { id: "attendees-format", group: S, title: "Deltagare per form", path: "attendees", by: "format", period: "period", intervention: true, about: "Unika deltagare i strukturövergripande insatser (till exempel utbildade mentorer), efter form för deltagande." },
    { id: "attendees-intervention", group: S, title: "Deltagare per insats", path: "attendees", by: "intervention", period: "period", intervention: true, about: "Unika deltagare i strukturövergripande insatser per insats." },
    { id: "occupation", group: SUS, title: "Sysselsättning före och efter", path: "occupation", period: "period", intervention: true, about: "Sysselsättning vid start och efter avslut (deltaganden som avslutades under perioden), med förändringen." },
    { id: "work-or-studies", group: SUS, title: "Arbete eller studier efter avslut", path: "work-or-studies", period: "period", intervention: true, about: "Av deltagandena som avslutades under perioden: hur många som gick till arbete eller studier." },
    { id: "income-transitions", group: SUS, title: "Försörjning före och efter", path: "income-transitions", period: "period", intervention: true, about: "Försörjningskälla vid start och vid avslut för deltaganden som avslutades under perioden. Ett deltagande med flera källor räknas i varje par.", keyLists: { before: "income_source", after: "income_source", from: "income_source", to: "income_source" } },
    { id: "interventions", group: E, title: "Insatsrapport", path: "interventions", period: "year", intervention: false, about: "Per insats: unika deltagare (med personnummer och anonyma), påbörjade och avslutade deltaganden, volymer och deltagare i strukturinsatser." },
    { id: "costs", group: E, title: "Kostnader", path: "costs", period: "year", intervention: true, about: "Budget och utfall per insats och finansiär, och kostnad per unik deltagare (utfall, eller budget när utfall saknas)." },
    { id: "funding", group: E, title: "Finansiering per insatstyp", path: "funding", period: "year", intervention: false, money: true, about: "Årets budget per typ av insats i kronor och procent, mot styrelsens riktmärke." },
    { id: "goals", group: E, title: "Måluppfyllelse", path: "goals", period: "year", intervention: true, about: "Varje mål för året med uppmätt värde och måluppfyllelse i procent.", mainGroup: "Utfall" },
    { id: "employers-structure", group: A, title: "Näringslivsstruktur", path: "employers", by: "sni_section,size_class", period: "none", intervention: false, municipalities: true, cross: true, noSex: true, about: "Branscher och storlekar: antal arbetsgivare i registret per bransch (SNI-avdelning) och storleksklass (antal anställda), för en eller flera kommuner." },
    { id: "employers-division", group: A, title: "Bransch (huvudgrupp) och storlek", path: "employers", by: "sni_division,size_class", period: "none", intervention: false, municipalities: true, cross: true, noSex: true, about: "Som näringslivsstrukturen, men med branschens huvudgrupp (två siffror)." },
    { id: "employers-municipality", group: A, title: "Arbetsgivare per kommun och bransch", path: "employers", by: "municipality,sni_section", period: "none", intervention: false, municipalities: true, cross: true, noSex: true, about: "Antal arbetsgivare i registret per kommun och bransch (SNI-avdelning)." },
    { id: "needs", group: A, title: "Rekryteringsbehov per yrke", path: "needs", by: "ssyk,municipality", period: "none", intervention: false, noSex: true, about: "Aktuella rekryteringsbehov: antal personer och antal arbetsgivare per yrke (SSYK) och kommun." },
    { id: "contacts", group: A, title: "Kontakter per organisation och månad", path: "contacts", by: "org,month", period: "period", intervention: false, cross: true, noSex: true, about: "Alla parters loggade kontakter med arbetsgivare under perioden." },
    { id: "ips", group: A, title: "IPS-kontakter per användare och vecka", path: "ips", period: "period", intervention: false, noSex: true, hiddenKeys: ["user_id"], about: "Kontakter med angivet IPS-steg (”tre koppar te”) per användare och ISO-vecka." },
    { id: "placements-kind", group: M, title: "Placeringar per typ av plats", path: "placements", by: "kind", period: "period", intervention: false, placements: true, about: "Unika personer som föreslogs till en plats under perioden, hade en pågående placering, avslutade en, och av dem gick till anställning." },
    { id: "placements-occupation", group: M, title: "Placeringar per yrke", path: "placements", by: "occupation", period: "period", intervention: false, placements: true, about: "Som placeringar per typ, efter platsens yrke (SSYK). En person med placeringar i flera yrken räknas i varje rad men en gång i totalen." },
    { id: "placements-employer", group: M, title: "Placeringar per arbetsgivare", path: "placements", by: "employer", period: "period", intervention: false, placements: true, hiddenKeys: ["employer_id"], about: "Som placeringar per typ, efter arbetsgivare." },
    { id: "job-tracks", group: M, title: "Jobbspårens antagningstratt", path: "job-tracks", period: "none", intervention: false, funnel: true, about: "Per steg i antagningen: hur många kandidater som nådde steget, kvinnor och män, hur stor andel som gick vidare till nästa steg och tiden från förslag till start. För ett jobbspår eller alla." },
    { id: "plan-stages", group: J, title: "Deltagare per steg på vägen till arbete", path: "plan-stages", period: "period", intervention: false, about: "Unika deltagare som bytte steg under perioden enligt de gemensamma planernas daterade bedömningar, från steg och till steg. Den första bedömningen i en plan räknas som ”Första bedömningen”." },
    { id: "handovers", group: J, title: "Överlämningar per mottagande part", path: "handovers", period: "period", intervention: false, hiddenKeys: ["to_org_id"], about: "Överlämningar som begärdes under perioden, per organisation som ombads ta över: begärda, godtagna och avböjda (efter deltagarens kön), och mediantiden i hela dagar från begäran till svar. Överlämningar räknas, inte personer." },
    { id: "guidance-place", group: G, title: "SYV-bokningar per plats", path: "guidance", by: "place", period: "period", intervention: false, about: "Bokningar av SYV-tider som börjar under perioden: genomförda, ej genomförda, avbokade och bokade utan registrerat utfall, kvinnor och män. Bokningar räknas, inte personer." },
    { id: "guidance-org", group: G, title: "SYV-bokningar per vägledarens organisation", path: "guidance", by: "org", period: "period", intervention: false, hiddenKeys: ["org_id"], about: "Som SYV-bokningar per plats, efter organisationen som vägledaren hör till." },
];

export function reportById(id: string): ReportDef | undefined {
    return REPORTS.find((r) => r.id === id);
}

/** An answer whose total is a bare number ({"rows", "total": N}) gets a total row. */
export function withTotalRow(result: ReportResult): ReportResult {
    const t = (result as Record<string, unknown>).total;
    if (typeof t !== "number") return result;
    const field = result.rows.find((r) => typeof r.count === "number") ? "count" : "total";
    return { ...result, total: { [field]: t } };
}

// ---- A cross table of a report grouped by two keys -------------------------------

export interface CrossTable {
    rowField: string;
    colField: string;
    rowKeys: string[];
    colKeys: string[];
    /** The figure shown, e.g. "count". */
    valueField: string;
    cell: (row: string, col: string) => number | null | undefined;
    rowTotal: (row: string) => number | null;
    colTotal: (col: string) => number | null;
    total: number | null;
    /** Some cells are hidden by suppression. */
    suppressed: boolean;
}

const NONE = "";

/** The first numeric field of the rows outside the key: "count" in the employer reports. */
function crossValueField(rows: ReportRow[]): string {
    for (const r of rows) {
        for (const [k, v] of Object.entries(r)) if (!SKIP.has(k) && (typeof v === "number" || v === null)) return k;
    }
    return "count";
}

/**
 * Rows keyed by two fields as a cross table; `order` sorts the keys of a field (e.g.
 * the size classes in their own order). Sums skip hidden (null) cells; a sum over
 * one is then null too, so a hidden count cannot be worked out from the sums.
 */
export function crossTable(
    result: ReportResult,
    fields: [string, string],
    order: (field: string, keys: string[]) => string[],
): CrossTable {
    const [rowField, colField] = fields;
    const rows = result.rows;
    const valueField = crossValueField(rows);
    const cells = new Map<string, number | null>();
    const rowSet = new Set<string>();
    const colSet = new Set<string>();
    let suppressed = false;
    const keyOf = (v: unknown) => (v === null || v === undefined ? NONE : String(v));
    for (const r of rows) {
        const rk = keyOf(r.key?.[rowField]);
        const ck = keyOf(r.key?.[colField]);
        rowSet.add(rk);
        colSet.add(ck);
        const v = r[valueField];
        if (v === null || r.suppressed === true) suppressed = true;
        cells.set(`${rk}\u0000${ck}`, typeof v === "number" ? v : null);
    }
    const rowKeys = order(rowField, [...rowSet]);
    const colKeys = order(colField, [...colSet]);
    const cell = (r: string, c: string) => cells.get(`${r}\u0000${c}`);
    const sum = (values: (number | null | undefined)[]): number | null => {
        let s = 0;
        for (const v of values) {
            if (v === null) return null;
            if (typeof v === "number") s += v;
        }
        return s;
    };
    const t = (result as Record<string, unknown>).total;
    const serverTotal =
        typeof t === "number" ? t : isObject(t) && typeof t[valueField] === "number" ? (t[valueField] as number) : null;
    return {
        rowField,
        colField,
        rowKeys,
        colKeys,
        valueField,
        cell,
        rowTotal: (r) => sum(colKeys.map((c) => cell(r, c))),
        colTotal: (c) => sum(rowKeys.map((r) => cell(r, c))),
        total: serverTotal ?? sum(rowKeys.flatMap((r) => colKeys.map((c) => cell(r, c)))),
        suppressed,
    };
}

// ---- Flattening an answer into a table ----------------------------------------

export type ValueKind = "count" | "percent" | "money" | "number";

export interface Column {
    /** Path in the row: "" for the row's own counts, or "before", "budget_sek" … */
    path: string;
    group: string;
    /** A sex group: Totalt, Kvinnor, Män (and Andel) follow; otherwise one column. */
    sex: boolean;
    /** A sex group of percentages (one decimal each). */
    percent: boolean;
    /** Whether the sex group gets an Andel (%) column. */
    share: boolean;
    kind: ValueKind;
}

/** An answer as rows and a total row, whatever its shape. */
export interface ReportTableData {
    rows: ReportRow[];
    total: Record<string, unknown> | null;
}

const SEX_FIELDS = ["total", "women", "men"];
const SKIP = new Set(["key", "suppressed"]);

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isSexObject(v: unknown): v is Record<string, unknown> {
    return isObject(v) && SEX_FIELDS.some((f) => f in v);
}

export function valueKind(field: string): ValueKind {
    if (field.endsWith("_sek")) return "money";
    if (["share", "progress", "percent"].includes(field) || field.endsWith("_percent") || field.endsWith("_share")) return "percent";
    return "number";
}

/** A group of percentages split by sex (e.g. the share in work or studies). */
function isPercentGroup(name: string): boolean {
    return name === "share" || name.endsWith("_share") || name.endsWith("_percent");
}

/**
 * One row in the common form: a goal's measured value with its women and men
 * becomes a count group (value → total); a cost line's funders become one group
 * of figures per funder ("funder:state": {budget_sek, actual_sek}).
 */
function normalizeRow(row: Record<string, unknown>): ReportRow {
    const out: Record<string, unknown> = { ...row };
    if (("women" in out || "men" in out) && !("total" in out) && "value" in out) {
        out.total = out.value;
        delete out.value;
    }
    if (Array.isArray(out.funders)) {
        for (const f of out.funders as Record<string, unknown>[]) {
            const { funder, ...figures } = f;
            out[`funder:${String(funder)}`] = figures;
        }
        delete out.funders;
    }
    return out as ReportRow;
}

/**
 * The rows ("rows", or "items" in the per-intervention reports; an answer with
 * neither is one row of its own) and the total row ("total", or the answer's own
 * figures beside "items", e.g. the funding report's budget).
 */
export function tableData(result: ReportResult): ReportTableData {
    const r = result as Record<string, unknown>;
    let rows: ReportRow[];
    let total: Record<string, unknown> | null = isObject(r.total) ? r.total : null;
    if (Array.isArray(r.rows)) rows = r.rows as ReportRow[];
    else if (Array.isArray(r.items)) {
        rows = r.items as ReportRow[];
        if (!total) {
            const own = Object.entries(r).filter(([k, v]) => k !== "year" && k !== "items" && (typeof v === "number" || isObject(v)));
            total = own.length > 0 ? Object.fromEntries(own) : null;
        }
    } else {
        const rest: Record<string, unknown> = { ...r };
        delete rest.year;
        rows = [rest as ReportRow];
        total = null;
    }
    return { rows: rows.map((row) => normalizeRow(row)), total: total ? normalizeRow(total) : null };
}

/** Key fields in first-seen order (an intervention's id not when its name is a key too). */
export function keyFields(rows: ReportRow[]): string[] {
    const out: string[] = [];
    for (const row of rows) {
        for (const k of Object.keys(row.key ?? {})) if (!out.includes(k)) out.push(k);
    }
    return out.includes("intervention") ? out.filter((k) => k !== "intervention_id") : out;
}

/** Fields outside the key that describe the row rather than count: texts, ids, the year. */
function isLabelField(k: string, v: unknown): boolean {
    return typeof v === "string" || (typeof v === "number" && (k.endsWith("_id") || k === "year"));
}

/** A name that the intervention_id column shows instead of a field of its own. */
const NAME_FIELDS = ["intervention_name", "name"];

/** Label fields outside the key (e.g. the goal's indicator), in first-seen order. */
export function textFields(rows: ReportRow[], keys: string[]): string[] {
    const out: string[] = [];
    for (const row of rows) {
        for (const [k, v] of Object.entries(row)) {
            if (SKIP.has(k) || keys.includes(k) || out.includes(k)) continue;
            if (isLabelField(k, v)) out.push(k);
        }
    }
    // An intervention is shown by its name: the id column goes when a name is there.
    const all = [...keys, ...out];
    if (all.includes("intervention") || all.includes("intervention_name")) {
        return out.filter((k) => k !== "intervention_id");
    }
    if (all.includes("intervention_id")) return out.filter((k) => !NAME_FIELDS.includes(k));
    return out;
}

/**
 * Value columns: the row's own sex split first, then nested groups (sex groups or
 * groups of figures), then single figures. A count group gets an Andel (%) column
 * when the answer has shares or a total to compute them from; a change and a
 * percentage group do not.
 */
export function valueColumns(rows: ReportRow[], total: Record<string, unknown> | null): Column[] {
    const all: Record<string, unknown>[] = [...rows, ...(total ? [total] : [])];
    const cols: Column[] = [];
    const seen = new Set<string>();
    const add = (c: Column) => {
        if (!seen.has(c.path)) {
            seen.add(c.path);
            cols.push(c);
        }
    };
    const shareable = (path: string) =>
        rows.some((r) => typeof valueAt(r, path === "" ? "share" : `${path}.share`) === "number") ||
        (total !== null && isSexObject(valueAt(total, path)));
    const labels = (k: string) => rows.some((r) => isLabelField(k, r[k]));
    if (all.some((r) => isSexObject(r))) add({ path: "", group: "", sex: true, percent: false, share: shareable(""), kind: "count" });
    for (const row of all) {
        for (const [k, v] of Object.entries(row)) {
            if (SKIP.has(k) || (isSexObject(row) && (SEX_FIELDS.includes(k) || k === "share"))) continue;
            if (isSexObject(v)) {
                const percent = isPercentGroup(k);
                add({ path: k, group: k, sex: true, percent, share: !percent && k !== "change" && shareable(k), kind: percent ? "percent" : "count" });
            } else if (isObject(v)) {
                for (const [sub, sv] of Object.entries(v)) {
                    if (typeof sv === "number" || sv === null) add({ path: `${k}.${sub}`, group: k, sex: false, percent: false, share: false, kind: valueKind(sub) });
                }
            }
        }
    }
    for (const row of all) {
        for (const [k, v] of Object.entries(row)) {
            if (SKIP.has(k) || (isSexObject(row) && (SEX_FIELDS.includes(k) || k === "share")) || labels(k)) continue;
            if (typeof v === "number" || v === null) add({ path: k, group: "", sex: false, percent: false, share: false, kind: valueKind(k) });
        }
    }
    return cols;
}

export function valueAt(row: Record<string, unknown> | null | undefined, path: string): unknown {
    if (!row) return undefined;
    if (path === "") return row;
    let cur: unknown = row;
    for (const part of path.split(".")) {
        if (!isObject(cur)) return undefined;
        cur = cur[part];
    }
    return cur;
}

function count(v: unknown): number | null {
    return typeof v === "number" ? v : null;
}

export interface SexGroup {
    total: number | null;
    women: number | null;
    men: number | null;
    share: number | null;
}

/**
 * The cells of a sex group. The share is the server's when it sends one,
 * otherwise the group's total in percent of the same group's report total.
 */
export function sexGroup(
    row: Record<string, unknown> | null | undefined,
    path: string,
    reportTotal: Record<string, unknown> | null | undefined,
): SexGroup {
    const g = valueAt(row, path);
    const obj = isObject(g) ? g : {};
    const t = count(obj.total);
    let share = count(obj.share);
    if (share === null && t !== null) {
        const whole = valueAt(reportTotal, path);
        const wt = isObject(whole) ? count(whole.total) : null;
        if (wt !== null && wt > 0) share = (t / wt) * 100;
    }
    return { total: t, women: count(obj.women), men: count(obj.men), share };
}

/** Whether the row has this sex group at all. */
export function hasGroup(row: Record<string, unknown> | null | undefined, path: string): boolean {
    return isSexObject(valueAt(row, path));
}
