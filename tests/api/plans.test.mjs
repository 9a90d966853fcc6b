// plans.test.mjs — the joint plan (docs/plans.md): the toolbox's CRUD and
// its rules (reasons name the field, nothing stored), the municipality's
// time-line list with the shared items; a plan drawn up by the
// municipality with a step at Arbetsförmedlingen, which makes it a
// partner; a third organisation that is no partner gets 404 on every plan
// path (GET, PATCH, steps, versions, a version, PDF, the participant's
// plans, the re-actualisation list); a partner does not see the rest of
// the participant; versions with what changed and the plan as it was;
// the optimistic version check (409); pause with reason, conditions and
// review date, the re-actualisation list by week, re-actualising with a
// new stage assessment (422 without); the PDF's text; audit on the
// participant.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { assertProblem, created, invalidNames, ok, PLAN_ORGS_SQL, Samsyn, swedishDate } from "./lib.mjs";

let s, admin, kim, anna, gus, kansli, reader, afReader;
let her, plan, items = {};

const TB = "/api/v1/toolbox";
const P = (id) => `/api/v1/plans/${id}`;


/** The ISO week of a YYYY-MM-DD date: "2099-W10". */
function isoWeek(iso) {
    const d = new Date(iso + "T00:00:00Z");
    const day = (d.getUTCDay() + 6) % 7; // Monday 0
    d.setUTCDate(d.getUTCDate() - day + 3); // Thursday of the week
    const year = d.getUTCFullYear();
    const first = new Date(Date.UTC(year, 0, 4));
    const week = 1 + Math.round(((d - first) / 86400000 - 3 + ((first.getUTCDay() + 6) % 7)) / 7);
    return `${year}-W${String(week).padStart(2, "0")}`;
}
const addDays = (iso, n) => new Date(Date.parse(iso + "T00:00:00Z") + n * 86400000).toISOString().slice(0, 10);
const today = () => swedishDate();

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    s.sql(`${PLAN_ORGS_SQL}
        INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at, updated_at) VALUES
          (101, 'Steget', 'individual', 4, '2020-01-01', NULL, 'active', 'participants', 'x', 'x');
    `);
    s.addUser({ username: "kim", name: "Kim Handläggare", orgId: 4, roles: ["case_worker"] });
    s.addUser({ username: "anna", name: "Anna Arbetsförmedlare", orgId: 2, roles: ["case_worker"] });
    s.addUser({ username: "gus", orgId: 5, roles: ["case_worker"] });
    s.addUser({ username: "kansli", orgId: 1, roles: ["kansli"] });
    s.addUser({ username: "rut", orgId: 1, roles: ["reader"] });
    s.addUser({ username: "afrut", orgId: 2, roles: ["reader"] });
    await s.start();
    [admin, kim, anna, gus, kansli, reader, afReader] = await s.loginAll(["admin", "kim", "anna", "gus", "kansli", "rut", "afrut"]);
    her = (await created(await kim.post("/api/v1/participants", {
        personnummer: "199001012385", first_name: "Sara", last_name: "Ström", municipality_code: "1487",
    }))).id;
});

after(() => s?.close());

