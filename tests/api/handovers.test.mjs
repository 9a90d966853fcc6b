// handovers.test.mjs — handovers and feedback in the joint plan
// (docs/plans.md "Handovers" and "Feedback after a step"): a handover of
// the whole plan requested by the municipality makes Arbetsförmedlingen a
// partner at once and, accepted, its responsible organisation; a step's
// handover declined with a reason (422 without), and accepted; the
// deadline and the overdue flag; the inbox per organisation and per user
// (mine), by status, and what the other side sent; a non-partner gets 404
// on every path; feedback written to the plan, unread per user, marked
// read, mailed through a real SMTP server to the case workers in the plan
// (Swedish, first name only, no personnummer); the SYV counsellor's
// feedback appears in the participant's active plan, notified the same
// way; booking a guidance time as a partner in her active plan (and
// still seeing it while the plan is paused); the
// handover report; the sender withdrawing a request nobody has answered;
// the audit events and the versions.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { assertProblem, created, invalidNames, ok, ON_PG, personnummerAged, PLAN_ORGS_SQL, Samsyn, swedishDate, waitFor } from "./lib.mjs";
import { startSmtp } from "./smtp.mjs";

let s, smtp, admin, kim, kerstin, anna, gus, kansli, sara;
let her, plan, tb = {}, ids = {};

const P = (id) => `/api/v1/plans/${id}`;
const H = "/api/v1/handovers";

const addDays = (iso, n) => new Date(Date.parse(iso + "T00:00:00Z") + n * 86400000).toISOString().slice(0, 10);
const today = () => swedishDate();

before(async () => {
    smtp = await startSmtp();
    s = new Samsyn();
    s.setAdminPassword();
    s.sql(PLAN_ORGS_SQL);
    ids.kim = s.addUser({ username: "kim", name: "Kim Handläggare", orgId: 4, roles: ["case_worker"] }).id;
    ids.kerstin = s.addUser({ username: "kerstin", name: "Kerstin Kollega", orgId: 4, roles: ["case_worker"] }).id;
    ids.anna = s.addUser({ username: "anna", name: "Anna Arbetsförmedlare", orgId: 2, roles: ["case_worker"] }).id;
    ids.gus = s.addUser({ username: "gus", orgId: 5, roles: ["case_worker"] }).id;
    ids.sara = s.addUser({ username: "sara", name: "Sara Syv", orgId: 5, roles: ["case_worker"] }).id;
    s.addUser({ username: "kansli", orgId: 1, roles: ["kansli"] });
    s.sql(`UPDATE users SET email = 'kim@vanersborg.example.se' WHERE username = 'kim';
           UPDATE users SET email = 'kerstin@vanersborg.example.se' WHERE username = 'kerstin';
           UPDATE users SET email = 'anna@af.example.se' WHERE username = 'anna';
           UPDATE users SET email = 'gus@grastorp.example.se' WHERE username = 'gus';
           UPDATE users SET email = 'sara@grastorp.example.se' WHERE username = 'sara';`);
    await s.start(["--smtp-url", smtp.url]);
    [admin, kim, kerstin, anna, gus, kansli, sara] = await s.loginAll(["admin", "kim", "kerstin", "anna", "gus", "kansli", "sara"]);
    her = (await created(await kim.post("/api/v1/participants", {
        personnummer: "199001012385", first_name: "Sara", last_name: "Ström", municipality_code: "1487",
    }))).id;
    tb.talk = await created(await kansli.post("/api/v1/toolbox", { name: "Klargörande samtal", municipality_code: "1487", provider: "Vänersborgs kommun", stage: "clarify" }));
    tb.rusta = await created(await kansli.post("/api/v1/toolbox", { name: "Rusta och matcha", provider: "Arbetsförmedlingen", stage: "equip" }));
    plan = await created(await kim.post(`/api/v1/participants/${her}/plans`, { goal: "Jobba i butik", stage: "clarify" }));
    plan = await created(await kim.post(`${P(plan.id)}/steps`, { toolbox_id: tb.talk.id, responsible_user_id: ids.kim }));
    ids.talkStep = plan.steps[0].id;
});

after(async () => {
    if (process.env.HB_LOG) console.error(s?.log.slice(-4000));
    await s?.close();
    await smtp?.close();
});

