// routes.test.mjs — every route of src/api/app.c, swept from the route table
// itself so that a route added later is covered without a new test: only the
// public ones answer without a login; every state-changing one refuses a
// session without its CSRF token; and none answers 5xx to an empty, wrong or
// missing body, or to an id that is unknown, not a number or too big, on a
// database with data in it. Every error is a problem document.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, assertProblem, personnummerAged, sourceRoutes, startSamsyn, swedishDate } from "./lib.mjs";

let s, admin;
const routes = sourceRoutes();
const changes = (m) => m !== "GET" && m !== "HEAD";
const fill = (p, value) => p.replace(/\{[a-z_]+\}/g, value);
// Logging out would end the sweep's own session (session.test.mjs covers it).
const LOGOUT = (r) => r.method === "DELETE" && r.path === "/api/v1/session";

before(async () => {
    // Rows behind id 1 of most resources: organisations, users, interventions,
    // participants, enrolments (gen), employers (import), a course and its
    // session, and a registration (below).
    s = await startSamsyn({
        gen: { participants: 40, seed: 3 },
        employers: "orgnr,name,sni_code,size_class,municipality_code\n5560000001,Svepet AB,25620,5-9,1488\n",
    });
    admin = await s.login("admin", GOOD_PASSWORD);
    // A course and a session (id 1 each) on one of gen's structural interventions.
    const structural = Number(s.sql("SELECT MIN(id) FROM interventions WHERE kind = 'structural';"));
    let r = await admin.post("/api/v1/courses", { name: "Svepets kurs", intervention_id: structural });
    assert.equal(r.status, 201, r.text);
    r = await admin.post(`/api/v1/courses/${r.body.id}/sessions`, {
        format: "webinar", starts_at: "2026-03-05T08:00:00Z", ends_at: "2026-03-05T10:00:00Z", capacity: 30,
    });
    assert.equal(r.status, 201, r.text);
    // A registration (id 1) to a session still open (id 2).
    r = await admin.post(`/api/v1/courses/${r.body.course_id}/sessions`, {
        format: "in_person", starts_at: "2099-03-05T08:00:00Z", ends_at: "2099-03-05T10:00:00Z", capacity: 30,
    });
    assert.equal(r.status, 201, r.text);
    r = await s.client().post(`/api/v1/public/sessions/${r.body.public_token}/registrations`, {
        first_name: "Svea", last_name: "Svep", email: "svea@example.se", sex: "unspecified", consent: true,
    });
    assert.equal(r.status, 201, r.text);
    // An opportunity and a placement (id 1 each) of gen's participant 1 at the
    // imported employer, written as rows (the placement so, since gen's
    // participant has no consent to share with employers when it is made).
    s.sql(`INSERT INTO opportunities (id, employer_id, kind, ssyk_code, municipality_code, places, status, org_id,
             created_by_user_id, created_at, updated_at) VALUES (1, 1, 'praktik', '5120', '1488', 1, 'open', 1, 1, '2026-01-05T10:00:00Z', '2026-01-05T10:00:00Z');
           INSERT INTO placements (id, participant_id, opportunity_id, org_id, proposed_by_user_id, state, proposed_date,
             created_at, updated_at) VALUES (1, 1, 1, 1, 1, 'proposed', '2026-01-05', '2026-01-05T10:00:00Z', '2026-01-05T10:00:00Z');`);
    // A survey (id 1).
    r = await admin.post("/api/v1/surveys", { name: "Svepets enkät", questions: [{ text: "Betyg?", kind: "scale" }] });
    assert.equal(r.status, 201, r.text);
    // A job track (id 1) with a candidate (id 1).
    r = await admin.post("/api/v1/job-tracks", { name: "Svepets spår", employer_ids: [1], ssyk_code: "8211", places: 4 });
    assert.equal(r.status, 201, r.text);
    r = await admin.post(`/api/v1/job-tracks/${r.body.id}/candidates`, { participant_id: 1 });
    assert.equal(r.status, 201, r.text);
    // A toolbox item (id 1) and a plan of participant 1 (id 1) with a step (id 1) and a version 1.
    r = await admin.post("/api/v1/toolbox", { name: "Svepets verktyg", provider: "Komvux", stage: "equip" });
    assert.equal(r.status, 201, r.text);
    r = await admin.post("/api/v1/participants/1/plans", { goal: "Svepets mål", stage: "clarify" });
    assert.equal(r.status, 201, r.text);
    r = await admin.post(`/api/v1/plans/${r.body.id}/steps`, { toolbox_id: 1 });
    assert.equal(r.status, 201, r.text);
    // A handover (id 1) of that plan to gen's second organisation, and a feedback entry.
    r = await admin.post("/api/v1/plans/1/handovers", { to_org_id: 2, note: "Svepets överlämning" });
    assert.equal(r.status, 201, r.text);
    r = await admin.post("/api/v1/plans/1/feedback", { text: "Svepets återkoppling" });
    assert.equal(r.status, 201, r.text);
    // A guidance time (id 1) of a counsellor, booked for participant 1 by an admin.
    const syv = s.addUser({ username: "svep_syv", orgId: 1, roles: ["case_worker"] });
    r = await admin.post("/api/v1/guidance-times", {
        counsellor_user_id: syv.id, starts_at: "2026-03-05T08:00:00Z", ends_at: "2026-03-05T09:00:00Z", place: "Svepets samlokalisering",
    });
    assert.equal(r.status, 201, r.text);
    r = await admin.post(`/api/v1/guidance-times/${r.body.id}/booking`, { participant_id: 1 });
    assert.equal(r.status, 201, r.text);
    // Participant 1 with a work profile and consent, so that matching (of the open place 1) runs on rows.
    r = await admin.put("/api/v1/participants/1/profile", { occupations: ["5120"], municipality_codes: ["1487"], open_to: ["praktik"] });
    assert.equal(r.status, 200, r.text);
    r = await admin.post("/api/v1/participants/1/consents", { status: "given", date: "2024-01-01" });
    assert.equal(r.status, 201, r.text);
});