test("the toolbox: created, read by every role, changed, dated and signed", async () => {
    items.talk = await created(await kansli.post(TB, {
        name: "Klargörande samtal", municipality_code: "1487", provider: "Vänersborgs kommun", contact: "samtal@vanersborg.se",
        stage: "clarify", target_group: "Målgrupp A", min_age: 16, max_age: 64, rules: "Bosatt i kommunen", description: "Tre samtal.",
    }));
    assert.equal(items.talk.has_places, true);
    assert.equal(items.talk.updated_by_org_id, 1);
    assert.equal(items.talk.intervention_id, null);
    items.steget = await created(await kim.post(TB, { name: "Steget", municipality_code: "1487", intervention_id: 101, stage: "guide", has_places: false }));
    assert.equal(items.steget.provider, null);
    items.rusta = await created(await anna.post(TB, {
        name: "Rusta och matcha", municipality_code: null, provider: "Arbetsförmedlingen", stage: "equip", rules: "Inskriven på Arbetsförmedlingen",
    }));
    items.other = await created(await kansli.post(TB, { name: "Trollhättans jobbtorg", municipality_code: "1488", provider: "Trollhättans stad", stage: "matchable" }));
    for (const c of [admin, kim, anna, gus, kansli, reader]) {
        const g = await ok(await c.get(`${TB}/${items.talk.id}`));
        assert.deepEqual(g, items.talk);
    }
    // The municipality's time line: its items and the shared ones, in path order.
    const l = await ok(await reader.get(`${TB}?municipality_code=1487&limit=500`));
    assert.deepEqual(l.items.map((x) => x.name), ["Klargörande samtal", "Steget", "Rusta och matcha"]);
    assert.equal((await ok(await reader.get(`${TB}?stage=equip`))).items.length, 1);
    const before = items.talk.updated_at;
    const p = await ok(await kim.patch(`${TB}/${items.talk.id}`, { has_places: false, contact: null }));
    assert.equal(p.has_places, false);
    assert.equal(p.contact, null);
    assert.equal(p.name, "Klargörande samtal");
    assert.equal(p.updated_by_org_id, 4);
    assert.ok(p.updated_at >= before);
    const ev = await admin.auditEvents("toolbox_item", "update");
    assert.ok(ev.some((e) => e.entity_id === items.talk.id && e.username === "kim"));
});

test("the toolbox's rules: reasons name the field; readers may not write; nothing stored", async () => {
    const count = () => s.sql("SELECT COUNT(*) FROM toolbox_items;");
    const n = count();
    let r = await kansli.post(TB, { name: "", municipality_code: "9999", stage: "later", min_age: 30, max_age: 20, intervention_id: 999 });
    assert.deepEqual(new Set(invalidNames(r)), new Set(["name", "municipality_code", "stage", "max_age", "intervention_id"]));
    for (const p of r.body.invalid_parameters) assert.match(p.reason, /[a-zåäö]/, "a Swedish sentence");
    r = await kansli.post(TB, { name: "Utan anordnare", stage: "guide" });
    assert.deepEqual(invalidNames(r), ["provider"]);
    r = await kansli.patch(`${TB}/${items.talk.id}`, { stage: "nope" });
    assert.deepEqual(invalidNames(r), ["stage"]);
    assertProblem(await reader.post(TB, { name: "X", provider: "Y", stage: "guide" }), 403);
    assertProblem(await afReader.patch(`${TB}/${items.talk.id}`, { name: "X" }), 403);
    assertProblem(await kansli.get(`${TB}/999999`), 404);
    assertProblem(await reader.get(`${TB}?municipality_code=12`), 422);
    assert.equal(count(), n);
});