test("handing over the whole plan: the receiver becomes a partner at once, reads it, accepts, and is responsible", async () => {
    // Before: Arbetsförmedlingen is no partner and sees nothing.
    assertProblem(await anna.get(P(plan.id)), 404);
    const deadline = addDays(today(), 7);
    const h = await created(await kim.post(`${P(plan.id)}/handovers`, { to_org_id: 2, note: "Hon är inskriven hos er nu.", deadline }));
    assert.equal(h.plan_id, plan.id);
    assert.equal(h.status, "pending");
    assert.equal(h.step_id, null);
    assert.equal(h.from_org_id, 4);
    assert.equal(h.to_org_id, 2);
    assert.equal(h.deadline, deadline);
    assert.equal(h.overdue, false);
    assert.equal(h.first_name, "Sara");
    // Partner at once: Arbetsförmedlingen reads the plan it is asked to take.
    const seen = await ok(await anna.get(P(plan.id)));
    assert.ok(seen.partner_org_ids.includes(2));
    assert.equal(seen.handovers.length, 1);
    assert.equal(seen.handovers[0].note, "Hon är inskriven hos er nu.");
    // The inbox: Arbetsförmedlingen's, not the municipality's.
    const inbox = await ok(await anna.get(`${H}?status=pending`));
    assert.deepEqual(inbox.items.map((x) => x.id), [h.id]);
    assert.equal(inbox.items[0].last_name, "Ström");
    assert.equal(inbox.items[0].from_org_name, "Vänersborgs kommun");
    assert.equal((await ok(await kim.get(H))).items.length, 0);
    assert.deepEqual((await ok(await kim.get(`${H}?direction=out`))).items.map((x) => x.id), [h.id]);
    // A second request while one waits: 409.
    assertProblem(await kim.post(`${P(plan.id)}/handovers`, { to_org_id: 5, note: "Eller Grästorp?" }), 409);
    // Only the receiver answers; the sender may not.
    assertProblem(await kim.patch(`${H}/${h.id}`, { decision: "accepted" }), 403);
    const a = await ok(await anna.patch(`${H}/${h.id}`, { decision: "accepted" }));
    assert.equal(a.status, "accepted");
    assert.equal(a.decided_by_user_id, ids.anna);
    assert.ok(a.decided_at);
    const after = await ok(await anna.get(P(plan.id)));
    assert.equal(after.responsible_org_id, 2);
    assert.ok(after.partner_org_ids.includes(4), "the municipality stays a partner");
    assert.ok(!after.partner_org_ids.includes(2));
    // Answered once: a second answer is 409.
    assertProblem(await anna.patch(`${H}/${h.id}`, { decision: "declined", reason: "Ångrar mig" }), 409);
    // Versions: the request and the decision.
    const v = await ok(await kim.get(`${P(plan.id)}/versions`));
    assert.match(v.items[0].what, /Överlämningen godtogs: Arbetsförmedlingen Trollhättan tar över hela planen/);
    assert.match(v.items[1].what, /Överlämning begärdes: hela planen till Arbetsförmedlingen Trollhättan/);
    const ev = await admin.auditEvents("participant", "update");
    assert.ok(ev.some((e) => e.entity_id === her && e.detail === "plan_handover" && e.username === "anna"));
    const cr = await admin.auditEvents("participant", "create");
    assert.ok(cr.some((e) => e.entity_id === her && e.detail === "plan_handover" && e.username === "kim"));
    assert.deepEqual((await ok(await anna.get(`${H}?status=accepted`))).items.map((x) => x.id), [h.id]);
    assert.deepEqual((await ok(await anna.get(`${H}?status=pending`))).items, []);
});