after(() => s?.close());

test("the route table is read whole", () => {
    assert.ok(routes.length >= 70, `${routes.length} routes`);
    assert.deepEqual(
        routes.filter((r) => r.public).map((r) => `${r.method} ${r.path}`),
        [
            "GET /api/v1/health", "GET /api/v1/openapi.json", "POST /api/v1/session",
            "GET /api/v1/public/sessions/{token}", "POST /api/v1/public/sessions/{token}/registrations",
            "GET /api/v1/public/registrations/{token}", "DELETE /api/v1/public/registrations/{token}",
            "GET /api/v1/public/surveys/{token}", "POST /api/v1/public/surveys/{token}/answers",
            "GET /api/v1/public/diplomas/{code}",
        ],
    );
});

test("without a login every route but the public ones answers 401", async () => {
    const anon = s.client();
    const badBearer = s.client({ bearer: "A".repeat(43) });
    for (const r of routes.filter((x) => !x.public)) {
        const p = fill(r.path, "1");
        const json = changes(r.method) ? {} : undefined;
        for (const c of [anon, badBearer]) {
            const res = await c.req(r.method, p, { json });
            assert.equal(res.status, 401, `${r.method} ${p}: ${res.status} ${res.text.slice(0, 200)}`);
            assertProblem(res, 401, "unauthorized");
        }
    }
});

test("a session without the CSRF token changes nothing on any route", async () => {
    const before = s.sql("SELECT COUNT(*) FROM audit_events WHERE action <> 'read';");
    for (const r of routes.filter((x) => !x.public && changes(x.method))) {
        const p = fill(r.path, "1");
        const res = await admin.req(r.method, p, { json: {}, csrf: false });
        assert.equal(res.status, 403, `${r.method} ${p}: ${res.status} ${res.text.slice(0, 200)}`);
        assertProblem(res, 403, "forbidden");
    }
    assert.equal(s.sql("SELECT COUNT(*) FROM audit_events WHERE action <> 'read';"), before, "no change was audited");
});

