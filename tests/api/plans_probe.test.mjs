// plans_probe.test.mjs — an outside check of issue 15 (the joint plan), as
// an attacker would make it: three organisations (a municipality that
// plans, Arbetsförmedlingen as its partner, another municipality in no
// plan) with every role, a plan with a step at Arbetsförmedlingen, a
// handover, feedback, a participant with protected identity, SYV times and
// bookings, KAA young people. Then every role asks the direct and the
// indirect paths to the same data (lists with filters, files, the calendar,
// the reminder mail, the server's log). Each test is a finding or a
// guard of a rule the outside check relies on.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { assertProblem, created, GOOD_PASSWORD, ok, personnummerAged, PLAN_ORGS_SQL, Samsyn, sleep, swedishDate, waitFor } from "./lib.mjs";
import { startSmtp } from "./smtp.mjs";

let s, smtp;
const u = {}; // logged-in clients by username
const ids = {};
const PIA_PNR = "198503030028"; // protected identity, registered by the municipality
const SARA_PNR = "199001012385";
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");


before(async () => {
    smtp = await startSmtp();
    s = new Samsyn();
    s.setAdminPassword();
    s.sql(PLAN_ORGS_SQL);
    const roles = ["case_worker", "kansli", "reader", "trainer", "employer_contact"];
    for (const [o, id] of [["af", 2], ["kom", 4], ["gr", 5], ["fb", 1]])
        for (const role of roles) s.addUser({ username: `${o}_${role}`, name: `${o} ${role}`, orgId: id, roles: [role] });
    s.addUser({ username: "kom_syv", name: "Vera Vägledare", orgId: 4, roles: ["case_worker"] });
    s.addUser({ username: "kom_kaa", name: "Kaisa Kaa", orgId: 4, roles: ["case_worker"] });
    s.addUser({ username: "gr_kaa", name: "Gunnar Kaa", orgId: 5, roles: ["case_worker"] });
    s.sql(`UPDATE users SET email = username || '@example.se' WHERE username IN ('af_case_worker', 'kom_case_worker', 'kom_syv');
           UPDATE users SET kaa_staff = 1 WHERE username IN ('kom_kaa', 'gr_kaa');`);
    await s.start(["--smtp-url", smtp.url]);
    for (const name of ["admin", ...Object.keys(s.users)]) u[name] = await s.login(name, GOOD_PASSWORD);
    const kim = u.kom_case_worker;
    ids.pia = (await created(await kim.post("/api/v1/participants", {
        personnummer: PIA_PNR, first_name: "Pia", last_name: "Skyddadsdotter", protected_identity: true,
    }))).id;
    ids.sara = (await created(await kim.post("/api/v1/participants", {
        personnummer: SARA_PNR, first_name: "Sara", last_name: "Ström",
    }))).id;
    ids.tool = (await created(await u.kom_kansli.post("/api/v1/toolbox", { name: "Rusta och matcha", provider: "Arbetsförmedlingen", stage: "equip" }))).id;
    for (const who of ["pia", "sara"]) {
        const p = await created(await kim.post(`/api/v1/participants/${ids[who]}/plans`, { goal: `Mål för ${who}`, stage: "clarify" }));
        ids[`plan_${who}`] = p.id;
        await created(await kim.post(`/api/v1/plans/${p.id}/steps`, { toolbox_id: ids.tool, org_id: 2 }));
    }
});

after(async () => {
    await s?.close();
    await smtp?.close();
});

const G = "/api/v1/guidance-times";
const MARKERS = ["Skyddadsdotter", "Ström", "Ungdomsson", PIA_PNR.slice(2, 8), SARA_PNR.slice(2, 8), "Hemligt SYV-samtal", "Hemlig återkoppling"];
const hasMarker = (text) => MARKERS.filter((m) => text.includes(m));

