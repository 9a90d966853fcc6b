// profiles.test.mjs — a participant's work profile (docs/matching.md "Work
// profile"): GET of a participant without one answers empty lists and nulls,
// PUT replaces the whole profile (lists and values left out are emptied), 422
// names each bad field (occupations[1] …), reads and changes are audited as
// the participant's with the detail work_profile, and only those who may see
// the participant reach it: a case worker of another organisation gets 404
// however she finds the id (a personnummer search included), kansli, readers
// and trainers 403.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Samsyn, assertProblem, invalidNames, TWO_ORGS_SQL } from "./lib.mjs";

let s, admin, anna, kim, kansli, reader, trainer;
let pid; // anna's participant (AF Trollhättan, org 2)
const PNR = "199001010017";
const path = (id) => `/api/v1/participants/${id}/profile`;

const FULL = {
    occupations: ["5120", "9412"],
    municipality_codes: ["1488", "1487"],
    driving_licence: true,
    swedish_level: "good",
    upper_secondary: true,
    certificates: ["Truckkort A", "Hygienkurs"],
    open_to: ["praktik", "employment"],
    hours_per_week: 30,
    limitations: "Kan inte lyfta tungt.",
};

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    s.sql(TWO_ORGS_SQL);
    s.addUser({ username: "anna", orgId: 2, roles: ["case_worker"] });
    s.addUser({ username: "kim", orgId: 4, roles: ["case_worker"] });
    s.addUser({ username: "kansli", orgId: 1, roles: ["kansli"] });
    s.addUser({ username: "rut", orgId: 1, roles: ["reader"] });
    s.addUser({ username: "tora", orgId: 1, roles: ["trainer"] });
    await s.start();
    [admin, anna, kim, kansli, reader, trainer] = await s.loginAll(["admin", "anna", "kim", "kansli", "rut", "tora"]);
    const r = await anna.post("/api/v1/participants", { personnummer: PNR, first_name: "Ada", last_name: "Ek" });
    assert.equal(r.status, 201, r.text);
    pid = r.body.id;
});

after(() => s?.close());

test("a participant without a profile: empty lists, false and nulls", async () => {
    const r = await anna.get(path(pid));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, {
        participant_id: pid, occupations: [], municipality_codes: [], driving_licence: false, swedish_level: null,
        upper_secondary: false, certificates: [], open_to: [], hours_per_week: null, limitations: null, updated_at: null,
    });
});

test("PUT stores the whole profile and GET reads it back", async () => {
    const r = await anna.put(path(pid), FULL);
    assert.equal(r.status, 200, r.text);
    const expect = { ...FULL, participant_id: pid, occupations: ["5120", "9412"], municipality_codes: ["1487", "1488"],
        open_to: ["employment", "praktik"] };
    const { updated_at, ...rest } = r.body;
    assert.match(updated_at, /^\d{4}-\d{2}-\d{2}T/);
    assert.deepEqual(rest, expect);
    const g = await admin.get(path(pid));
    assert.equal(g.status, 200, g.text);
    assert.deepEqual(g.body, r.body);
    assert.equal(s.sql(`SELECT COUNT(*) FROM work_profiles WHERE participant_id = ${pid};`).trim(), "1");
});

