// placements.test.mjs — placements (docs/matching.md "Placements"): the
// steps proposed → accepted | declined, accepted → started → ended with a
// result, impossible transitions 409, dates checked; proposing needs the
// participant's consent to share with employers (the latest, whoever
// recorded it) and an open opportunity; every step is an employer contact of
// the proposing organisation (so the coordination warning covers
// placements) with a note that never names the participant; who sees which
// placement, swept over every path with two organisations and every role;
// audit; and GET /reports/placements against data whose answer is known,
// suppression included.
//
// The opportunities are written as rows with s.sql(): their API is another
// branch's (the lead may switch these to POST /opportunities later).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Samsyn, sqlDialect, assertProblem, created, invalidNames, swedishDate, TWO_ORGS_SQL } from "./lib.mjs";

let s, admin, anna, kim, eva, ella, kansli, reader, trainer;
const u = {};
const ids = {}; // participants: ada (anna's), bo (kim's), cia (anna's, no consent), dan (anna's, consent withdrawn)
const P = "/api/v1/placements";

const today = () => swedishDate();


before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    s.sql(TWO_ORGS_SQL);
    u.anna = s.addUser({ username: "anna", name: "Anna Andersson", orgId: 2, roles: ["case_worker"] });
    u.kim = s.addUser({ username: "kim", name: "Kim Karlsson", orgId: 4, roles: ["case_worker"] });
    u.eva = s.addUser({ username: "eva", name: "Eva Ek", orgId: 4, roles: ["employer_contact"] });
    u.ella = s.addUser({ username: "ella", name: "Ella Ås", orgId: 1, roles: ["employer_contact"] });
    s.addUser({ username: "kansli", orgId: 1, roles: ["kansli"] });
    s.addUser({ username: "rut", orgId: 1, roles: ["reader"] });
    s.addUser({ username: "tora", orgId: 1, roles: ["trainer"] });
    // Employer 1: Eva is its main contact. Employer 2: no one's. Opportunity
    // 1 (praktik, AF's), 2 (arbetsträning, the kommun's: Eva's organisation),
    // 3 closed, 4 filled.
    s.sql(`
        INSERT INTO employers (id, orgnr, name, name_key, main_contact_user_id, created_at, updated_at) VALUES
          (1, '5560000001', 'Verkstaden AB', 'verkstaden ab', ${u.eva.id}, 'x', 'x'),
          (2, '5560000002', 'Vårdhemmet AB', 'vårdhemmet ab', NULL, 'x', 'x');
        INSERT INTO opportunities (id, employer_id, kind, ssyk_code, municipality_code, places, status, org_id,
          created_by_user_id, created_at, updated_at) VALUES
          (1, 1, 'praktik', '5120', '1488', 2, 'open', 2, ${u.anna.id}, 'x', 'x'),
          (2, 2, 'arbetstraning', '5321', '1487', 1, 'open', 4, ${u.kim.id}, 'x', 'x'),
          (3, 1, 'praktik', '5120', '1488', 1, 'closed', 2, ${u.anna.id}, 'x', 'x'),
          (4, 2, 'employment', '5321', '1487', 1, 'filled', 4, ${u.kim.id}, 'x', 'x');
    `);
    await s.start();
    [admin, anna, kim, eva, ella, kansli, reader, trainer] = await s.loginAll(["admin", "anna", "kim", "eva", "ella", "kansli", "rut", "tora"]);
    const person = async (who, pnr, first, last) =>
        (await created(await who.post("/api/v1/participants", { personnummer: pnr, first_name: first, last_name: last }))).id;
    ids.ada = await person(anna, "198503030028", "Ada", "Ekström");
    ids.bo = await person(kim, "198502020012", "Bo", "Berg");
    ids.cia = await person(anna, "198505050040", "Cia", "Holm");
    ids.dan = await person(anna, "198504040034", "Dan", "Lund");
    const consent = (who, id, status, date) => who.post(`/api/v1/participants/${id}/consents`, { status, date });
    await created(await consent(anna, ids.ada, "given", "2026-01-10"));
    await created(await consent(kim, ids.bo, "given", "2026-01-10"));
    await created(await consent(anna, ids.dan, "given", "2026-01-10"));
    await created(await consent(anna, ids.dan, "withdrawn", "2026-02-01"));
});

