// ips.test.mjs — the IPS fidelity figures (docs/matching.md "IPS fidelity
// figures"): an admin flags a case worker as IPS specialist through
// PATCH /users/{id} (only a case worker may be one); an employer contact may
// name a participant the author sees (stored for the figures, never shown in
// the log); GET /reports/ips-fidelity answers the
// caseload, contacts per week, days from enrolment to the participant's first
// employer contact and the share ended in work against data whose answer is
// known; admin and kansli see every specialist, a specialist herself, others
// 403; the specialist's start page shows her caseload and figures.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Samsyn, assertProblem, invalidNames, swedishDate, TWO_ORGS_STEGET_SQL } from "./lib.mjs";

let s, admin, anna, bo, kim, kansli, reader;
const id = (u) => Number(s.sql(`SELECT id FROM users WHERE username = '${u}';`).trim());
const day = (n) => swedishDate(Date.now() - n * 86400000); // n days ago

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    s.sql(`${TWO_ORGS_STEGET_SQL}
        INSERT INTO participants (id, personnummer, first_name, last_name, anonymous, sex, birth_year, created_by_org_id, created_at, updated_at) VALUES
          (1, NULL, NULL, NULL, 1, 'female', 1990, 2, 'x', 'x'), (2, NULL, NULL, NULL, 1, 'male', 1990, 2, 'x', 'x'),
          (3, NULL, NULL, NULL, 1, 'female', 1990, 2, 'x', 'x'), (4, NULL, NULL, NULL, 1, 'male', 1990, 2, 'x', 'x'),
          (5, NULL, NULL, NULL, 1, 'female', 1990, 2, 'x', 'x'), (6, NULL, NULL, NULL, 1, 'male', 1990, 2, 'x', 'x');
    `);
    s.addUser({ username: "anna", orgId: 2, roles: ["case_worker"] });
    s.addUser({ username: "bo", orgId: 2, roles: ["case_worker"] });
    s.addUser({ username: "kim", orgId: 4, roles: ["case_worker"] });
    s.addUser({ username: "kansli", orgId: 1, roles: ["kansli"] });
    s.addUser({ username: "rut", orgId: 1, roles: ["reader"] });
    const a = id("anna");
    s.sql(`
        INSERT INTO enrolments (participant_id, intervention_id, start_date, end_date, outcome, exit_reason, created_by_user_id, created_at, updated_at) VALUES
          (1, 101, '${day(100)}', NULL, NULL, NULL, ${a}, 'x', 'x'),
          (1, 101, '${day(100)}', NULL, NULL, NULL, ${a}, 'x', 'x'),
          (2, 101, '${day(100)}', NULL, NULL, NULL, ${a}, 'x', 'x'),
          (3, 101, '${day(200)}', NULL, NULL, NULL, ${a}, 'x', 'x'),
          (4, 101, '${day(200)}', '${day(10)}', 'work', NULL, ${a}, 'x', 'x'),
          (5, 101, '${day(200)}', '${day(5)}', 'studies', NULL, ${a}, 'x', 'x'),
          (6, 101, '${day(200)}', '${day(5)}', 'work', 'registration_error', ${a}, 'x', 'x'),
          (6, 101, '${day(-3)}', NULL, NULL, NULL, ${a}, 'x', 'x');
    `);
    await s.start();
    [admin, anna, bo, kim, kansli, reader] = await s.loginAll(["admin", "anna", "bo", "kim", "kansli", "rut"]);
});

after(() => s?.close());