test("PUT replaces: what is left out is emptied, lists are rewritten, not added to", async () => {
    let r = await anna.put(path(pid), FULL);
    assert.equal(r.status, 200, r.text);
    r = await anna.put(path(pid), { occupations: ["9412"], certificates: ["Hygienkurs"] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.occupations, ["9412"]);
    assert.deepEqual(r.body.certificates, ["Hygienkurs"]);
    assert.deepEqual(r.body.municipality_codes, []);
    assert.deepEqual(r.body.open_to, []);
    assert.equal(r.body.driving_licence, false);
    assert.equal(r.body.swedish_level, null);
    assert.equal(r.body.hours_per_week, null);
    assert.equal(r.body.limitations, null);
    const rows = s.sql(`SELECT (SELECT COUNT(*) FROM work_profile_occupations WHERE participant_id = ${pid}) || ' ' ||
        (SELECT COUNT(*) FROM work_profile_municipalities WHERE participant_id = ${pid}) || ' ' ||
        (SELECT COUNT(*) FROM work_profile_certificates WHERE participant_id = ${pid});`).trim();
    assert.equal(rows, "1 0 1");
});

test("422 names each bad field in Swedish, and nothing is stored", async () => {
    let r = await anna.put(path(pid), FULL);
    assert.equal(r.status, 200, r.text);
    const before = (await anna.get(path(pid))).body;
    r = await anna.put(path(pid), {
        occupations: ["5120", "512", "9999", "5120"],
        municipality_codes: ["1488", "0000"],
        swedish_level: "utmärkt",
        hours_per_week: 0,
        certificates: ["", "x".repeat(201)],
        open_to: ["praktik", "semester"],
        limitations: "y".repeat(2001),
    });
    assert.deepEqual(invalidNames(r).sort(), [
        "certificates[0]", "certificates[1]", "hours_per_week", "limitations", "municipality_codes[1]",
        "occupations[1]", "occupations[2]", "occupations[3]", "open_to[1]", "swedish_level",
    ]);
    for (const p of r.body.invalid_parameters) assert.match(p.reason, /[A-ZÅÄÖ].*\.$/, `Swedish sentence: ${p.reason}`);
    const occ = r.body.invalid_parameters.find((p) => p.name === "occupations[1]");
    assert.match(occ.reason, /SSYK/);
    assert.deepEqual((await anna.get(path(pid))).body, before);
    // A wrong type is 422 too, not 500.
    r = await anna.put(path(pid), { occupations: "5120", driving_licence: "ja" });
    assert.ok(invalidNames(r).includes("driving_licence"));
});

test("reads and changes are audited as the participant's, detail work_profile", async () => {
    const events = async (action) => {
        const r = await admin.get(`/api/v1/audit?entity=participant&entity_id=${pid}&action=${action}&limit=500`);
        assert.equal(r.status, 200, r.text);
        return r.body.items.filter((e) => e.detail === "work_profile");
    };
    const reads = (await events("read")).length, updates = (await events("update")).length;
    assert.equal((await anna.get(path(pid))).status, 200);
    const read = await events("read");
    assert.equal(read.length, reads + 1);
    assert.equal(read[0].username, "anna");
    assert.equal((await anna.put(path(pid), FULL)).status, 200);
    assert.equal((await events("update")).length, updates + 1);
    // Refused reads and changes leave no event.
    await anna.put(path(pid), { occupations: ["1"] });
    await kim.get(path(pid));
    await kim.put(path(pid), FULL);
    assert.equal((await events("update")).length, updates + 1);
    assert.equal((await events("read")).length, reads + 1);
    // The limitations never go into the log.
    const all = await admin.get(`/api/v1/audit?entity=participant&entity_id=${pid}&limit=500`);
    assert.ok(!all.text.includes("lyfta"));
});

test("who may: another organisation's case worker 404, kansli, readers and trainers 403", async () => {
    assert.equal((await anna.put(path(pid), FULL)).status, 200);
    for (const [who, c, status] of [["kim", kim, 404], ["kansli", kansli, 403], ["reader", reader, 403], ["trainer", trainer, 403]]) {
        const g = await c.get(path(pid));
        assert.equal(g.status, status, `${who} GET: ${g.text}`);
        assert.ok(!g.text.includes("lyfta"), `${who} sees the limitations`);
        const p = await c.put(path(pid), { limitations: "Ändrad" });
        assert.equal(p.status, status, `${who} PUT: ${p.text}`);
    }
    // Unknown participant: the same 404 as one she may not see.
    assertProblem(await anna.get(path(999999)), 404);
    // Nothing changed by the refused writes.
    assert.equal((await anna.get(path(pid))).body.limitations, FULL.limitations);
});

test("a personnummer search cannot lead another organisation to the profile", async () => {
    assert.equal((await anna.put(path(pid), FULL)).status, 200);
    const r = await kim.post("/api/v1/participants/search", { personnummer: PNR });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items, []);
    // Nor the id found by other means, nor another written form.
    assertProblem(await kim.get(path(pid)), 404);
    const other = await kim.post("/api/v1/participants/search", { personnummer: "19900101-0017" });
    assert.deepEqual(other.body.items, []);
    // Her own organisation finds her and her profile.
    const own = await anna.post("/api/v1/participants/search", { personnummer: PNR });
    assert.deepEqual(own.body.items.map((x) => x.id), [pid]);
    assert.equal((await anna.get(path(own.body.items[0].id))).body.limitations, FULL.limitations);
    // The profile is never part of the participant's list rows.
    const list = await anna.get("/api/v1/participants");
    assert.ok(!list.text.includes("lyfta"));
});