after(() => s?.close());

const placementCount = () => Number(s.sql("SELECT COUNT(*) FROM placements;"));
const contactCount = () => Number(s.sql("SELECT COUNT(*) FROM employer_contacts;"));

test("proposing: consent and an open place are needed, bad input names its field and writes nothing", async () => {
    const before = [placementCount(), contactCount()];
    // No consent at all; a consent given and then withdrawn (the latest rules).
    let b = assertProblem(await anna.post(P, { participant_id: ids.cia, opportunity_id: 1 }), 409);
    assert.match(b.detail, /samtyckt/);
    assertProblem(await anna.post(P, { participant_id: ids.dan, opportunity_id: 1 }), 409);
    // A closed and a filled place.
    b = assertProblem(await anna.post(P, { participant_id: ids.ada, opportunity_id: 3 }), 409);
    assert.match(b.detail, /inte öppen/);
    assertProblem(await kim.post(P, { participant_id: ids.bo, opportunity_id: 4 }), 409);
    // Unknown place, a participant the case worker may not see, a future date, missing ids.
    assert.deepEqual(invalidNames(await anna.post(P, { participant_id: ids.ada, opportunity_id: 99 })), ["opportunity_id"]);
    assert.deepEqual(invalidNames(await kim.post(P, { participant_id: ids.ada, opportunity_id: 1 })), ["participant_id"]);
    assert.deepEqual(invalidNames(await anna.post(P, { participant_id: ids.ada, opportunity_id: 1, proposed_date: "2099-01-01" })),
        ["proposed_date"]);
    assert.deepEqual(invalidNames(await anna.post(P, { participant_id: ids.ada, opportunity_id: 1, proposed_date: "2026-02-30" })),
        ["proposed_date"]);
    assert.deepEqual(invalidNames(await anna.post(P, {})).sort(), ["opportunity_id", "participant_id"]);
    assert.deepEqual(invalidNames(await anna.post(P, { participant_id: ids.ada, opportunity_id: 1, channel: "brevduva" })), ["channel"]);
    assert.deepEqual([placementCount(), contactCount()], before);
    // The consent counts whoever recorded it: the admin records Cia's, and
    // Anna may propose her.
    await created(await admin.post(`/api/v1/participants/${ids.cia}/consents`, { status: "given", date: "2026-03-01" }));
    const r = await created(await anna.post(P, { participant_id: ids.cia, opportunity_id: 1, proposed_date: "2026-03-02" }));
    assert.equal(r.state, "proposed");
});

