// report_lines.mjs — prints a follow-up report's JSON answer (file named by
// argv[2]) as the lines bench/reports/*.sql print, "key|group|women|men",
// sorted, zero lines left out, so that sus.sh can compare the server's
// answer with the sqlite3 shell's. The key is the row's key values but the
// intervention's name ("*" for the totals); derived groups (change, share)
// are left out.
import { readFileSync } from "node:fs";

const r = JSON.parse(readFileSync(process.argv[2], "utf8"));
const lines = [];
const add = (key, group, v) => {
	if (v && Number.isInteger(v.women) && Number.isInteger(v.men) && (v.women || v.men))
		lines.push([key, group, v.women, v.men].join("|"));
};
const isCount = v => v && typeof v === "object" && Number.isInteger(v.women);
const groups = (key, o) => {
	if (isCount(o)) return add(key, "count", o);
	for (const [g, v] of Object.entries(o)) if (g !== "key" && g !== "change" && g !== "share") add(key, g, v);
};
if (r.rows) {
	for (const row of r.rows)
		groups(Object.entries(row.key).filter(([k]) => k !== "intervention").map(([, v]) => v ?? "").join(","), row);
	if (r.total) groups("*", r.total);
} else if (r.items && r.items.length && "indicator" in r.items[0]) {
	for (const g of r.items) if (g.value !== null && g.value !== undefined) add(`${g.intervention_id},${g.indicator}`, "value", g);
} else if (r.items) {
	for (const it of r.items) add(String(it.intervention_id), "participants", it.participants);
	add("*", "participants", r.total.participants);
} else {
	throw new Error("not a report this script knows");
}
console.log(lines.sort().join("\n"));