test("an admin flags a case worker as IPS specialist; only a case worker may be one", async () => {
    let r = await admin.patch(`/api/v1/users/${id("anna")}`, { ips_specialist: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.ips_specialist, true);
    r = await admin.get(`/api/v1/users/${id("bo")}`);
    assert.equal(r.body.ips_specialist, false);
    r = await admin.patch(`/api/v1/users/${id("kansli")}`, { ips_specialist: true });
    assert.deepEqual(invalidNames(r), ["ips_specialist"]);
    assert.equal(s.sql(`SELECT ips_specialist FROM users WHERE username = 'kansli';`).trim(), "0");
    assertProblem(await anna.patch(`/api/v1/users/${id("bo")}`, { ips_specialist: true }), 403);
});

test("an employer contact names a participant only the author may see", async () => {
    const post = (c, body) => c.post("/api/v1/employers/1/contacts", { channel: "visit", purpose: "placement", ...body });
    let r = await post(anna, { date: day(90), participant_id: 1 });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.participant_id, undefined, "the log names no participant");
    assert.equal(s.sql(`SELECT participant_id FROM employer_contacts WHERE id = ${r.body.id};`).trim(), "1");
    r = await post(anna, { date: day(20), participant_id: 2 });
    assert.equal(r.status, 201, r.text);
    for (const d of [1, 3]) assert.equal((await post(anna, { date: day(d) })).status, 201);
    // Another organisation's case worker cannot name anna's participant.
    const before = s.sql("SELECT COUNT(*) FROM employer_contacts;").trim();
    assert.deepEqual(invalidNames(await post(kim, { participant_id: 1 })), ["participant_id"]);
    assert.deepEqual(invalidNames(await post(kim, { participant_id: 99999 })), ["participant_id"]);
    assert.equal(s.sql("SELECT COUNT(*) FROM employer_contacts;").trim(), before);
});

test("the figures against known data", async () => {
    const r = await admin.get("/api/v1/reports/ips-fidelity");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.weeks, 4);
    assert.equal(r.body.to, day(0));
    assert.equal(r.body.from, day(27));
    assert.deepEqual(r.body.caseload_limit, { good: 20, max: 25 });
    assert.deepEqual(r.body.items.map((x) => x.user_id), [id("anna")], "only specialists");
    const f = r.body.items[0];
    // Ongoing: participants 1 (twice), 2 and 3; the future one and the ended ones are not.
    assert.equal(f.caseload, 3);
    assert.equal(f.caseload_band, "within");
    // In the last four weeks: the contacts 20, 3 and 1 days ago; 3 / 4 = 0.75 → 0.8.
    assert.equal(f.employer_contacts, 3);
    assert.equal(f.employer_contacts_per_week, 0.8);
    // Enrolments started: 1, 1 (10 days to the contact 90 days ago), 2 (80 days), 3, 4, 5 (none);
    // the registration error is left out.
    assert.deepEqual(f.days_to_first_contact, { median: 10, with_contact: 3, without_contact: 3 });
    // Ended: 4 (work) and 5 (studies).
    assert.deepEqual(f.competitive_work, { ended: 2, work: 1, share: 50 });
    const w = await admin.get("/api/v1/reports/ips-fidelity?weeks=52");
    assert.equal(w.body.items[0].employer_contacts, 4);
    assert.deepEqual(invalidNames(await admin.get("/api/v1/reports/ips-fidelity?weeks=53")), ["weeks"]);
});

test("who may: admin and kansli all, a specialist herself, others 403", async () => {
    let r = await kansli.get("/api/v1/reports/ips-fidelity");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items.length, 1);
    r = await anna.get("/api/v1/reports/ips-fidelity");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((x) => x.user_id), [id("anna")]);
    // A second specialist: anna still sees only herself, the admin both.
    await admin.patch(`/api/v1/users/${id("kim")}`, { ips_specialist: true });
    r = await anna.get("/api/v1/reports/ips-fidelity");
    assert.deepEqual(r.body.items.map((x) => x.user_id), [id("anna")]);
    r = await admin.get("/api/v1/reports/ips-fidelity");
    assert.equal(r.body.items.length, 2);
    for (const c of [bo, reader]) assertProblem(await c.get("/api/v1/reports/ips-fidelity"), 403);
    assertProblem(await s.client().get("/api/v1/reports/ips-fidelity"), 401);
});

test("the specialist's start page shows her caseload and figures", async () => {
    let r = await anna.get("/api/v1/start");
    assert.equal(r.status, 200, r.text);
    const item = r.body.items.find((x) => x.kind === "ips_caseload");
    assert.ok(item, JSON.stringify(r.body.items));
    assert.equal(item.count, 3);
    assert.equal(r.body.figures.ips.caseload, 3);
    assert.equal(r.body.figures.ips.user_id, id("anna"));
    r = await bo.get("/api/v1/start");
    assert.equal(r.body.items.find((x) => x.kind === "ips_caseload"), undefined);
    assert.equal(r.body.figures.ips, undefined);
});