test("a plan: drawn up by the municipality; a step at Arbetsförmedlingen makes it a partner", async () => {
    // Nobody outside sees her yet.
    assertProblem(await anna.post(`/api/v1/participants/${her}/plans`, { goal: "x" }), 404);
    assertProblem(await kansli.post(`/api/v1/participants/${her}/plans`, { goal: "x" }), 403);
    let r = await kim.post(`/api/v1/participants/${her}/plans`, { goal: "", stage: "soon", next_meeting: { at: "igår" } });
    assert.deepEqual(new Set(invalidNames(r)), new Set(["goal", "stage", "next_meeting.at"]));
    plan = await created(await kim.post(`/api/v1/participants/${her}/plans`, {
        goal: "Jag vill jobba i ett kök.", stage: "clarify", next_meeting: { at: "2099-01-15T09:30", place: "Kontaktcenter, Vänersborg" },
    }));
    assert.equal(plan.responsible_org_id, 4);
    assert.deepEqual(plan.partner_org_ids, []);
    assert.equal(plan.status, "active");
    assert.equal(plan.stage, "clarify");
    assert.equal(plan.assessed_on, today());
    assert.equal(plan.assessed_by_org_id, 4);
    assert.equal(plan.version, 1);
    assert.equal(plan.first_name, "Sara");
    assert.deepEqual(plan.next_meeting, { at: "2099-01-15T09:30", place: "Kontaktcenter, Vänersborg" });
    assert.deepEqual(plan.steps, []);
    assertProblem(await anna.get(P(plan.id)), 404);

    r = await kim.post(`${P(plan.id)}/steps`, { toolbox_id: 999, org_id: 77, start_date: "2099-02-01", end_date: "2099-01-01", state: "cancelled" });
    assert.deepEqual(new Set(invalidNames(r)), new Set(["toolbox_id", "org_id", "end_date", "cancel_reason"]));
    const annaId = Number(s.sql("SELECT id FROM users WHERE username = 'anna';"));
    r = await kim.post(`${P(plan.id)}/steps`, { toolbox_id: items.rusta.id, org_id: 2, responsible_user_id: Number(s.sql("SELECT id FROM users WHERE username = 'gus';")) });
    assert.deepEqual(invalidNames(r), ["responsible_user_id"]);
    let p = await created(await kim.post(`${P(plan.id)}/steps`, {
        toolbox_id: items.rusta.id, org_id: 2, responsible_user_id: annaId, start_date: "2099-02-01", end_date: "2099-04-30",
    }));
    assert.deepEqual(p.partner_org_ids, [2]);
    assert.equal(p.version, 2);
    assert.equal(p.steps.length, 1);
    assert.equal(p.steps[0].state, "planned");
    assert.equal(p.steps[0].toolbox_name, "Rusta och matcha");
    assert.equal(p.steps[0].responsible_user_name, "Anna Arbetsförmedlare");
    p = await created(await kim.post(`${P(plan.id)}/steps`, { toolbox_id: items.talk.id, responsible_name: "Lena på Kontaktcenter" }));
    assert.equal(p.steps[1].org_id, 4);
    assert.deepEqual(p.partner_org_ids, [2]);

    // Arbetsförmedlingen now sees the plan, with her name, but not the rest of her.
    const a = await ok(await anna.get(P(plan.id)));
    assert.equal(a.first_name, "Sara");
    assert.equal(a.last_name, "Ström");
    assertProblem(await anna.get(`/api/v1/participants/${her}`), 404);
    const mine = await ok(await anna.get(`/api/v1/participants/${her}/plans`));
    assert.deepEqual(mine.items.map((x) => x.id), [plan.id]);
    // Its case worker moves her step along.
    const stepId = a.steps[0].id;
    p = await ok(await anna.patch(`${P(plan.id)}/steps/${stepId}`, { state: "ongoing" }));
    assert.equal(p.steps[0].state, "ongoing");
    assert.equal(p.updated_by_org_id, 2);
    r = await anna.patch(`${P(plan.id)}/steps/${stepId}`, { state: "cancelled" });
    assert.deepEqual(invalidNames(r), ["cancel_reason"]);
    assertProblem(await anna.patch(`${P(plan.id)}/steps/999999`, { state: "done" }), 404);
    // A reader of a partner organisation reads no personal data (access.h's role rule).
    assertProblem(await afReader.get(P(plan.id)), 403);
    plan = p;
});

test("a non-partner gets 404 on every plan path, and nothing changes", async () => {
    const version = plan.version;
    const paths = [
        ["GET", P(plan.id)], ["GET", `${P(plan.id)}/versions`], ["GET", `${P(plan.id)}/versions/1`], ["GET", `${P(plan.id)}/pdf`],
        ["GET", `/api/v1/participants/${her}/plans`],
        ["PATCH", P(plan.id), { goal: "Kapat" }], ["POST", `${P(plan.id)}/steps`, { toolbox_id: items.talk.id }],
        ["PATCH", `${P(plan.id)}/steps/${plan.steps[0].id}`, { state: "done" }],
        ["POST", `/api/v1/participants/${her}/plans`, { goal: "En egen plan" }],
    ];
    for (const [method, p, json] of paths) {
        const r = await gus.req(method, p, { json });
        assertProblem(r, 404);
        assert.doesNotMatch(r.text, /Sara|Ström|kök/);
    }
    const due = await ok(await gus.get("/api/v1/plans?review=due&week=2099-W10"));
    assert.equal(due.items.length, 0);
    assert.equal((await ok(await gus.get("/api/v1/plans"))).total, 0);
    assert.equal((await ok(await kim.get(P(plan.id)))).version, version);
    // The admin sees every plan.
    assert.equal((await ok(await admin.get(P(plan.id)))).id, plan.id);
});