test("a step's handover: refused without a reason, declined with one, then accepted by another; the step's org_id", async () => {
    // Now Arbetsförmedlingen leads; the municipality still holds its step.
    const ask = (body) => kim.post(`${P(plan.id)}/handovers`, body);
    // Bad input: named fields, nothing stored.
    const n = s.sql("SELECT COUNT(*) FROM plan_handovers;");
    const bad = await ask({ to_org_id: 4, step_id: ids.talkStep, note: "", deadline: "2020-01-01" });
    assertProblem(bad, 422);
    assert.deepEqual(invalidNames(bad).sort(), ["deadline", "note", "to_org_id"]);
    assert.match(JSON.stringify(bad.body), /Skriv ett meddelande/);
    assert.deepEqual(invalidNames(await ask({ to_org_id: 5, step_id: 999999, note: "x" })), ["step_id"]);
    assert.deepEqual(invalidNames(await ask({ to_org_id: 5, step_id: ids.talkStep, note: "x", to_user_id: ids.anna })), ["to_user_id"]);
    assert.equal(s.sql("SELECT COUNT(*) FROM plan_handovers;"), n);
    // Grästorp may not hand over what it does not hold (and is no partner: 404).
    assertProblem(await gus.post(`${P(plan.id)}/handovers`, { to_org_id: 2, note: "x" }), 404);

    const h = await created(await ask({ to_org_id: 5, step_id: ids.talkStep, note: "Kan ni ta samtalen?", to_user_id: ids.gus }));
    assert.equal(h.step_id, ids.talkStep);
    assert.equal(h.step_name, "Klargörande samtal");
    assert.equal(h.to_user_name, "gus");
    // Per user: mine for gus, not for sara of the same organisation.
    assert.deepEqual((await ok(await gus.get(`${H}?mine=1`))).items.map((x) => x.id), [h.id]);
    assert.deepEqual((await ok(await sara.get(`${H}?mine=true`))).items, []);
    assert.deepEqual((await ok(await sara.get(H))).items.map((x) => x.id), [h.id]);
    // Declined needs a reason.
    const noReason = await gus.patch(`${H}/${h.id}`, { decision: "declined" });
    assertProblem(noReason, 422);
    assert.deepEqual(invalidNames(noReason), ["reason"]);
    assert.deepEqual(invalidNames(await gus.patch(`${H}/${h.id}`, { decision: "maybe" })), ["decision"]);
    const d = await ok(await gus.patch(`${H}/${h.id}`, { decision: "declined", reason: "Vi har inga platser i vår." }));
    assert.equal(d.status, "declined");
    assert.equal(d.reason, "Vi har inga platser i vår.");
    let p = await ok(await kim.get(P(plan.id)));
    assert.equal(p.steps[0].org_id, 4, "declined: the step stays");
    const v = await ok(await kim.get(`${P(plan.id)}/versions`));
    assert.match(v.items[0].what, /avböjdes av Grästorps kommun: Vi har inga platser i vår\./);
    // Declined: the receiver stays a partner (docs: the responsible organisation may remove it).
    assert.ok(p.partner_org_ids.includes(5));
    assert.deepEqual((await ok(await gus.get(`${H}?status=declined`))).items.map((x) => x.id), [h.id]);

    // Asked again, accepted: the step is Grästorp's, its person gus.
    const h2 = await created(await ask({ to_org_id: 5, step_id: ids.talkStep, note: "Nu finns platser?", to_user_id: ids.gus }));
    await ok(await gus.patch(`${H}/${h2.id}`, { decision: "accepted", reason: "Vi tar det." }));
    p = await ok(await gus.get(P(plan.id)));
    assert.equal(p.steps[0].org_id, 5);
    assert.equal(p.steps[0].responsible_user_id, ids.gus);
    assert.equal(p.responsible_org_id, 2, "a step's handover leaves the plan's responsible");
    assert.equal((await ok(await gus.get(`${H}?status=all`))).total, 2);
});

test("deadline and overdue: a pending handover after its deadline is overdue in the inbox", async () => {
    const other = (await created(await kim.post("/api/v1/participants", { personnummer: "198502020012", first_name: "Bo", last_name: "Berg" }))).id;
    const p2 = await created(await kim.post(`/api/v1/participants/${other}/plans`, { goal: "Utbildning" }));
    const h = await created(await kim.post(`${P(p2.id)}/handovers`, { to_org_id: 2, note: "Snart", deadline: today() }));
    assert.equal(h.overdue, false, "due today is not overdue");
    s.sql(`UPDATE plan_handovers SET deadline = '${addDays(today(), -2)}' WHERE id = ${h.id};`);
    const inbox = await ok(await anna.get(H));
    const item = inbox.items.find((x) => x.id === h.id);
    assert.equal(item.overdue, true);
    assert.equal(inbox.items[0].id, h.id, "the oldest deadline first");
    const late = await ok(await anna.patch(`${H}/${h.id}`, { decision: "declined", reason: "Hann inte." }));
    assert.equal(late.overdue, false, "answered: no longer overdue");
    ids.p2 = p2.id;
    ids.h2 = h.id;
});

