// kommuner.ts — the Swedish municipalities (kommunkod → name) for select lists and tables.
// The list itself is generated at build time from src/se/data/kommuner.csv, the file the
// server embeds (src/se/kommun.c), by scripts/gen-web-classifications.mjs.
import { KOMMUNER } from "./classifications/kommunerData";

export { KOMMUNER };

const byCode = new Map(KOMMUNER);

/** "Trollhättan" for "1488"; the code itself when unknown. */
export function kommunName(code: string | null | undefined): string {
    if (!code) return "";
    return byCode.get(code) ?? code;
}

/** Sorted by name, as people look for them. */
export const KOMMUNER_BY_NAME = [...KOMMUNER].sort((a, b) => a[1].localeCompare(b[1], "sv"));
