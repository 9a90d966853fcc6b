// reports_generated.test.mjs — every follow-up report on a generated förbund
// (`samsyn gen`, 400 participants: people in several rows, rows that do
// not sum to their total) for six years, in JSON, CSV and XLSX, as a
// reader (whose counts are always suppressed), as a case worker and as the
// administrator with and without a threshold: every answer is a 200 as the
// document says, and the server stays up. The suppression of the occupation
// report once overflowed here (src/report/table.c) and aborted the server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, startSamsyn } from "./lib.mjs";

let s;

before(async () => {
    s = await startSamsyn({
        gen: { participants: 400, seed: 3 },
        users: [
            { username: "rut", roles: ["reader"] },
            { username: "anna", orgId: 2, roles: ["case_worker"] },
        ],
    });
});

after(() => s?.close());

const years = [2021, 2022, 2023, 2024, 2025, 2026];
const period = (y) => `from=${y}-01-01&to=${y}-12-31`;
const reports = (y) => [
    ...["municipality", "target_group", "age_band", "outcome", "intervention", "sex"].map((by) => `participants?${period(y)}&by=${by}`),
    `attendees?${period(y)}&by=format`,
    `attendees?${period(y)}&by=intervention`,
    `occupation?${period(y)}`,
    `work-or-studies?${period(y)}`,
    `income-transitions?${period(y)}`,
    `interventions?year=${y}`,
    `costs?year=${y}`,
    `funding?year=${y}`,
    `goals?year=${y}`,
];

for (const [who, extra] of [["rut", ""], ["anna", ""], ["admin", ""], ["admin", "&suppress=3"]]) {
    test(`every follow-up report for six years as ${who}${extra ? " with suppress=3" : ""}: 200 in JSON, CSV and XLSX`, async () => {
        const c = await s.login(who, GOOD_PASSWORD);
        for (const y of years) {
            for (const q of reports(y)) {
                for (const format of ["", "&format=csv", "&format=xlsx"]) {
                    const r = await c.get(`/api/v1/reports/${q}${extra}${format}`);
                    assert.equal(r.status, 200, `${who} ${q}${extra}${format}: ${r.text?.slice(0, 200)}`);
                }
            }
        }
        // The server is still there to answer.
        assert.equal((await c.get("/api/v1/health")).status, 200);
    });
}