test("the sender withdraws a request nobody has answered: not the receiver's to answer, not in the report", async () => {
    const h = await created(await kim.post(`${P(ids.p2)}/handovers`, { to_org_id: 2, note: "Igen, till er" }));
    // The receiver answers, the sender withdraws: not the other way round.
    assertProblem(await anna.patch(`${H}/${h.id}`, { decision: "withdrawn" }), 403);
    assertProblem(await gus.patch(`${H}/${h.id}`, { decision: "withdrawn" }), 404);
    assert.deepEqual(invalidNames(await kim.patch(`${H}/${h.id}`, { decision: "withdrawn", reason: "" })), ["reason"]);
    assert.equal(s.sql(`SELECT status FROM plan_handovers WHERE id = ${h.id};`).trim(), "pending");
    const w = await ok(await kerstin.patch(`${H}/${h.id}`, { decision: "withdrawn", reason: "Fel mottagare" }));
    assert.equal(w.status, "withdrawn");
    assert.equal(w.reason, "Fel mottagare");
    assert.equal(w.decided_by_user_id, ids.kerstin);
    // Settled: neither side can act on it again.
    assertProblem(await anna.patch(`${H}/${h.id}`, { decision: "accepted" }), 409);
    assertProblem(await kim.patch(`${H}/${h.id}`, { decision: "withdrawn" }), 409);
    assert.ok(!(await ok(await anna.get(H))).items.some((x) => x.id === h.id), "gone from the receiver's inbox");
    assert.deepEqual((await ok(await anna.get(`${H}?status=withdrawn`))).items.map((x) => x.id), [h.id]);
    assert.deepEqual((await ok(await kim.get(`${H}?status=withdrawn&direction=out`))).items.map((x) => x.id), [h.id]);
    const v = await ok(await kim.get(`${P(ids.p2)}/versions`));
    assert.equal(v.items[0].what, "Överlämningen till Arbetsförmedlingen Trollhättan drogs tillbaka av Vänersborgs kommun: Fel mottagare");
    const ev = await admin.auditEvents("participant", "update");
    assert.ok(ev.some((e) => e.detail === "plan_handover" && e.username === "kerstin"));
    // Nothing waits any more: a new request may be sent, and withdrawn without a reason.
    const again = await created(await kim.post(`${P(ids.p2)}/handovers`, { to_org_id: 2, note: "Nu rätt" }));
    assert.equal((await ok(await kim.patch(`${H}/${again.id}`, { decision: "withdrawn" }))).reason, null);
    assert.equal((await ok(await kim.get(`${P(ids.p2)}/versions`))).items[0].what,
        "Överlämningen till Arbetsförmedlingen Trollhättan drogs tillbaka av Vänersborgs kommun");
});

test("a non-partner gets 404 on every handover and feedback path; roles without participant access 403", async () => {
    const third = await created(await kim.post("/api/v1/participants", { personnummer: personnummerAged(50, "0101", "238"), first_name: "Li", last_name: "Lind" }));
    const p3 = await created(await kim.post(`/api/v1/participants/${third.id}/plans`, { goal: "Eget" }));
    const h = await created(await kim.post(`${P(p3.id)}/handovers`, { to_org_id: 5, note: "Till Grästorp" }));
    // Arbetsförmedlingen is no partner of p3.
    assertProblem(await anna.post(`${P(p3.id)}/handovers`, { to_org_id: 2, note: "x" }), 404);
    assertProblem(await anna.get(`${H}/${h.id}`), 404);
    assertProblem(await anna.patch(`${H}/${h.id}`, { decision: "accepted" }), 404);
    assertProblem(await anna.post(`${P(p3.id)}/feedback`, { text: "x" }), 404);
    assertProblem(await anna.post(`${P(p3.id)}/feedback/read`, {}), 404);
    assert.ok(!(await ok(await anna.get(`${H}?status=all&direction=out`))).items.some((x) => x.plan_id === p3.id));
    assert.ok(!(await ok(await anna.get("/api/v1/plans/feedback"))).items.some((x) => x.plan_id === p3.id));
    assertProblem(await anna.get(`${H}/999999`), 404);
    // Kansli: 403 on the participant data paths.
    assertProblem(await kansli.get(H), 403);
    assertProblem(await kansli.get("/api/v1/plans/feedback"), 403);
    // Grästorp (the receiver) reads it.
    assert.equal((await ok(await gus.get(`${H}/${h.id}`))).note, "Till Grästorp");
    assertProblem(await kim.get(`${H}?status=maybe`), 422);
});

