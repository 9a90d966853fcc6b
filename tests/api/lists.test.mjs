// lists.test.mjs — the participant and enrolment lists filtered by an
// enrolment's state as of the server's today (SAMSYN_TODAY): planned
// (starts after today), ongoing, ended (end date today or earlier) and
// follow-up due (6 or 12 months after the end, not yet recorded), with the
// intervention, municipality and target group filters; enrolments sorted by
// start or end date and carrying the participant when asked; a case worker
// sees only her organisation's enrolments through every filter; bad filter
// values are 422 with a Swedish reason.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Samsyn, assertProblem, invalidNames } from "./lib.mjs";

process.env.SAMSYN_TODAY = "2026-06-15";

let s;
let admin, anna, fia;

// Participant id → [intervention, start, end, followup_6m, followup_12m].
// AF (2) owns 100, FK (3) owns 103; a participant enrolled in 103 only is
// FK's alone.
const ENROLMENTS = [
    [1, 100, "2026-07-01", null, null, null], // planned
    [2, 100, "2026-01-10", null, null, null], // ongoing
    [3, 100, "2025-01-10", "2026-06-15", null, null], // ended today
    [4, 100, "2024-01-10", "2025-11-30", null, null], // ended, 6 months due (2025-12-15 is the limit)
    [5, 100, "2024-01-10", "2025-01-31", "work", null], // ended, 12 months due
    [6, 100, "2024-01-10", "2025-01-31", "work", "work"], // ended, both done
    [7, 103, "2026-01-10", "2026-12-31", null, null], // ongoing, FK's only
    [8, 103, "2024-01-10", "2025-01-31", null, null], // ended, due, FK's only
    [9, 100, "2023-01-10", "2024-06-14", null, null], // ended more than 24 months ago: no longer chased
];

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    s.sql(`
        INSERT INTO orgs (id, name, kind, municipality_code, created_at, updated_at) VALUES
          (2, 'AF Trollhättan', 'af', NULL, 'x', 'x'), (3, 'FK Väst', 'fk', NULL, 'x', 'x');
        INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at, updated_at) VALUES
          (100, 'Steget', 'individual', 2, '2020-01-01', NULL, 'active', 'participants', 'x', 'x'),
          (103, 'Vägen', 'individual', 3, '2020-01-01', NULL, 'active', 'participants', 'x', 'x');
    `);
    const participants = ENROLMENTS.map(
        ([id, iv]) =>
            `(${id}, '1990010${String(id).padStart(5, "0")}', '1990-01-01', 'p${id}', 'Efter${id}', 0, '${id % 2 ? "female" : "male"}', 1990, '${id <= 4 ? "1488" : "1487"}', ${iv === 100 ? 2 : 3}, 'x', 'x')`,
    );
    const enrolments = ENROLMENTS.map(
        ([id, iv, start, end, f6, f12]) =>
            `(${id}, ${id}, ${iv}, '${start}', ${end ? `'${end}'` : "NULL"}, ${f6 ? `'${f6}'` : "NULL"}, ${f12 ? `'${f12}'` : "NULL"}, 'x', 'x')`,
    );
    s.sql(`
        INSERT INTO participants (id, personnummer, birth_date, first_name, last_name, anonymous, sex, birth_year, municipality_code, created_by_org_id, created_at, updated_at)
          VALUES ${participants.join(", ")};
        INSERT INTO participant_target_groups (participant_id, code) SELECT 2, code FROM target_groups LIMIT 1;
        INSERT INTO enrolments (id, participant_id, intervention_id, start_date, end_date, followup_6m, followup_12m, created_at, updated_at)
          VALUES ${enrolments.join(", ")};
    `);
    s.addUser({ username: "anna", name: "Anna Handläggare", orgId: 2, roles: ["case_worker"] });
    s.addUser({ username: "fia", name: "Fia Handläggare", orgId: 3, roles: ["case_worker"] });
    await s.start();
    [admin, anna, fia] = await s.loginAll(["admin", "anna", "fia"]);
});

after(() => s?.close());

async function ids(client, path) {
    const res = await client.get(path);
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    assert.equal(res.body.total, res.body.items.length, path);
    return res.body.items.map((p) => p.id).sort((a, b) => a - b);
}