test("the steps: proposed, accepted, started, ended; each an employer contact of the proposing organisation", async () => {
    const r = await created(await anna.post(P, { participant_id: ids.ada, opportunity_id: 1, proposed_date: "2026-11-02",
        channel: "phone", note: "Ada passar bra." }));
    const id = r.id;
    assert.deepEqual(r.warnings, []);
    assert.equal(r.state, "proposed");
    assert.equal(r.proposed_date, "2026-11-02");
    assert.equal(r.answer_date, null);
    assert.equal(r.employer_id, 1);
    assert.equal(r.employer_name, "Verkstaden AB");
    assert.equal(r.kind, "praktik");
    assert.equal(r.ssyk_code, "5120");
    assert.equal(r.first_name, "Ada");
    assert.equal(r.last_name, "Ekström");
    assert.equal(r.org_id, 2);
    assert.equal(r.org_name, "AF Trollhättan");
    assert.equal(r.proposed_by_user_id, u.anna.id);
    assert.equal(r.note, "Ada passar bra.");
    // Proposed twice while under way: 409.
    assertProblem(await anna.post(P, { participant_id: ids.ada, opportunity_id: 1 }), 409);

    // The employer's answer, logged by Eva (the employer's main contact) for AF.
    let x = await eva.patch(`${P}/${id}`, { state: "accepted", date: "2026-11-05", note: "Börjar snart." });
    assert.equal(x.status, 200, x.text);
    assert.equal(x.body.state, "accepted");
    assert.equal(x.body.answer_date, "2026-11-05");
    assert.equal(x.body.first_name, "Ada");
    assert.equal(x.body.last_name, "E."); // the employer contact sees the initial only
    // Impossible transitions.
    for (const [state, extra] of [["ended", { result: "employment" }], ["declined", {}], ["accepted", {}], ["proposed", {}]]) {
        const b = assertProblem(await anna.patch(`${P}/${id}`, { state, ...extra }), 409);
        assert.ok(b.detail.length > 10, b.detail);
    }
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${id}`, {})), ["state"]);
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${id}`, { state: "paused" })), ["state"]);
    // Dates: not before the answer, not in the future.
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${id}`, { state: "started", date: "2026-11-04" })), ["date"]);
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${id}`, { state: "started", date: "2099-11-04" })), ["date"]);
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${id}`, { state: "started", result: "employment" })), ["result"]);
    x = await anna.patch(`${P}/${id}`, { state: "started", date: "2026-11-10" });
    assert.equal(x.status, 200, x.text);
    assert.equal(x.body.start_date, "2026-11-10");
    assert.equal(x.body.note, "Börjar snart."); // a step without a note keeps the last
    // Ending: a result is needed; ended early needs its reason; not before the start.
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${id}`, { state: "ended", date: "2026-11-20" })), ["result"]);
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${id}`, { state: "ended", date: "2026-11-20", result: "ended_early" })), ["reason"]);
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${id}`, { state: "ended", date: "2026-11-20", result: "employment", reason: "x" })), ["reason"]);
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${id}`, { state: "ended", date: "2026-11-09", result: "employment" })), ["date"]);
    x = await anna.patch(`${P}/${id}`, { state: "ended", date: "2026-11-20", result: "employment" });
    assert.equal(x.status, 200, x.text);
    assert.equal(x.body.state, "ended");
    assert.equal(x.body.end_date, "2026-11-20");
    assert.equal(x.body.result, "employment");
    assertProblem(await anna.patch(`${P}/${id}`, { state: "started" }), 409);
    assertProblem(await anna.patch(`${P}/${id}`, { state: "ended", result: "studies" }), 409);

    // Four contacts, purpose placement, of AF (the proposing organisation) by
    // the user who took the step, with notes that name the place, not her.
    const rows = s.sql(`SELECT org_id || '|' || user_id || '|' || date || '|' || channel || '|' || purpose || '|' || note
        FROM employer_contacts WHERE employer_id = 1 AND date >= '2026-11-01' ORDER BY id;`).trim().split("\n");
    assert.deepEqual(rows, [
        `2|${u.anna.id}|2026-11-02|phone|placement|Förslag på kandidat till praktik (5120)`,
        `2|${u.eva.id}|2026-11-05|meeting|placement|Arbetsgivaren tackade ja: praktik (5120)`,
        `2|${u.anna.id}|2026-11-10|meeting|placement|Placeringen startade: praktik (5120)`,
        `2|${u.anna.id}|2026-11-20|meeting|placement|Placeringen avslutades: praktik (5120), anställning`,
    ]);
    const notes = s.sql(`SELECT ${sqlDialect.groupConcat("note", " ")} FROM employer_contacts;`);
    for (const secret of ["Ada", "Ekström", "198503030028", "Cia", "Holm"]) assert.ok(!notes.includes(secret), secret);
    // Each names the placement's participant for the IPS figures (the employer
    // side's answer too), which the log never shows.
    const pid = s.sql(`SELECT participant_id FROM placements WHERE id = ${id};`).trim();
    assert.equal(s.sql(`SELECT ${sqlDialect.groupConcat("participant_id", ",")} FROM employer_contacts
        WHERE employer_id = 1 AND date >= '2026-11-01';`).trim(), [pid, pid, pid, pid].join(","));
    // The contact log shows them to every partner.
    const log = await kim.get("/api/v1/employers/1/contacts?limit=500");
    assert.equal(log.status, 200, log.text);
    assert.ok(log.body.items.some((k) => k.note === "Arbetsgivaren tackade ja: praktik (5120)" && k.org_name === "AF Trollhättan"));
    assert.ok(log.body.items.every((k) => !("participant_id" in k)));
});

test("declined ends the placement; ended early keeps its reason", async () => {
    const a = await created(await kim.post(P, { participant_id: ids.bo, opportunity_id: 2, proposed_date: "2026-10-01" }));
    let x = await kim.patch(`${P}/${a.id}`, { state: "declined", date: "2026-10-03", note: "Ingen plats just nu." });
    assert.equal(x.status, 200, x.text);
    assert.equal(x.body.state, "declined");
    assertProblem(await kim.patch(`${P}/${a.id}`, { state: "started", date: "2026-10-04" }), 409);
    assertProblem(await kim.patch(`${P}/${a.id}`, { state: "accepted" }), 409);
    assert.equal(s.sql(`SELECT note FROM employer_contacts WHERE date = '2026-10-03';`).trim(), "Arbetsgivaren tackade nej: arbetsträning (5321)");
    // Declined, she may be proposed again.
    const b = await created(await kim.post(P, { participant_id: ids.bo, opportunity_id: 2, proposed_date: "2026-10-05" }));
    for (const [state, date] of [["accepted", "2026-10-06"], ["started", "2026-10-07"]]) {
        x = await kim.patch(`${P}/${b.id}`, { state, date });
        assert.equal(x.status, 200, x.text);
    }
    x = await kim.patch(`${P}/${b.id}`, { state: "ended", date: "2026-10-20", result: "ended_early", reason: "Flyttade." });
    assert.equal(x.status, 200, x.text);
    assert.equal(x.body.result, "ended_early");
    assert.equal(x.body.reason, "Flyttade.");
});

test("the coordination warning covers placements, both ways", async () => {
    // Anna proposes Cia... no: Cia is already proposed to 1; Ada's placement
    // at 1 has ended, so Anna proposes her again today.
    const r = await created(await anna.post(P, { participant_id: ids.ada, opportunity_id: 1 }));
    assert.equal(r.proposed_date, today());
    // Kim's contact with the same employer is warned of AF's step.
    const k = await kim.post("/api/v1/employers/1/contacts", { channel: "phone", purpose: "recruitment" });
    assert.equal(k.status, 201, k.text);
    assert.ok(k.body.warnings.some((w) => w.code === "recent_contact" && w.detail === `AF Trollhättan (Anna Andersson) ${today()}, möte`),
        JSON.stringify(k.body.warnings));
    // And Kim's own proposal to employer 1 is warned of AF's contacts.
    const p = await created(await kim.post(P, { participant_id: ids.bo, opportunity_id: 1 }));
    assert.ok(p.warnings.some((w) => w.detail.startsWith("AF Trollhättan (Anna Andersson)")), JSON.stringify(p.warnings));
    assert.ok(!p.warnings.some((w) => w.detail.startsWith("Vänersborgs kommun")));
    // Anna, in turn, is warned of the kommun's when she takes the next step.
    const x = await anna.patch(`${P}/${r.id}`, { state: "declined" });
    assert.equal(x.status, 200, x.text);
    assert.ok(x.body.warnings.some((w) => w.detail.startsWith("Vänersborgs kommun (Kim Karlsson)")), JSON.stringify(x.body.warnings));
});

test("who sees which placement: every path, two organisations, every role", async () => {
    const all = (await admin.get(`${P}?limit=500`)).body.items;
    const ofPerson = (id) => all.filter((x) => x.participant_id === id).map((x) => x.id).sort();
    const ofEmployerSide = all.filter((x) => x.employer_id === 1 || x.opportunity_id === 2).map((x) => x.id).sort();
    const annas = [...ofPerson(ids.ada), ...ofPerson(ids.cia)].sort();
    const kims = ofPerson(ids.bo);
    assert.ok(annas.length >= 3 && kims.length >= 3, JSON.stringify(all));
    const bosAtOne = all.find((x) => x.participant_id === ids.bo && x.opportunity_id === 1).id;
    const adasAtOne = all.find((x) => x.participant_id === ids.ada).id;
    const list = async (c, q = "") => {
        const r = await c.get(`${P}?limit=500${q}`);
        assert.equal(r.status, 200, r.text);
        return r.body.items.map((x) => x.id).sort();
    };
    // Case workers: their own participants' placements, however the list is asked for.
    assert.deepEqual(await list(anna), annas);
    assert.deepEqual(await list(kim), kims);
    assert.deepEqual(await list(anna, "&employer_id=1"), annas);
    assert.deepEqual(await list(anna, "&opportunity_id=1"), annas);
    assert.deepEqual(await list(anna, `&participant_id=${ids.bo}`), []);
    assert.deepEqual(await list(anna, "&opportunity_id=2"), []);
    assert.deepEqual(await list(kim, "&employer_id=1"), [bosAtOne]);
    assert.deepEqual(await list(kim, "&state=ended"), kims.filter((i) => all.find((x) => x.id === i).state === "ended"));
    assertProblem(await anna.get(`${P}/${bosAtOne}`), 404);
    assertProblem(await anna.patch(`${P}/${bosAtOne}`, { state: "accepted" }), 404);
    assertProblem(await kim.get(`${P}/${adasAtOne}`), 404);
    assertProblem(await kim.patch(`${P}/${adasAtOne}`, { state: "accepted" }), 404);
    const own = await anna.get(`${P}/${adasAtOne}`);
    assert.equal(own.status, 200, own.text);
    assert.equal(own.body.last_name, "Ekström");
    // The employer contact: placements at her employer and at her
    // organisation's places, the participant by first name and initial.
    assert.deepEqual(await list(eva), ofEmployerSide);
    const seen = (await eva.get(`${P}?limit=500`)).body.items;
    for (const x of seen) {
        const expected = { [ids.ada]: ["Ada", "E."], [ids.bo]: ["Bo", "B."], [ids.cia]: ["Cia", "H."] }[x.participant_id];
        assert.deepEqual([x.first_name, x.last_name], expected, JSON.stringify(x));
    }
    assert.equal((await eva.get(`${P}/${bosAtOne}`)).status, 200);
    assertProblem(await eva.post(P, { participant_id: ids.ada, opportunity_id: 1 }), 403);
    // Ella, an employer contact of no employer: nothing.
    assert.deepEqual(await list(ella), []);
    assertProblem(await ella.get(`${P}/${adasAtOne}`), 404);
    assertProblem(await ella.patch(`${P}/${bosAtOne}`, { state: "accepted" }), 404);
    // kansli, reader, trainer: 403 on every path.
    for (const c of [kansli, reader, trainer]) {
        assertProblem(await c.get(P), 403);
        assertProblem(await c.get(`${P}?employer_id=1`), 403);
        assertProblem(await c.get(`${P}/${adasAtOne}`), 403);
        assertProblem(await c.patch(`${P}/${bosAtOne}`, { state: "accepted" }), 403);
        assertProblem(await c.post(P, { participant_id: ids.ada, opportunity_id: 1 }), 403);
    }
    // A protected identity hides her names from the employer side, consent or not.
    s.sql(`UPDATE participants SET protected_identity = 1 WHERE id = ${ids.bo};`);
    const hidden = await eva.get(`${P}/${bosAtOne}`);
    assert.deepEqual([hidden.body.first_name, hidden.body.last_name], [null, null]);
    s.sql(`UPDATE participants SET protected_identity = 0 WHERE id = ${ids.bo};`);
    // A withdrawn consent hides even the first name from the employer side.
    await created(await anna.post(`/api/v1/participants/${ids.ada}/consents`, { status: "withdrawn", date: today() }));
    const after = await eva.get(`${P}/${adasAtOne}`);
    assert.equal(after.status, 200, after.text);
    assert.deepEqual([after.body.first_name, after.body.last_name], [null, null]);
    assert.equal((await anna.get(`${P}/${adasAtOne}`)).body.first_name, "Ada");
    // And she cannot be proposed again.
    assertProblem(await anna.post(P, { participant_id: ids.ada, opportunity_id: 2 }), 409);
    // Bad filters name themselves.
    assert.deepEqual(invalidNames(await anna.get(`${P}?state=paused`)), ["state"]);
    assert.deepEqual(invalidNames(await anna.get(`${P}?employer_id=x`)), ["employer_id"]);
});

test("reads and changes are audited as the participant's", async () => {
    const events = async (action) => {
        const r = await admin.get(`/api/v1/audit?entity=participant&entity_id=${ids.bo}&action=${action}&limit=500`);
        assert.equal(r.status, 200, r.text);
        return r.body.items;
    };
    const id = (await kim.get(`${P}?participant_id=${ids.bo}&limit=1`)).body.items[0].id;
    const reads = (await events("read")).length;
    assert.equal((await kim.get(`${P}/${id}`)).status, 200);
    assert.equal((await eva.get(`${P}?participant_id=${ids.bo}`)).status, 200);
    const r = await events("read");
    assert.equal(r.length, reads + 2);
    assert.deepEqual(r.slice(0, 2).map((e) => e.detail).sort(), [`placement ${id}`, "placements"]);
    const creates = await events("create");
    assert.ok(creates.some((e) => /^placement \d+$/.test(e.detail)), JSON.stringify(creates));
    const updates = await events("update");
    assert.ok(updates.some((e) => /^placement \d+$/.test(e.detail)));
    // The contact each step writes is audited as a contact, naming the placement.
    const contacts = await admin.auditEvents("employer_contact", "create");
    const byPlacement = contacts.filter((e) => /^placement \d+$/.test(e.detail ?? ""));
    assert.equal(byPlacement.length, Number(s.sql("SELECT COUNT(*) FROM employer_contacts WHERE purpose = 'placement';")));
    // Refused reads leave no event.
    await anna.get(`${P}/${id}`);
    assert.equal((await events("read")).length, reads + 2);
});

// --- the report ------------------------------------------------------------

// 2025's placements, written as rows: women 101–104, men 105–106.
// praktik (opportunity 1, employer 1, 5120): 101, 102, 103 (women) and 105,
// 106 (men) proposed and started; ended in 2025: 101 and 102 with
// employment, 103 early, 105 with studies; 106 still going.
// arbetsträning (opportunity 2, employer 2, 5321): 104 (woman) started and
// ended with employment; 106 proposed and declined.
function seedReport() {
    const people = [[101, "female"], [102, "female"], [103, "female"], [104, "female"], [105, "male"], [106, "male"]];
    const rows = [
        [101, 1, "ended", "2025-02-01", "2025-03-01", "2025-06-30", "employment"],
        [102, 1, "ended", "2025-02-01", "2025-03-01", "2025-07-31", "employment"],
        [103, 1, "ended", "2025-02-01", "2025-03-01", "2025-04-15", "ended_early"],
        [105, 1, "ended", "2025-02-01", "2025-03-01", "2025-08-31", "studies"],
        [106, 1, "started", "2025-02-01", "2025-03-01", null, null],
        [104, 2, "ended", "2025-04-01", "2025-05-01", "2025-06-01", "employment"],
        [106, 2, "declined", "2025-02-10", null, null, null],
    ];
    const q = (v) => (v === null ? "NULL" : `'${v}'`);
    s.sql(`
        INSERT INTO participants (id, anonymous, sex, birth_year, created_by_org_id, created_at, updated_at) VALUES
          ${people.map(([id, sex]) => `(${id}, 1, '${sex}', 1990, 2, 'x', 'x')`).join(", ")};
        INSERT INTO placements (participant_id, opportunity_id, org_id, proposed_by_user_id, state, proposed_date,
          start_date, end_date, result, reason, created_at, updated_at) VALUES
          ${rows.map(([p, o, st, pd, sd, ed, res]) =>
              `(${p}, ${o}, 2, ${u.anna.id}, '${st}', '${pd}', ${q(sd)}, ${q(ed)}, ${q(res)}, ${res === "ended_early" ? "'Sjuk'" : "NULL"}, 'x', 'x')`).join(", ")};
    `);
}

const count = (total, women, men) => ({ total, women, men });

test("the report: unique people per kind, occupation and employer, the share to employment, women and men", async () => {
    seedReport();
    let r = await admin.get("/api/v1/reports/placements?year=2025");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.suppression, undefined);
    const byKey = (rows, k) => Object.fromEntries(rows.map((x) => [x.key[k], x]));
    let rows = byKey(r.body.rows, "kind");
    assert.deepEqual(Object.keys(rows).sort(), ["arbetstraning", "praktik"]);
    assert.deepEqual(rows.praktik.proposed, count(5, 3, 2));
    assert.deepEqual(rows.praktik.started, count(5, 3, 2));
    assert.deepEqual(rows.praktik.ended, count(4, 3, 1));
    assert.deepEqual(rows.praktik.employment, count(2, 2, 0));
    assert.deepEqual(rows.praktik.employment_share, { total: 50, women: 66.7, men: 0 });
    assert.deepEqual(rows.arbetstraning.proposed, count(2, 1, 1));
    assert.deepEqual(rows.arbetstraning.started, count(1, 1, 0));
    assert.deepEqual(rows.arbetstraning.employment, count(1, 1, 0));
    assert.deepEqual(rows.arbetstraning.employment_share, { total: 100, women: 100, men: null });
    // The total counts each person once: 106 is in both rows.
    assert.deepEqual(r.body.total.proposed, count(6, 4, 2));
    assert.deepEqual(r.body.total.started, count(6, 4, 2));
    assert.deepEqual(r.body.total.ended, count(5, 4, 1));
    assert.deepEqual(r.body.total.employment, count(3, 3, 0));
    assert.deepEqual(r.body.total.employment_share, { total: 60, women: 75, men: 0 });

    r = await admin.get("/api/v1/reports/placements?by=occupation&from=2025-01-01&to=2025-12-31");
    assert.equal(r.status, 200, r.text);
    rows = byKey(r.body.rows, "ssyk_code");
    assert.deepEqual(rows["5120"].ended, count(4, 3, 1));
    assert.deepEqual(rows["5321"].proposed, count(2, 1, 1));
    r = await admin.get("/api/v1/reports/placements?by=employer&year=2025");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.rows.map((x) => x.key), [
        { employer: "Verkstaden AB", employer_id: 1 }, { employer: "Vårdhemmet AB", employer_id: 2 },
    ]);
    assert.deepEqual(r.body.rows[0].employment, count(2, 2, 0));

    // A period: the first half of 2025 has 101 and 104 ended with
    // employment, 103 ended early; all six proposed; 106's declined
    // proposal on 2025-02-10 is in it.
    r = await admin.get("/api/v1/reports/placements?from=2025-01-01&to=2025-06-30");
    assert.deepEqual(r.body.total.ended, count(3, 3, 0));
    assert.deepEqual(r.body.total.employment, count(2, 2, 0));

    assert.deepEqual(invalidNames(await admin.get("/api/v1/reports/placements?by=municipality")), ["by"]);
    assert.deepEqual(invalidNames(await admin.get("/api/v1/reports/placements?from=2025-13-01")), ["from"]);
});

test("the report is suppressed like the others: asked for, and always for those who may not see the people", async () => {
    const expected = {
        praktik: { proposed: count(5, 3, 2), started: count(5, 3, 2), ended: count(4, 3, 1), employment: count(2, 2, 0) },
        arbetstraning: { proposed: count(2, 1, 1), started: count(1, 1, 0), ended: count(1, 1, 0), employment: count(1, 1, 0) },
    };
    const check = (body, n) => {
        assert.equal(body.suppression.threshold, n);
        let hidden = 0;
        for (const row of body.rows) {
            for (const [g, want] of Object.entries(expected[row.key.kind])) {
                for (const cell of ["total", "women", "men"]) {
                    const v = row[g][cell];
                    if (want[cell] >= 1 && want[cell] < n) assert.equal(v, null, `${row.key.kind} ${g} ${cell} is small`);
                    if (v === null) hidden++;
                    else assert.equal(v, want[cell], `${row.key.kind} ${g} ${cell}`);
                }
            }
        }
        assert.ok(hidden > 0);
        assert.equal(body.suppression.cells.length >= hidden, true);
    };
    let r = await admin.get("/api/v1/reports/placements?year=2025&suppress=3");
    assert.equal(r.status, 200, r.text);
    check(r.body, 3);
    // The kansli may read the report (no names) but always suppressed.
    const threshold = (await admin.get("/api/v1/settings")).body.suppression_threshold;
    assert.ok(threshold >= 2);
    r = await kansli.get("/api/v1/reports/placements?year=2025");
    assert.equal(r.status, 200, r.text);
    check(r.body, threshold);
    r = await kansli.get("/api/v1/reports/placements?year=2025&suppress=2");
    assert.equal(r.body.suppression.threshold, threshold);
    // CSV and XLSX through the reports' plumbing.
    r = await admin.get("/api/v1/reports/placements?year=2025&format=csv");
    assert.equal(r.status, 200, r.text);
    assert.match(r.contentType, /^text\/csv/);
    assert.match(r.text, /Form;Form, benämning;Föreslagna/);
    assert.match(r.text, /praktik;praktik;5;3;2/);
    assert.match(r.text, /Totalt/);
    r = await admin.getBytes("/api/v1/reports/placements?year=2025&format=xlsx");
    assert.equal(r.status, 200);
});