test("a partner that books SYV for a person with protected identity gets no name of hers from the calendar", async () => {
    // Found by the probe: the plan withholds her name from Arbetsförmedlingen
    // (it does not otherwise see her), but the calendar gave it in full, as
    // the first registration typed it — in the time, the list and the file.
    const anna = u.af_case_worker;
    const plan = await ok(await anna.get(`/api/v1/plans/${ids.plan_pia}`));
    assert.equal(plan.first_name, null);
    const t = await created(await u.kom_syv.post(G, { starts_at: "2027-02-01T08:00:00Z", ends_at: "2027-02-01T09:00:00Z", place: "Samlokaliseringen" }));
    ids.piaTime = t.id;
    const b = await created(await anna.post(`${G}/${t.id}/booking`, { participant_id: ids.pia }));
    assert.equal(b.participant_id, ids.pia, "the booking is hers (Arbetsförmedlingen's): she knows whom she booked");
    assert.equal(b.participant_name, null);
    assert.equal((await ok(await anna.get(`${G}/${t.id}`))).participant_name, null);
    const l = await ok(await anna.get(`${G}?from=2027-02-01&to=2027-02-01`));
    assert.deepEqual(l.items.map((x) => [x.participant_id, x.participant_name]), [[ids.pia, null]]);
    const csv = await anna.get(`${G}?from=2027-02-01&to=2027-02-01&format=csv`);
    assert.equal(csv.status, 200);
    assert.deepEqual(hasMarker(csv.text), []);
    assert.doesNotMatch(csv.text, /Pia/);
    // Those who see her keep the participant's rule: the admin sees the name.
    assert.equal((await ok(await u.admin.get(`${G}/${t.id}`))).participant_name, "Pia Skyddadsdotter");
    // The municipality sees her, but the booking is Arbetsförmedlingen's: booked, not whom.
    const k = await ok(await u.kom_case_worker.get(`${G}/${t.id}`));
    assert.equal(k.booked, true);
    assert.equal(k.participant_id, null);
    assert.equal(k.participant_name, null);
});