test("feedback after a step: written to the plan, unread per user, marked read, mailed to the case workers in the plan", async () => {
    const mailsBefore = smtp.received.length;
    const bad = await gus.post(`${P(plan.id)}/feedback`, { text: "", step_id: 999999 });
    assertProblem(bad, 422);
    assert.deepEqual(invalidNames(bad).sort(), ["step_id", "text"]);
    const p = await created(await gus.post(`${P(plan.id)}/feedback`, { step_id: ids.talkStep, text: "Tre samtal hållna. Hon vill prova butik." }));
    const f = p.feedback.at(-1);
    assert.equal(f.text, "Tre samtal hållna. Hon vill prova butik.");
    assert.equal(f.user_id, ids.gus);
    assert.equal(f.org_name, "Grästorps kommun");
    assert.equal(f.step_name, "Klargörande samtal");
    assert.equal(f.source, "plan");
    assert.equal(f.unread, false, "the writer has nothing unread");
    // Unread for the partners' users, not for the writer.
    const unread = await ok(await anna.get("/api/v1/plans/feedback?unread=1"));
    assert.deepEqual(unread.items.map((x) => x.id), [f.id]);
    assert.equal(unread.items[0].first_name, "Sara");
    assert.equal((await ok(await gus.get("/api/v1/plans/feedback?unread=1"))).total, 0);
    assert.equal((await ok(await kim.get(P(plan.id)))).feedback.at(-1).unread, true);
    assert.equal((await anna.post(`${P(plan.id)}/feedback/read`, {})).status, 204);
    assert.equal((await ok(await anna.get("/api/v1/plans/feedback?unread=1"))).total, 0);
    assert.equal((await ok(await anna.get("/api/v1/plans/feedback"))).total, 1, "read ones stay in the list");
    assert.equal((await ok(await kim.get("/api/v1/plans/feedback?unread=1"))).total, 1, "per user");
    // Mails: kim (a step's person and she wrote the plan) and anna (decided a handover);
    // not gus who wrote it, not kerstin who has nothing in the plan.
    await waitFor(() => smtp.mailsTo("kim@vanersborg.example.se").some((m) => /återkoppling/.test(m.subject))
        && smtp.mailsTo("anna@af.example.se").some((m) => /återkoppling/.test(m.subject)), "the feedback mails", 15_000);
    const m = smtp.mailsTo("kim@vanersborg.example.se").find((x) => /återkoppling/.test(x.subject));
    assert.equal(m.subject, "Ny återkoppling i en gemensam plan");
    assert.match(m.text, /gus \(Grästorps kommun\) har skrivit en återkoppling efter steget Klargörande samtal i den gemensamma planen för Sara\./);
    assert.doesNotMatch(m.text, /Ström|199001012385|Tre samtal/);
    assert.ok(smtp.received.length > mailsBefore);
    assert.equal(smtp.mailsTo("gus@grastorp.example.se").filter((x) => /återkoppling/.test(x.subject)).length, 0);
    assert.equal(smtp.mailsTo("kerstin@vanersborg.example.se").length, 0);
    const v = await ok(await kim.get(`${P(plan.id)}/versions`));
    assert.equal(v.items[0].what, "Återkoppling skrevs");
    const ev = await admin.auditEvents("participant", "create");
    assert.ok(ev.some((e) => e.entity_id === her && e.detail === "plan_feedback" && e.username === "gus"));
});