test("no route answers 5xx to odd bodies or ids; every error is a problem document", async () => {
    const ids = ["1", "999999999", "abc", "99999999999999999999999", "-1", "0"];
    const bodies = [
        { json: {} },
        { json: [] },
        { json: { name: 5, id: "x", date: [], items: {}, code: null, orgnr: 1e30 } },
        { body: "orgnr,name\n1,2\n", headers: { "Content-Type": "text/csv" } },
        { body: "{\"name\": \"unterminated", headers: { "Content-Type": "application/json" } },
        {},
    ];
    let asked = 0;
    const found = new Set(); // GETs of id 1 that found their row
    for (const r of routes.filter((x) => !x.public && !LOGOUT(x))) {
        const paths = r.path.includes("{") ? ids.map((id) => fill(r.path, id)) : [r.path];
        for (const p of paths) {
            for (const b of changes(r.method) ? bodies : [{}]) {
                const res = await admin.req(r.method, p, b);
                asked++;
                const what = `${r.method} ${p} ${JSON.stringify(b).slice(0, 80)}`;
                assert.ok(res.status < 500, `${what}: ${res.status} ${res.text.slice(0, 300)}`);
                if (res.status >= 400) assertProblem(res, res.status);
                if (r.method === "GET" && p.endsWith("/1") && res.status === 200) found.add(r.path);
            }
        }
    }
    assert.ok(asked > 500, `${asked} requests`);
    // The ids reached real rows, not only 404s.
    for (const p of ["orgs", "users", "interventions", "participants", "enrolments", "employers", "courses", "sessions", "registrations", "surveys",
        "toolbox", "plans", "guidance-times", "handovers"])
        assert.ok(found.has(`/api/v1/${p}/{id}`), `GET /api/v1/${p}/1 found nothing`);
    // Still logged in and working after all that.
    assert.equal((await admin.get("/api/v1/session")).status, 200);
});

// ---- Two organisations, every role: no route lets one organisation see or
// change the other's participant — by id, by personnummer, by enrolment, by
// report cell or by export. Organisation A's case worker registers Xenia
// Läcksdotter, enrols her and records her consent; then every other user
// (A's roles without participant access, and every role of B) asks every
// route about her, with her ids, her personnummer and her name. No answer may
// carry what A typed in, no report cell may count so few that she could be
// picked out, and afterwards her record is as A left it.
const ROLES = ["case_worker", "kansli", "reader", "employer_contact", "trainer"];
const PNR = "19630303-4562";
const MARKERS = ["Xenia", "Läcksdotter", "HEMLIGT-SAMTYCKE", "2020-02-29", "Hemlighetsgatan"];

/** Every count cell (an object with women and men) that a person could be picked out by: 1–4. */
function smallCells(value, where = "", out = []) {
    if (Array.isArray(value)) value.forEach((v, i) => smallCells(v, `${where}[${i}]`, out));
    else if (value && typeof value === "object") {
        if ("women" in value && "men" in value)
            for (const k of ["total", "women", "men"])
                if (typeof value[k] === "number" && value[k] >= 1 && value[k] <= 4) out.push(`${where}.${k}=${value[k]}`);
        for (const [k, v] of Object.entries(value)) smallCells(v, `${where}.${k}`, out);
    }
    return out;
}

