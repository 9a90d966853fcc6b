// employerReportKeys.ts — the key fields of the employer reports (docs/employers.md
// "Reports") in Swedish words: headings, values (SNI and SSYK titles, size classes,
// kommun and organisation names, months and weeks) and their natural order.
import type { ReportRow } from "./followupTypes";
import { SIZE_CLASSES, SIZE_CLASS_LABELS, useClassifications, weekText } from "./employerLabels";
import { kommunName } from "./kommuner";
import { label } from "./labels";

export const EMPLOYER_KEY_LABELS: Record<string, string> = {
    sni_section: "Bransch (SNI-avdelning)",
    sni_division: "Bransch (SNI-huvudgrupp)",
    size_class: "Storleksklass (anställda)",
    municipality: "Kommun",
    municipality_code: "Kommun",
    ssyk: "Yrke (SSYK)",
    ssyk_code: "Yrke (SSYK)",
    org: "Organisation",
    org_id: "Organisation",
    month: "Månad",
    user: "Användare",
    user_id: "Användare",
    week: "Vecka",
    stage: "IPS-steg",
};

const MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];

const SIZE_SHORT: Record<string, string> = { ...Object.fromEntries(SIZE_CLASSES.map((c) => [c, c.replace("-", "–")])), "500+": "500+" };

export function useEmployerReportKeys(orgName: (id: number) => string) {
    const classes = useClassifications();

    /** A key value in words; undefined for fields that are not the employer reports'. */
    function keyName(field: string, value: string, row?: ReportRow): string | undefined {
        if (value === "") return "Uppgift saknas";
        switch (field) {
            case "sni_section":
            case "sni_division": {
                const t = classes.sniTitle(value);
                return t ? `${value} ${t}` : value;
            }
            case "size_class":
                return SIZE_SHORT[value] ?? label(SIZE_CLASS_LABELS, value);
            case "municipality":
            case "municipality_code":
                return kommunName(value) || value;
            case "ssyk":
            case "ssyk_code":
                return classes.ssykText(value);
            case "org":
            case "org_id": {
                const name = row?.org_name;
                if (typeof name === "string" && name) return name;
                return /^\d+$/.test(value) ? orgName(Number(value)) : value;
            }
            case "user":
            case "user_id": {
                const name = row?.user_name;
                if (typeof name === "string" && name) return name;
                return /^\d+$/.test(value) ? `Användare ${value}` : value;
            }
            case "month": {
                const m = /^(\d{4})-(\d{2})$/.exec(value);
                return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : value;
            }
            case "week": {
                const t = weekText(value);
                return t.charAt(0).toUpperCase() + t.slice(1);
            }
            default:
                return undefined;
        }
    }

    function fieldName(field: string): string {
        return EMPLOYER_KEY_LABELS[field] ?? field;
    }

    /** Size classes in their own order (unknown last), everything else by code. */
    function order(field: string, keys: string[]): string[] {
        if (field === "size_class") {
            const rank = (k: string) => {
                const i = (SIZE_CLASSES as readonly string[]).indexOf(k);
                return i < 0 ? 99 : i;
            };
            return [...keys].sort((a, b) => rank(a) - rank(b));
        }
        if (field === "org" || field === "org_id" || field === "municipality" || field === "municipality_code") {
            return [...keys].sort((a, b) => (keyName(field, a) ?? a).localeCompare(keyName(field, b) ?? b, "sv"));
        }
        return [...keys].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b, "sv")));
    }

    return { keyName, fieldName, order, load: classes.load };
}