test("the SYV reminder names no one whose identity is protected", async () => {
    // Found by the probe: the reminder mail gave the first name of a person
    // with protected identity (the feedback mail already withholds it).
    const start = Date.now() + 5 * 3600 * 1000;
    const t = await created(await u.kom_syv.post(G, { starts_at: iso(start), ends_at: iso(start + 3600000), place: "Samlokaliseringen, rum 2" }));
    await created(await u.af_case_worker.post(`${G}/${t.id}/booking`, { participant_id: ids.pia }));
    const mails = () => smtp.mailsTo("af_case_worker@example.se").filter((m) => /SYV-tid/.test(m.subject) && /rum 2/.test(m.text));
    await waitFor(() => mails().length >= 1, "the reminder mail", 15_000);
    const m = mails()[0];
    assert.match(m.text, /Deltagare: \(anonym\)\r?\n/);
    assert.doesNotMatch(m.text, /Pia|Skyddadsdotter|850303/);
    // An unprotected person's reminder keeps her first name (guidance.test.mjs).
    assert.equal((await u.af_case_worker.del(`${G}/${t.id}/booking`)).status, 200);
});
test("every role of every organisation asks every path to the plans: only the partners' case workers see them", async () => {
    const anna = u.af_case_worker, kim = u.kom_case_worker;
    // Sara's plan: handed over to Arbetsförmedlingen, SYV held with feedback;
    // Pia's plan: feedback, then paused (on the re-actualisation list).
    const t2 = await created(await u.kom_syv.post(G, { starts_at: "2026-01-05T08:00:00Z", ends_at: "2026-01-05T09:00:00Z", place: "Samlokaliseringen" }));
    await created(await kim.post(`${G}/${t2.id}/booking`, { participant_id: ids.sara }));
    await ok(await u.kom_syv.patch(`${G}/${t2.id}`, { outcome: "held", feedback: "Hemligt SYV-samtal gick bra" }));
    const h = await created(await kim.post(`/api/v1/plans/${ids.plan_sara}/handovers`, { to_org_id: 2, note: "Ta över Ström" }));
    await created(await kim.post(`/api/v1/plans/${ids.plan_pia}/feedback`, { text: "Hemlig återkoppling" }));
    const pl = await ok(await kim.get(`/api/v1/plans/${ids.plan_pia}`));
    await ok(await kim.patch(`/api/v1/plans/${ids.plan_pia}`, {
        version: pl.version, status: "paused", pause_reason: "Sjuk", resume_conditions: "Frisk", review_date: swedishDate(),
    }));
    const y = await created(await u.kom_kaa.post("/api/v1/kaa/youths", {
        personnummer: personnummerAged(17), first_name: "Kajsa", last_name: "Ungdomsson", school_status: "other", source: "school_list", identified_date: swedishDate(),
    }));
    const planPaths = [
        "/api/v1/plans", "/api/v1/plans?review=due", "/api/v1/plans?status=paused", "/api/v1/plans?format=csv", "/api/v1/plans?review=due&format=xlsx",
        `/api/v1/plans/${ids.plan_pia}`, `/api/v1/plans/${ids.plan_sara}`, `/api/v1/plans/${ids.plan_pia}/versions`, `/api/v1/plans/${ids.plan_pia}/versions/1`,
        `/api/v1/plans/${ids.plan_pia}/pdf`, `/api/v1/participants/${ids.pia}/plans`, `/api/v1/participants/${ids.sara}/plans`,
        "/api/v1/handovers", "/api/v1/handovers?status=all", "/api/v1/handovers?status=all&direction=out", "/api/v1/handovers?mine=true&status=all", `/api/v1/handovers/${h.id}`,
        "/api/v1/plans/feedback", "/api/v1/plans/feedback?unread=true",
    ];
    const otherPaths = [
        `${G}?limit=500`, `${G}?format=csv`, `${G}/${t2.id}`, `${G}/${ids.piaTime}`, `/api/v1/participants/${ids.sara}/guidance`, `/api/v1/participants/${ids.pia}`,
        "/api/v1/participants?limit=500", "/api/v1/start", "/api/v1/reports/plan-stages?year=2026", "/api/v1/reports/handovers?year=2026",
        "/api/v1/reports/guidance?from=2026-01-01&to=2026-12-31", "/api/v1/reports/plan-stages?year=2026&format=csv",
        "/api/v1/kaa/youths", `/api/v1/kaa/youths/${y.id}`, "/api/v1/reports/kaa?half=2026H2",
    ];
    const partners = new Set(["admin", "kom_case_worker", "kom_syv", "kom_kaa", "af_case_worker"]);
    let asked = 0;
    for (const [name, c] of Object.entries(u)) {
        for (const p of [...planPaths, ...otherPaths]) {
            const r = p.endsWith("/pdf") || p.includes("format=xlsx") ? await c.getBytes(p) : await c.get(p);
            const text = r.text ?? r.bytes.toString("latin1");
            asked++;
            const what = `${name}: GET ${p} → ${r.status}`;
            assert.ok(r.status < 500, what);
            if (!partners.has(name)) {
                // No plan, handover or feedback path answers anyone else: a
                // list is empty (or 403 for a role without participant work).
                if (planPaths.includes(p) && /\/\d+/.test(p)) assert.ok([403, 404].includes(r.status), what);
                else if (planPaths.includes(p) && r.status === 200 && r.body) assert.equal(r.body.items.length, 0, what);
                else if (planPaths.includes(p) && r.status === 200 && p.includes("csv")) assert.ok(!/\n\d/.test(text), `${what}: a file with rows`);
                else if (planPaths.includes(p) && r.status === 200) assert.ok(p.includes("xlsx"), what);
                else if (planPaths.includes(p)) assert.equal(r.status, 403, what);
                assert.deepEqual(hasMarker(text), [], `${what} shows ${hasMarker(text)}: ${text.slice(0, 300)}`);
            }
        }
        // Her personnummer in a POST body finds her only for those who see her.
        const r = await c.post("/api/v1/participants/search", { personnummer: PIA_PNR });
        if (["admin", "kom_case_worker", "kom_syv", "kom_kaa"].includes(name)) assert.equal(r.body.items.length, 1, name);
        else assert.ok(r.status === 403 || r.body.items.length === 0, `${name} finds Pia by personnummer`);
    }
    assert.ok(asked > 800, `${asked} requests`);
    // Arbetsförmedlingen is a partner: it reads the plans (no protected
    // name), not the rest of her, and every read is audited.
    assert.equal((await anna.get(`/api/v1/participants/${ids.pia}`)).status, 404);
    // Reads are written behind the answer: wait for the log to catch up.
    const reads = () => Number(s.sqlReads(`SELECT COUNT(*) FROM audit_reads a WHERE a.user_id = ${s.users.af_case_worker.id}
        AND a.entity = 'participant' AND (a.entity_id = ${ids.pia} OR a.id IN (SELECT event_id FROM audit_read_subjects
        WHERE entity = 'participant' AND entity_id = ${ids.pia}));`).trim());
    await waitFor(() => reads() >= 5, "Arbetsförmedlingen's reads of Pia audited");
    // No personnummer in any log line of the server.
    for (const pnr of [PIA_PNR, SARA_PNR]) for (const form of [pnr, pnr.slice(2), `${pnr.slice(2, 8)}-${pnr.slice(8)}`])
        assert.ok(!s.log.includes(form) && !s.stdout.includes(form), `the log holds ${form}`);
});