test("pause: reason, conditions and review date; the re-actualisation list by week; back with a new assessment", async () => {
    const version = plan.version;
    let r = await kim.patch(P(plan.id), { status: "paused" });
    assert.deepEqual(new Set(invalidNames(r)), new Set(["pause_reason", "resume_conditions", "review_date"]));
    r = await kim.patch(P(plan.id), { status: "paused", pause_reason: "Programmet återkallat", resume_conditions: "Läkarintyg", review_date: addDays(today(), -1) });
    assert.deepEqual(invalidNames(r), ["review_date"]);
    // A stale version is refused.
    assertProblem(await kim.patch(P(plan.id), { goal: "Något annat", version: version - 1 }), 409);
    assert.equal((await ok(await kim.get(P(plan.id)))).version, version, "nothing changed");

    const review = "2099-03-04";
    const p = await ok(await anna.patch(P(plan.id), {
        status: "paused", pause_reason: "Arbetsförmedlingen har återkallat programmet", version,
        resume_conditions: "Hon har fått sin rehabilitering och vill börja igen", review_date: review,
    }));
    assert.equal(p.status, "paused");
    assert.equal(p.review_date, review);
    assert.equal(p.version, version + 1);
    for (const c of [kim, anna]) {
        const due = await ok(await c.get(`/api/v1/plans?review=due&week=${isoWeek(review)}`));
        assert.deepEqual(due.items.map((x) => x.id), [plan.id], "due in its week");
        assert.equal(due.items[0].first_name, "Sara");
        const later = await ok(await c.get(`/api/v1/plans?review=due&week=${isoWeek(addDays(review, 14))}`));
        assert.deepEqual(later.items.map((x) => x.id), [plan.id], "still due, overdue, later");
        const earlier = await ok(await c.get(`/api/v1/plans?review=due&week=${isoWeek(addDays(review, -7))}`));
        assert.equal(earlier.items.length, 0, "not yet due the week before");
    }
    assert.equal((await ok(await kim.get("/api/v1/plans?review=due"))).items.length, 0, "not due this week");
    assertProblem(await kim.get("/api/v1/plans?review=due&week=2099-W60"), 422);
    assertProblem(await kim.get("/api/v1/plans?review=soon"), 422);

    r = await kim.patch(P(plan.id), { status: "active" });
    assert.deepEqual(invalidNames(r), ["stage"]);
    const back = await ok(await kim.patch(P(plan.id), { status: "active", stage: "guide", assessment_note: "Motiverad igen" }));
    assert.equal(back.status, "active");
    assert.equal(back.stage, "guide");
    assert.equal(back.pause_reason, null);
    assert.equal(back.review_date, null);
    assert.deepEqual(back.assessments.map((a) => a.stage), ["clarify", "guide"]);
    assert.equal(back.assessments[1].note, "Motiverad igen");
    assert.equal((await ok(await kim.get(`/api/v1/plans?review=due&week=${isoWeek(review)}`))).items.length, 0);
    plan = back;
});

test("versions: a list with what changed, and the plan as it was", async () => {
    const l = await ok(await anna.get(`${P(plan.id)}/versions`));
    assert.ok(Array.isArray(l.items));
    assert.deepEqual(l.items.map((v) => v.version), [...Array(plan.version).keys()].map((i) => plan.version - i));
    assert.equal(l.total, plan.version);
    assert.match(l.items.at(-1).what, /upprättades/);
    assert.match(l.items[0].what, /återaktualiserades/);
    assert.ok(l.items.some((v) => /pausades/.test(v.what) && v.org_id === 2));
    const first = await ok(await anna.get(`${P(plan.id)}/versions/1`));
    assert.equal(first.plan.stage, "clarify");
    assert.deepEqual(first.plan.steps, []);
    assert.equal(first.plan.goal, "Jag vill jobba i ett kök.");
    assert.equal(first.plan.first_name, undefined, "no name kept in a version");
    const paused = l.items.find((v) => /pausades/.test(v.what));
    const then = await ok(await kim.get(`${P(plan.id)}/versions/${paused.version}`));
    assert.equal(then.plan.status, "paused");
    assert.equal(then.plan.resume_conditions, "Hon har fått sin rehabilitering och vill börja igen");
    assertProblem(await kim.get(`${P(plan.id)}/versions/999`), 404);
});