test("SYV: a partner in her active plan books a guidance time; the counsellor's feedback appears in the plan, notified", async () => {
    // Arbetsförmedlingen does not see her as a participant, but leads her plan.
    assertProblem(await anna.get(`/api/v1/participants/${her}`), 404);
    const start = new Date(Date.now() - 2 * 3600 * 1000);
    const f = (d) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
    const t = await created(await sara.post("/api/v1/guidance-times", {
        starts_at: f(start), ends_at: f(new Date(start.getTime() + 3600 * 1000)), place: "Samlokaliseringen Trollhättan",
    }));
    // A participant of no plan of hers stays out of reach.
    const stranger = (await created(await gus.post("/api/v1/participants", { personnummer: personnummerAged(60, "0101", "239"), first_name: "Ulf", last_name: "Ung" }))).id;
    const refused = await anna.post(`/api/v1/guidance-times/${t.id}/booking`, { participant_id: stranger });
    assertProblem(refused, 422);
    // A paused plan does not open it: only an active one.
    const booked = await created(await anna.post(`/api/v1/guidance-times/${t.id}/booking`, { participant_id: her }));
    assert.equal(booked.participant_id, her);
    assert.equal(booked.participant_name, "Sara Ström");
    const before = (await ok(await kim.get(P(plan.id)))).feedback.length;
    await ok(await sara.patch(`/api/v1/guidance-times/${t.id}`, { outcome: "held", feedback: "Hon vill läsa till butikssäljare på Komvux." }));
    const p = await ok(await kim.get(P(plan.id)));
    assert.equal(p.feedback.length, before + 1);
    const e = p.feedback.at(-1);
    assert.equal(e.source, "guidance");
    assert.equal(e.text, "Hon vill läsa till butikssäljare på Komvux.");
    assert.equal(e.user_name, "Sara Syv");
    assert.equal(e.unread, true);
    assert.equal((await ok(await kim.get(`${P(plan.id)}/versions`))).items[0].what, "Återkoppling efter SYV-vägledning");
    // The same outcome again with the same words adds nothing.
    await ok(await sara.patch(`/api/v1/guidance-times/${t.id}`, { outcome: "held" }));
    assert.equal((await ok(await kim.get(P(plan.id)))).feedback.length, before + 1);
    // Notified: anna booked it (and leads the plan).
    await waitFor(() => smtp.mailsTo("anna@af.example.se").some((m) => /SYV-vägledningen/.test(m.text)), "the SYV feedback mail", 15_000);
    const m = smtp.mailsTo("anna@af.example.se").find((x) => /SYV-vägledningen/.test(x.text));
    assert.match(m.text, /Sara Syv \(Grästorps kommun\) har skrivit en återkoppling efter SYV-vägledningen i den gemensamma planen för Sara\./);
    assert.doesNotMatch(m.text, /Ström|199001012385|Komvux/);
    // A paused plan: the partner may no longer book for her.
    await ok(await anna.patch(P(plan.id), { status: "paused", pause_reason: "Sjuk", resume_conditions: "Frisk", review_date: addDays(today(), 30) }));
    const t2 = await created(await sara.post("/api/v1/guidance-times", {
        starts_at: f(new Date(Date.now() + 86400000 * 3)), ends_at: f(new Date(Date.now() + 86400000 * 3 + 3600000)), place: "Samlokaliseringen Trollhättan",
    }));
    assertProblem(await anna.post(`/api/v1/guidance-times/${t2.id}/booking`, { participant_id: her }), 422);
    // Paused stops new bookings, not Arbetsförmedlingen's sight of the one it made (as of the plan).
    assert.equal((await ok(await anna.get(`/api/v1/guidance-times/${t.id}`))).participant_name, "Sara Ström");
    assert.deepEqual((await ok(await anna.get(`/api/v1/participants/${her}/guidance`))).items.map((b) => b.time_id), [t.id]);
    await ok(await anna.patch(P(plan.id), { status: "active", stage: "guide" }));
    await created(await anna.post(`/api/v1/guidance-times/${t2.id}/booking`, { participant_id: her }));
});

test("the handover report: per receiving partner, requested, accepted, declined and the median days; withdrawn not counted", async () => {
    // Make one decision take three days.
    s.sql(ON_PG
        ? `UPDATE plan_handovers SET decided_at = to_char(CAST(created_at AS timestamp) + interval '3 days', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') WHERE id = ${ids.h2};`
        : `UPDATE plan_handovers SET decided_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+3 days') WHERE id = ${ids.h2};`);
    const from = addDays(today(), -1), to = addDays(today(), 1);
    const r = await ok(await admin.get(`/api/v1/reports/handovers?from=${from}&to=${to}`));
    const af = r.rows.find((x) => x.key.to_org_id === 2);
    assert.equal(af.requested.total, 2);
    assert.equal(af.accepted.total, 1);
    assert.equal(af.declined.total, 1);
    assert.equal(af.requested.women, 1);
    assert.equal(af.requested.men, 1);
    // 0 days and 3 days: the median of two is their mean, rounded up.
    assert.equal(af.key.median_days, 2);
    const gr = r.rows.find((x) => x.key.to_org_id === 5);
    assert.equal(gr.requested.total, 3);
    assert.equal(gr.declined.total, 1);
    assert.equal(gr.key.median_days, 0);
    assert.equal(r.total.requested.total, 5);
    const csv = await admin.get(`/api/v1/reports/handovers?from=${from}&to=${to}&format=csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.text, /Mottagande part/);
    assert.match(csv.text, /Avböjda/);
    const x = await admin.getBytes(`/api/v1/reports/handovers?from=${from}&to=${to}&format=xlsx`);
    assert.equal(x.status, 200);
    // Suppressed for a user who may not see the people behind the counts.
    const k = await ok(await kansli.get(`/api/v1/reports/handovers?from=${from}&to=${to}`));
    assert.ok(k.suppression);
    assertProblem(await admin.get(`/api/v1/reports/handovers?by=org`), 422);
});