test("changes a role may not make: nothing changes, and the answer says why (403) or hides the plan (404)", async () => {
    const anna = u.af_case_worker, gus = u.gr_case_worker, kim = u.kom_case_worker;
    const snapshot = () => s.sql(`SELECT version, responsible_org_id, status, goal FROM plans ORDER BY id;
        SELECT plan_id, org_id FROM plan_partners ORDER BY 1, 2; SELECT id, status FROM plan_handovers ORDER BY id;
        SELECT id, participant_id FROM guidance_times WHERE participant_id IS NOT NULL ORDER BY id; SELECT COUNT(*) FROM plan_feedback;`);
    const before = snapshot();
    const pl = await ok(await anna.get(`/api/v1/plans/${ids.plan_sara}`));
    const step = pl.steps[0].id;
    // A partner that does not lead the plan: its partners and the whole plan's handover are the leader's.
    assert.deepEqual((await anna.patch(`/api/v1/plans/${ids.plan_sara}`, { version: pl.version, partner_org_ids: [2, 5] }))
        .body.invalid_parameters.map((x) => x.name), ["partner_org_ids"]);
    // The third municipality, in no plan: 404 on every change of it.
    for (const [m, p, body] of [
        ["PATCH", `/api/v1/plans/${ids.plan_sara}`, { goal: "Kapat" }],
        ["POST", `/api/v1/plans/${ids.plan_sara}/steps`, { toolbox_id: ids.tool }],
        ["PATCH", `/api/v1/plans/${ids.plan_sara}/steps/${step}`, { state: "done" }],
        ["POST", `/api/v1/plans/${ids.plan_sara}/handovers`, { to_org_id: 5, note: "Till oss" }],
        ["POST", `/api/v1/plans/${ids.plan_sara}/feedback`, { text: "Kapat" }],
        ["POST", `/api/v1/plans/${ids.plan_sara}/feedback/read`, {}],
        ["POST", `/api/v1/participants/${ids.sara}/plans`, { goal: "Kapat" }],
    ]) assertProblem(await gus.req(m, p, { json: body }), 404);
    const inbox = await ok(await anna.get("/api/v1/handovers?status=all"));
    const h = inbox.items.find((x) => x.plan_id === ids.plan_sara);
    assertProblem(await gus.patch(`/api/v1/handovers/${h.id}`, { decision: "accepted" }), 404);
    assertProblem(await gus.patch(`/api/v1/handovers/${h.id}`, { decision: "withdrawn" }), 404);
    // The sender may not answer its own request: it is the receiver's; nor may the receiver withdraw it.
    assertProblem(await kim.patch(`/api/v1/handovers/${h.id}`, { decision: "accepted" }), 403);
    assertProblem(await anna.patch(`/api/v1/handovers/${h.id}`, { decision: "withdrawn" }), 403);
    // Readers and kansli of a partner work with no plan.
    for (const c of [u.af_reader, u.af_kansli, u.kom_kansli, u.kom_reader])
        assertProblem(await c.patch(`/api/v1/plans/${ids.plan_sara}`, { goal: "Kapat" }), 403);
    // SYV: another organisation's booking is not hers to cancel, nor the
    // counsellor's outcome hers to write; Grästorp books no one it does not see.
    const times = (await ok(await kim.get(`${G}?from=2026-01-05&to=2026-01-05`))).items;
    const held = times[0];
    assertProblem(await anna.del(`${G}/${held.id}/booking`), 403);
    assertProblem(await anna.patch(`${G}/${held.id}`, { outcome: "not_held" }), 403);
    assertProblem(await kim.patch(`${G}/${held.id}`, { outcome: "not_held" }), 403);
    const free = await created(await u.kom_syv.post(G, { starts_at: "2027-03-01T08:00:00Z", ends_at: "2027-03-01T09:00:00Z", place: "Samlokaliseringen" }));
    assert.deepEqual((await gus.post(`${G}/${free.id}/booking`, { participant_id: ids.sara })).body.invalid_parameters.map((x) => x.name), ["participant_id"]);
    // A paused plan does not open booking for the partner.
    assert.deepEqual((await anna.post(`${G}/${free.id}/booking`, { participant_id: ids.pia })).body.invalid_parameters.map((x) => x.name), ["participant_id"]);
    assertProblem(await anna.del(`${G}/${free.id}`), 403);
    assert.equal(snapshot(), before, "nothing changed");
});