test("no route shows or changes another organisation's participant, for any role of two organisations", async () => {
    const org = async (name) => (await admin.post("/api/v1/orgs", { name, kind: "other" })).body.id;
    const [orgA, orgB] = [await org("Läckans kommun A"), await org("Läckans kommun B")];
    const users = {};
    for (const [o, id] of [["a", orgA], ["b", orgB]])
        for (const role of ROLES) {
            const username = `${o}_${role}`;
            s.addUser({ username, orgId: id, roles: [role] });
            users[username] = await s.login(username, GOOD_PASSWORD);
        }
    const intervention = async (name, owner) => {
        const r = await admin.post("/api/v1/interventions", {
            name, kind: "individual", owner_org_id: owner, start_date: "2020-01-01", measurement: "participants",
        });
        assert.equal(r.status, 201, r.text);
        return r.body.id;
    };
    const [ia, ib] = [await intervention("A:s insats", orgA), await intervention("B:s insats", orgB)];
    const annA = users.a_case_worker;
    let r = await annA.post("/api/v1/participants", { personnummer: PNR, first_name: "Xenia", last_name: "Läcksdotter", municipality_code: "1488" });
    assert.equal(r.status, 201, r.text);
    const pa = r.body.id;
    r = await annA.post("/api/v1/enrolments", { participant_id: pa, intervention_id: ia, start_date: "2020-02-29", end_date: "2020-06-30", outcome: "work", exit_reason: "completed" });
    assert.equal(r.status, 201, r.text);
    const ea = r.body.id;
    r = await annA.post(`/api/v1/participants/${pa}/consents`, { status: "given", date: "2020-03-01", scope: "HEMLIGT-SAMTYCKE" });
    assert.equal(r.status, 201, r.text);
    // B's case worker is a counsellor; A's books her time for Xenia (the
    // calendar shows B it is booked, never whom).
    r = await users.b_case_worker.post("/api/v1/guidance-times", { starts_at: "2020-03-02T09:00:00Z", ends_at: "2020-03-02T10:00:00Z", place: "B:s samlokalisering" });
    assert.equal(r.status, 201, r.text);
    r = await annA.post(`/api/v1/guidance-times/${r.body.id}/booking`, { participant_id: pa });
    assert.equal(r.status, 201, r.text);
    // A's joint plan for her, handed over to a third organisation (a partner
    // now, B is none), with a feedback entry: B sees none of it.
    const orgC = await org("Läckans kommun C");
    r = await annA.post(`/api/v1/participants/${pa}/plans`, { goal: "Hemlighetsgatan" });
    assert.equal(r.status, 201, r.text);
    const plA = r.body.id;
    r = await annA.post(`/api/v1/plans/${plA}/handovers`, { to_org_id: orgC, note: "Xenia flyttar till Hemlighetsgatan" });
    assert.equal(r.status, 201, r.text);
    const hA = r.body.id;
    r = await annA.post(`/api/v1/plans/${plA}/feedback`, { text: "Xenia Läcksdotter mår bra" });
    assert.equal(r.status, 201, r.text);
    const before = s.sql(`SELECT personnummer, first_name, last_name, anonymous, (SELECT COUNT(*) FROM consents WHERE participant_id = ${pa} AND org_id = ${orgA}),
        (SELECT start_date || end_date || outcome FROM enrolments WHERE id = ${ea}) FROM participants WHERE id = ${pa};`);

    // B's case worker registers the same person: answered as a new
    // registration would be (201, her own data), not 409 "already known".
    r = await users.b_case_worker.post("/api/v1/participants", { personnummer: PNR.replace("19", ""), first_name: "Bodil", last_name: "Bsson" });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.first_name, "Bodil");
    assert.equal(r.body.consent, null);
    assert.equal(r.body.municipality_code, null);
    // She may not erase A's record, with or without a reason.
    for (const patch of [{ anonymous: true, reason: "Prov" }, { personnummer: "19121212-1212", reason: "Prov" }])
        assertProblem(await users.b_case_worker.patch(`/api/v1/participants/${pa}`, patch), 403, "forbidden");

    const query = `participant_id=${pa}&intervention_id=${ia}&entity=participant&entity_id=${pa}&year=2020&from=2020-01-01&to=2020-12-31&limit=500`;
    const body = {
        personnummer: PNR, participant_id: pa, intervention_id: ib, q: "Läcksdotter", first_name: "Bodil", last_name: "Bsson",
        start_date: "2020-03-01", status: "given", date: "2020-03-01", anonymous: true, reason: "Prov", end_date: "2020-04-01",
    };
    const skip = (x) => x.public || x.path.startsWith("/api/v1/session");
    let asked = 0;
    for (const [name, c] of Object.entries(users).filter(([n]) => n !== "a_case_worker")) {
        for (const route of routes.filter((x) => !skip(x))) {
            const paths = route.path.includes("{") ? [pa, ea, ia, plA, hA].map((id) => fill(route.path, String(id))) : [route.path];
            for (const p of paths) {
                const res = changes(route.method)
                    ? await c.req(route.method, p, { json: body })
                    : await c.req(route.method, `${p}?${query}&format=json`);
                asked++;
                const what = `${name}: ${route.method} ${p} → ${res.status}`;
                // A's own kansli exports A's enrolments to SUS (no name, no
                // personnummer); to B nothing of A's shows at all.
                const markers = name.startsWith("b_") ? MARKERS : MARKERS.filter((m) => m !== "2020-02-29");
                for (const m of markers) assert.ok(!res.text.includes(m), `${what} shows ${m}: ${res.text.slice(0, 300)}`);
                if (res.text.includes(PNR.replace("-", "").slice(2)))
                    assert.ok(name === "b_case_worker", `${what} shows the personnummer: ${res.text.slice(0, 300)}`);
                // Nothing listed for a question about A's intervention or
                // participant is A's participant (B's case worker sees her
                // own registration of the person, but not where A enrolled her).
                if (name.startsWith("b_") && Array.isArray(res.body?.items))
                    for (const item of res.body.items)
                        if (item && typeof item === "object" && ("anonymous" in item || "participant_id" in item))
                            assert.ok(item.id !== pa && item.participant_id !== pa, `${what} lists A's participant: ${JSON.stringify(item).slice(0, 200)}`);
                if (route.path.startsWith("/api/v1/reports/") && res.status === 200 && res.body && typeof res.body === "object") {
                    const small = smallCells(res.body);
                    assert.deepEqual(small, [], `${what}: cells that pick out a person`);
                }
            }
        }
    }
    assert.ok(asked > 500, `${asked} requests`);
    // A's record is as A left it, and A still sees her own data only.
    assert.equal(s.sql(`SELECT personnummer, first_name, last_name, anonymous, (SELECT COUNT(*) FROM consents WHERE participant_id = ${pa} AND org_id = ${orgA}),
        (SELECT start_date || end_date || outcome FROM enrolments WHERE id = ${ea}) FROM participants WHERE id = ${pa};`), before);
    r = await annA.get(`/api/v1/participants/${pa}`);
    assert.equal(r.body.last_name, "Läcksdotter");
    assert.equal(r.body.consent.scope, "HEMLIGT-SAMTYCKE");
});