test("participants by enrolment status as of today", async () => {
    assert.deepEqual(await ids(admin, "/api/v1/participants?status=planned"), [1]);
    assert.deepEqual(await ids(admin, "/api/v1/participants?status=ongoing"), [2, 7]);
    assert.deepEqual(await ids(admin, "/api/v1/participants?status=ended"), [3, 4, 5, 6, 8, 9]);
    assert.deepEqual(await ids(admin, "/api/v1/participants?followup_due=true"), [4, 5, 8]);
    assert.deepEqual(await ids(admin, "/api/v1/participants?followup_due=false"), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test("the filters combine: intervention, status, municipality, target group", async () => {
    assert.deepEqual(await ids(admin, "/api/v1/participants?intervention_id=103&status=ongoing"), [7]);
    assert.deepEqual(await ids(admin, "/api/v1/participants?intervention_id=100&followup_due=1"), [4, 5]);
    assert.deepEqual(await ids(admin, "/api/v1/participants?status=ended&municipality_code=1488"), [3, 4]);
    const group = s.sql("SELECT code FROM participant_target_groups WHERE participant_id = 2").trim();
    assert.deepEqual(await ids(admin, `/api/v1/participants?status=ongoing&target_group=${group}`), [2]);
    assert.deepEqual(await ids(admin, `/api/v1/participants?status=ended&target_group=${group}`), []);
});

test("a case worker's filters see only her organisation's enrolments", async () => {
    assert.deepEqual(await ids(anna, "/api/v1/participants?status=ongoing"), [2]);
    assert.deepEqual(await ids(anna, "/api/v1/participants?followup_due=true"), [4, 5]);
    assert.deepEqual(await ids(fia, "/api/v1/participants?followup_due=true"), [8]);
    // Another organisation's intervention: nobody, whatever the state.
    assert.deepEqual(await ids(anna, "/api/v1/participants?intervention_id=103&status=ongoing"), []);
    assert.deepEqual(await ids(anna, "/api/v1/enrolments?intervention_id=103"), []);
    assert.deepEqual(await ids(anna, "/api/v1/enrolments?status=ended"), [3, 4, 5, 6, 9]);
});

test("enrolments filtered, sorted by start or end, with the participant", async () => {
    assert.deepEqual(await ids(admin, "/api/v1/enrolments?status=planned"), [1]);
    assert.deepEqual(await ids(admin, "/api/v1/enrolments?intervention_id=100&followup_due=true"), [4, 5]);
    const order = async (sort) =>
        (await admin.get(`/api/v1/enrolments?intervention_id=100&sort=${sort}`)).body.items.map((e) => e.id);
    assert.deepEqual(await order("-start_date"), [1, 2, 3, 6, 5, 4, 9]);
    assert.deepEqual(await order("start_date"), [9, 4, 5, 6, 3, 2, 1]);
    assert.deepEqual(await order("end_date"), [9, 5, 6, 4, 3, 1, 2]); // running ones (no end) last
    assert.deepEqual(await order("-end_date"), [2, 1, 3, 4, 6, 5, 9]); // and first
    const res = await anna.get("/api/v1/enrolments?intervention_id=100&include=participant&limit=2&sort=start_date");
    assert.equal(res.status, 200);
    assert.equal(res.body.total, 7);
    assert.deepEqual(res.body.items[0].participant, {
        id: 9,
        anonymous: false,
        first_name: "p9",
        last_name: "Efter9",
        sex: "female",
        birth_year: 1990,
    });
    assert.equal((await anna.get("/api/v1/enrolments?intervention_id=100")).body.items[0].participant, undefined);
});

test("bad filter values are 422 with a Swedish reason, naming the parameter", async () => {
    for (const [path, name] of [
        ["/api/v1/participants?status=pågår", "status"],
        ["/api/v1/participants?followup_due=ja", "followup_due"],
        ["/api/v1/enrolments?status=x", "status"],
        ["/api/v1/enrolments?sort=name", "sort"],
        ["/api/v1/enrolments?include=user", "include"],
    ]) {
        const res = await admin.get(path);
        assertProblem(res, 422);
        assert.deepEqual(invalidNames(res), [name], path);
        assert.match(res.body.invalid_parameters[0].reason, /^(Ange|Sortera|Bara)/, path);
    }
});