test("a KAA young person's name is never in an address: the name search is a POST body", async () => {
    // Found by the probe: GET /kaa/youths?q=<name> searched the register by
    // name from the query string (and the page kept it in the address),
    // against the rule that a name, like a personnummer, is never in a URL.
    const staff = u.kom_kaa;
    const y = await created(await staff.post("/api/v1/kaa/youths", {
        personnummer: personnummerAged(18, "0612"), first_name: "Nora", last_name: "Namnsöksdotter", school_status: "other", source: "other", identified_date: swedishDate(),
    }));
    let r = await staff.get("/api/v1/kaa/youths?q=Namns%C3%B6ksdotter");
    assert.equal(r.status, 422);
    assert.deepEqual(r.body.invalid_parameters.map((x) => x.name), ["q"]);
    assert.deepEqual(hasMarker(r.text), []);
    // To anyone but the staff the register stays 404, with or without q.
    for (const c of [u.admin, u.af_case_worker, u.kom_case_worker]) {
        assertProblem(await c.get("/api/v1/kaa/youths?q=Nora"), 404);
        assertProblem(await c.post("/api/v1/kaa/youths/search", { q: "Nora" }), 404);
    }
    const found = await ok(await staff.post("/api/v1/kaa/youths/search?limit=10", { q: "namnsök", status: "active", half: "" }));
    assert.deepEqual(found.items.map((x) => x.id), [y.id]);
    assert.equal(found.limit, 10);
    assert.equal((await ok(await staff.post("/api/v1/kaa/youths/search", { q: "namnsök", status: "left" }))).items.length, 0);
    // The rules of the list's filters, and one search at a time.
    r = await staff.post("/api/v1/kaa/youths/search", { q: "Nora", half: "2026H3" });
    assert.deepEqual(r.body.invalid_parameters.map((x) => x.name), ["half"]);
    r = await staff.post("/api/v1/kaa/youths/search", { q: "Nora", personnummer: "200001010000" });
    assert.deepEqual(r.body.invalid_parameters.map((x) => x.name), ["q"]);
    r = await staff.post("/api/v1/kaa/youths/search?q=Nora", {});
    assert.deepEqual(r.body.invalid_parameters.map((x) => x.name), ["q"]);
    // The hit is a read of her, audited (the log names the record, not her).
    const logged = () => Number(s.sqlReads(`SELECT COUNT(*) FROM audit_reads a WHERE a.user_id = ${s.users.kom_kaa.id} AND a.entity = 'kaa_youth'
        AND (a.entity_id = ${y.id} OR a.id IN (SELECT event_id FROM audit_read_subjects WHERE entity = 'kaa_youth' AND entity_id = ${y.id}));`).trim());
    await waitFor(() => logged() >= 1, "the name search's hit is audited");
    assert.ok(!s.log.includes("Namns"), "no name in the log");
});