test("the PDF: the plan in plain Swedish for her", async () => {
    const r = await kim.getBytes(`${P(plan.id)}/pdf`);
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^application\/pdf/);
    const file = path.join(s.dir, "plan.pdf");
    writeFileSync(file, r.bytes);
    const text = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    assert.equal(text.status, 0, text.stderr);
    const t = text.stdout.replace(/\s+/g, " ");
    for (const want of ["Din plan", "Sara Ström", "Jag vill jobba i ett kök.", "Vägleda och motivera – här är du nu",
        "Rusta och matcha", "Pågår", "Arbetsförmedlingen Trollhättan", "Lena på Kontaktcenter", "15 januari 2099 klockan 09:30",
        "Kontaktcenter, Vänersborg", "Nästa möte"])
        assert.ok(t.includes(want), `${want} in:\n${t}`);
    assert.equal((await anna.getBytes(`${P(plan.id)}/pdf`)).status, 200);
});

test("reads and changes of a plan are audited on the participant", async () => {
    const reads = await admin.auditEvents("participant", "read");
    for (const d of ["plan", "plans", "plan_versions", "plan_version", "plan_pdf"])
        assert.ok(reads.some((e) => e.entity_id === her && e.detail === d), `read ${d}`);
    assert.ok(reads.some((e) => e.entity_id === her && e.detail === "plan" && e.username === "anna"));
    const changes = await admin.auditEvents("participant", "update");
    assert.ok(changes.filter((e) => e.entity_id === her && e.detail === "plan").length >= 4);
    assert.ok((await admin.auditEvents("participant", "create")).some((e) => e.entity_id === her && e.detail === "plan"));
    assert.equal(s.sql(`SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%199001012385%';`).trim(), "0");
});

test("participants per stage over time: moves by the dated assessments, women and men, suppressed for others", async () => {
    const day = today();
    const r = await ok(await admin.get(`/api/v1/reports/plan-stages?from=${day}&to=${day}`));
    const moves = r.rows.map((x) => [x.key.from_stage, x.key.to_stage, x.moved.women, x.moved.men]);
    assert.deepEqual(moves, [["none", "clarify", 1, 0], ["clarify", "guide", 1, 0]]);
    assert.equal(r.total.moved.total, 1, "one person moved");
    // Nothing moved last year; the others' counts are suppressed.
    assert.equal((await ok(await admin.get("/api/v1/reports/plan-stages?year=2020"))).rows.length, 0);
    const k = await ok(await reader.get(`/api/v1/reports/plan-stages?from=${day}&to=${day}`));
    assert.ok(k.suppression, JSON.stringify(k));
    assert.equal(k.total.moved.total, null);
    const csv = await admin.get(`/api/v1/reports/plan-stages?from=${day}&to=${day}&format=csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.text, /Klargöra arbetsförutsättningar/);
    assertProblem(await admin.get("/api/v1/reports/plan-stages?by=kind"), 422);
});

test("the toolbox and the re-actualisation list as CSV and XLSX", async () => {
    const tb = await reader.get(`${TB}?municipality_code=1487&format=csv`);
    assert.equal(tb.status, 200, tb.text);
    assert.match(tb.contentType, /^text\/csv/);
    assert.match(tb.text, /Klargörande samtal;.*Klargöra arbetsförutsättningar;Vänersborg/);
    assert.match(tb.text, /Rusta och matcha;Rusta;Gemensamt/);
    assert.doesNotMatch(tb.text, /Trollhättans jobbtorg/);
    const x = await reader.getBytes(`${TB}?format=xlsx`);
    assert.equal(x.status, 200);
    assert.equal(x.bytes.subarray(0, 2).toString(), "PK");
    // A paused plan on the list, as a file for its partners only.
    const p = await ok(await kim.patch(P(plan.id), { status: "paused", pause_reason: "Sjuk", resume_conditions: "Frisk", review_date: "2099-03-04" }));
    assert.equal(p.status, "paused");
    const f = await anna.get("/api/v1/plans?review=due&week=2099-W10&format=csv");
    assert.equal(f.status, 200, f.text);
    assert.match(f.text, new RegExp(`${plan.id};${her};Sara;Ström;Pausad;Vägleda och motivera;2099-03-04;Sjuk;Frisk`));
    const g = await gus.get("/api/v1/plans?review=due&week=2099-W10&format=csv");
    assert.equal(g.status, 200);
    assert.doesNotMatch(g.text, /Sara|Ström/);
});