// ---- The KAA register (docs/kaa.md): every route of it, and its reports,
// answer 404 to every role of the municipality without the KAA flag, to the
// förbund's admin and (for her young people) to another municipality's KAA
// staff; nothing of hers shows and nothing changes.
test("no KAA route shows or changes a municipality's register to anyone but its own KAA staff", async () => {
    const kommun = async (name, code) => {
        const r = await admin.post("/api/v1/orgs", { name, kind: "kommun", municipality_code: code });
        assert.equal(r.status, 201, r.text);
        return r.body.id;
    };
    const [ka, kb] = [await kommun("KAA-kommun A", "1488"), await kommun("KAA-kommun B", "1487")];
    const staff = async (username, orgId) => {
        const u = s.addUser({ username, orgId, roles: ["case_worker"] });
        assert.equal((await admin.patch(`/api/v1/users/${u.id}`, { kaa_staff: true })).status, 200);
        return s.login(username, GOOD_PASSWORD);
    };
    const [staffA, staffB] = [await staff("kaa_a", ka), await staff("kaa_b", kb)];
    const pnr = personnummerAged(17);
    const today = swedishDate();
    let r = await staffA.post("/api/v1/kaa/youths", {
        personnummer: pnr, first_name: "Kaaxenia", last_name: "Registersson", school_status: "other",
        source: "school_list", identified_date: today,
    });
    assert.equal(r.status, 201, r.text);
    const yid = r.body.id;
    const others = { admin, kaa_b: staffB };
    for (const role of ROLES) {
        const username = `kaa_a_${role}`;
        s.addUser({ username, orgId: ka, roles: [role] });
        others[username] = await s.login(username, GOOD_PASSWORD);
    }
    const kaaRoutes = routes.filter((x) => x.path.startsWith("/api/v1/kaa/") || x.path.startsWith("/api/v1/reports/kaa"));
    assert.ok(kaaRoutes.length >= 12, `${kaaRoutes.length} KAA routes`);
    const before = s.sql(`SELECT COUNT(*) FROM audit_events WHERE action <> 'read'; SELECT * FROM kaa_youths;`);
    const body = { personnummer: pnr, occupation: "work", date: today, channel: "phone", result: "reached",
        kind: "guidance", offered_date: today, consent_date: today, consent_recorded_by: "X" };
    for (const [name, c] of Object.entries(others)) {
        for (const route of kaaRoutes) {
            // Another municipality's staff works in her own register: she is
            // asked only about A's young person.
            if (name === "kaa_b" && !route.path.includes("{id}")) continue;
            const p = `${fill(route.path, String(yid))}?half=2026H1&format=json`;
            const res = route.path.endsWith("/import")
                ? await c.postCsv(p, `personnummer,first_name,last_name,school_status,source,identified_date\r\n${pnr},A,B,other,other,${today}\r\n`)
                : await c.req(route.method, p, { json: changes(route.method) ? body : undefined });
            assert.equal(res.status, 404, `${name}: ${route.method} ${p} → ${res.status} ${res.text.slice(0, 200)}`);
            for (const m of ["Kaaxenia", "Registersson", pnr.slice(2, 8)]) assert.ok(!res.text.includes(m), `${name}: ${route.method} ${p} shows ${m}`);
        }
    }
    assert.equal(s.sql(`SELECT COUNT(*) FROM audit_events WHERE action <> 'read'; SELECT * FROM kaa_youths;`), before, "nothing changed");
    assert.equal((await staffA.get(`/api/v1/kaa/youths/${yid}`)).body.last_name, "Registersson");
});