test("the plan says whether its reader sees the rest of the participant (the page's link to her)", async () => {
    // Found in the browser: Arbetsförmedlingen's plan page linked "Till
    // deltagaren" to a page that only said "Deltagaren finns inte".
    const af = await ok(await u.af_case_worker.get(`/api/v1/plans/${ids.plan_sara}`));
    assert.equal(af.participant_visible, false);
    assert.equal((await u.af_case_worker.get(`/api/v1/participants/${ids.sara}`)).status, 404);
    assert.equal((await ok(await u.kom_case_worker.get(`/api/v1/plans/${ids.plan_sara}`))).participant_visible, true);
    assert.equal((await ok(await u.admin.get(`/api/v1/plans/${ids.plan_sara}`))).participant_visible, true);
    const list = await ok(await u.af_case_worker.get("/api/v1/plans"));
    assert.ok(list.items.length > 0 && list.items.every((p) => p.participant_visible === false));
    // A version's snapshot is the plan, not what one reader sees of it.
    const v = await ok(await u.kom_case_worker.get(`/api/v1/plans/${ids.plan_sara}/versions/1`));
    assert.equal("participant_visible" in v.plan, false);
});

test("the plan reports pick out no one for a reader who may not see the people behind them", async () => {
    const small = (value, where = "", out = []) => {
        if (Array.isArray(value)) value.forEach((v, i) => small(v, `${where}[${i}]`, out));
        else if (value && typeof value === "object") {
            if ("women" in value && "men" in value)
                for (const k of ["total", "women", "men"]) if (typeof value[k] === "number" && value[k] >= 1 && value[k] <= 4) out.push(`${where}.${k}=${value[k]}`);
            for (const [k, v] of Object.entries(value)) small(v, `${where}.${k}`, out);
        }
        return out;
    };
    const reports = ["/api/v1/reports/plan-stages?year=2026", "/api/v1/reports/handovers?year=2026", "/api/v1/reports/guidance?from=2026-01-01&to=2027-12-31",
        "/api/v1/reports/guidance?from=2026-01-01&to=2027-12-31&by=org"];
    let shown = 0;
    for (const [name, c] of Object.entries(u)) {
        if (name === "admin") continue;
        for (const p of reports) {
            const r = await c.get(p);
            if (r.status !== 200) continue;
            shown++;
            assert.deepEqual(small(r.body), [], `${name}: ${p}`);
        }
    }
    assert.ok(shown > 20, `${shown} reports read`);
    // The admin sees the people behind them: her counts are not suppressed.
    const adminReport = await ok(await u.admin.get(reports[0]));
    assert.ok(small(adminReport).length > 0, `the admin sees her small counts: ${JSON.stringify(adminReport).slice(0, 600)}`);
});

test("a partner taken off the plan loses it on every path: plan, versions, inbox, feedback, booking", async () => {
    const kim = u.kom_case_worker, anna = u.af_case_worker;
    const pnr = "198502020012";
    const bo = (await created(await kim.post("/api/v1/participants", { personnummer: pnr, first_name: "Bo", last_name: "Bortagensson" }))).id;
    let plan = await created(await kim.post(`/api/v1/participants/${bo}/plans`, { goal: "Bos mål", stage: "clarify" }));
    plan = await created(await kim.post(`/api/v1/plans/${plan.id}/steps`, { toolbox_id: ids.tool, org_id: 2 }));
    const h = await created(await kim.post(`/api/v1/plans/${plan.id}/handovers`, { to_org_id: 2, note: "Bortagensson till er" }));
    await created(await kim.post(`/api/v1/plans/${plan.id}/feedback`, { text: "Bortagenssons återkoppling" }));
    const t = await created(await u.kom_syv.post(G, { starts_at: "2027-04-01T08:00:00Z", ends_at: "2027-04-01T09:00:00Z", place: "Samlokaliseringen" }));
    await created(await anna.post(`${G}/${t.id}/booking`, { participant_id: bo }));
    assert.equal((await ok(await anna.get(`${G}/${t.id}`))).participant_name, "Bo Bortagensson");
    // A handover to a person of another organisation, or a step's person at another, is refused.
    let r = await kim.post(`/api/v1/plans/${plan.id}/handovers`, { to_org_id: 5, to_user_id: s.users.af_case_worker.id, note: "x" });
    assert.deepEqual(r.body.invalid_parameters?.map((x) => x.name), ["to_user_id"], r.text);
    r = await kim.post(`/api/v1/plans/${plan.id}/steps`, { toolbox_id: ids.tool, org_id: 5, responsible_user_id: s.users.af_case_worker.id });
    assert.deepEqual(r.body.invalid_parameters?.map((x) => x.name), ["responsible_user_id"], r.text);
    // Found by the probe: taking Arbetsförmedlingen off while its handover
    // waited left the plan stuck — the receiver got 404 on answering it, the
    // sender cannot withdraw it, and every new handover was 409 ("one at a
    // time") for ever; and its step would be one nobody responsible sees.
    // So a partner with a pending handover or a step to do stays (422).
    let cur = await ok(await kim.get(`/api/v1/plans/${plan.id}`));
    r = await kim.patch(`/api/v1/plans/${plan.id}`, { version: cur.version, partner_org_ids: [] });
    assert.deepEqual(r.body.invalid_parameters?.map((x) => x.name), ["partner_org_ids"], r.text);
    assert.match(r.body.invalid_parameters[0].reason, /Arbetsförmedlingen Trollhättan har ett steg/);
    await ok(await kim.patch(`/api/v1/plans/${plan.id}/steps/${cur.steps[0].id}`, { org_id: 4 }));
    cur = await ok(await kim.get(`/api/v1/plans/${plan.id}`));
    r = await kim.patch(`/api/v1/plans/${plan.id}`, { version: cur.version, partner_org_ids: [] });
    assert.deepEqual(r.body.invalid_parameters?.map((x) => x.name), ["partner_org_ids"], "the handover still waits");
    assert.deepEqual((await ok(await kim.get(`/api/v1/plans/${plan.id}`))).partner_org_ids, [2], "nothing changed");
    // Answered, it may go; then the plan can be handed to someone else.
    await ok(await anna.patch(`/api/v1/handovers/${h.id}`, { decision: "declined", reason: "Inte vår" }));
    const now = await ok(await kim.get(`/api/v1/plans/${plan.id}`));
    await ok(await kim.patch(`/api/v1/plans/${plan.id}`, { version: now.version, partner_org_ids: [] }));
    assert.deepEqual((await ok(await kim.get(`/api/v1/plans/${plan.id}`))).partner_org_ids, []);
    for (const p of [`/api/v1/plans/${plan.id}`, `/api/v1/plans/${plan.id}/versions`, `/api/v1/plans/${plan.id}/versions/1`, `/api/v1/plans/${plan.id}/pdf`,
        `/api/v1/participants/${bo}/plans`, `/api/v1/handovers/${h.id}`])
        assert.equal((p.endsWith("pdf") ? await anna.getBytes(p) : await anna.get(p)).status, 404, p);
    for (const p of ["/api/v1/handovers?status=all", "/api/v1/handovers?status=all&direction=out", "/api/v1/plans/feedback", "/api/v1/plans", `${G}/${t.id}`, `${G}?format=csv`]) {
        const res = await anna.get(p);
        assert.equal(res.status, 200, p);
        assert.doesNotMatch(res.text, /Bortagensson/, p);
    }
    assertProblem(await anna.post(`/api/v1/plans/${plan.id}/feedback`, { text: "x" }), 404);
    assertProblem(await anna.patch(`/api/v1/handovers/${h.id}`, { decision: "accepted" }), 404);
    await created(await kim.post(`/api/v1/plans/${plan.id}/handovers`, { to_org_id: 5, note: "Till Grästorp" }));
});
