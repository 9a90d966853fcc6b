// participant_access.test.mjs — a participant's personal data on every path
// (issue 14; docs/matching.md "Who may" tables, docs/followup.md "Who may see
// what"). Participant P is registered by organisation A's case worker with
// marker values: names, a personnummer, a work profile (a marker certificate
// and marker limitations), consent to share with employers, an enrolment in
// an A-owned intervention, a placement at an A-made opportunity, a job-track
// candidacy with a marker motivation and an employer contact naming her.
// Then every route of src/api/app.c's table, with every id of hers filled in
// and query parameters naming her, is asked by every user of two
// organisations (every role) and by a client without an account. Her data
// shows only where the rules allow: everything to the admin and A's case
// worker, `limitations` only on GET /participants/{id}/profile, the
// motivation only on the job-track candidate routes; an employer contact
// sees her first name (never her last name, never her personnummer) on the
// candidates of a place (every employer contact) and on the placements she
// sees (A's: A made the place). No route answers 5xx; state-changing routes
// sent by those who may not change her leave her rows as they were. Last,
// her consent is withdrawn and no candidate list or employer-side view shows
// her any more.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, created, sourceRoutes, startSamsyn, swedishDate } from "./lib.mjs";

let s, admin;
const users = {};
const ids = {};
const routes = sourceRoutes();
const ROLES = ["case_worker", "kansli", "reader", "employer_contact", "trainer"];
const changes = (m) => m !== "GET" && m !== "HEAD";

// Her markers, ASCII so that no JSON escaping can hide one.
const PNR = "198506061244"; // valid check digit
const PERSON = { personnummer: PNR, first_name: "Xmarkpia", last_name: "Xlastmarkson", sex: "female", municipality_code: "1488" };
const PNR_FORMS = [PNR, "19850606-1244", "850606-1244", "8506061244"];
const CERT = "Xmarkcertifikat";
const LIMITS = "Xmarklimitations";
const MOTIVATION = "Xmarkmotivation";
const GOAL = "Xmarkgoal"; // her goal in her joint plan
const PROFILE = {
    occupations: ["5120"], municipality_codes: ["1488"], driving_licence: true, swedish_level: "good", upper_secondary: true,
    certificates: ["Hygienkurs", CERT], open_to: ["praktik", "employment"], hours_per_week: 30, limitations: LIMITS,
};
const today = () => swedishDate();


before(async () => {
    s = await startSamsyn({
        serveArgs: ["--public-rate-limit", "100000"],
        sql: `INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES
                (2, 'Kommun A', 'kommun', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'), (3, 'Kommun B', 'kommun', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
              INSERT INTO employers (id, orgnr, name, name_key, municipality_code, created_at, updated_at) VALUES
                (1, '5560000001', 'Annat bolag AB', 'annat bolag ab', '1488', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
                (2, '5560000002', 'Tredje bolaget AB', 'tredje bolaget ab', '1487', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
                (12, '5560000012', 'Kockens AB', 'kockens ab', '1488', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');`,
    });
    admin = await s.login("admin", GOOD_PASSWORD);
    const orgs = { a: 2, b: 3 };
    for (const [o, id] of Object.entries(orgs))
        for (const role of ROLES) {
            const username = `${o}_${role}`;
            ids[username] = s.addUser({ username, orgId: id, roles: [role] }).id;
            users[username] = await s.login(username, GOOD_PASSWORD);
        }
    const A = users.a_case_worker, B = users.b_case_worker;
    // A's case worker is an IPS specialist: the IPS figures count her work with P.
    assert.equal((await admin.patch(`/api/v1/users/${ids.a_case_worker}`, { ips_specialist: true })).status, 200);

    // Other rows first, so that her ids all differ (an id read as the wrong
    // kind of id finds another row, not hers by chance).
    const intervention = async (name, org) => (await created(await admin.post("/api/v1/interventions", {
        name, kind: "individual", owner_org_id: org, start_date: "2020-01-01", measurement: "participants",
    }), name)).id;
    const otherB = await intervention("Steget B", orgs.b);
    await intervention("Steget A annan", orgs.a);
    const others = [];
    for (let i = 0; i < 3; i++)
        others.push((await created(await B.post("/api/v1/participants", { anonymous: true, sex: "male", birth_year: 1980 + i }))).id);
    others.push((await created(await B.post("/api/v1/participants", { personnummer: "198001019804", first_name: "Bo", last_name: "Annan" }))).id);
    others.push((await created(await A.post("/api/v1/participants", { anonymous: true, sex: "female", birth_year: 1991 }))).id);
    for (const p of others.slice(0, 4)) await created(await B.post("/api/v1/enrolments", { participant_id: p, intervention_id: otherB, start_date: "2026-01-10" }));
    const bo = others[3];
    await created(await B.post(`/api/v1/participants/${bo}/consents`, { status: "given", date: "2026-01-10" }));
    await created(await B.post(`/api/v1/participants/${bo}/consents`, { status: "withdrawn", date: "2026-01-11" }));
    const track = await created(await admin.post("/api/v1/job-tracks", {
        name: "Annat spår", employer_ids: [1], ssyk_code: "5120", places: 4, intervention_ids: [otherB], steps: ["Yrkessvenska"],
    }));
    const now = "2026-11-01T00:00:00Z";
    s.sql(`
        INSERT INTO opportunities (id, employer_id, kind, ssyk_code, municipality_code, places, status, org_id, created_by_user_id, created_at, updated_at)
          VALUES (60, 1, 'praktik', '5120', '1488', 1, 'open', 3, ${ids.b_case_worker}, '${now}', '${now}');
        INSERT INTO enrolments (id, participant_id, intervention_id, start_date, created_by_user_id, created_at, updated_at)
          VALUES (50, ${bo}, ${otherB}, '2025-01-01', ${ids.b_case_worker}, '${now}', '${now}');
        INSERT INTO placements (id, participant_id, opportunity_id, org_id, proposed_by_user_id, state, proposed_date, created_at, updated_at)
          VALUES (20, ${bo}, 60, 3, ${ids.b_case_worker}, 'proposed', '2026-01-10', '${now}', '${now}');
        INSERT INTO job_track_candidates (id, job_track_id, participant_id, nominated_by_org_id, stage, stage_date, created_at, updated_at)
          VALUES (30, ${track.id}, ${bo}, 3, 'nominated', '2026-01-10', '${now}', '${now}');
        INSERT INTO employer_contacts (id, employer_id, user_id, org_id, date, channel, purpose, created_at)
          VALUES (40, 2, ${ids.b_case_worker}, 3, '2026-11-01', 'phone', 'information', '${now}');`);

    // Her data.
    ids.intervention = await intervention("Steget A", orgs.a);
    ids.employer = 12;
    ids.participant = (await created(await A.post("/api/v1/participants", PERSON), "her")).id;
    let r = await A.put(`/api/v1/participants/${ids.participant}/profile`, PROFILE);
    assert.equal(r.status, 200, r.text);
    await created(await A.post(`/api/v1/participants/${ids.participant}/consents`, { status: "given", date: "2026-01-10" }));
    ids.enrolment = (await created(await A.post("/api/v1/enrolments", {
        participant_id: ids.participant, intervention_id: ids.intervention, start_date: "2026-01-12",
    }))).id;
    ids.opportunity = (await created(await A.post("/api/v1/opportunities", {
        employer_id: ids.employer, kind: "praktik", ssyk_code: "5120", municipality_code: "1488", places: 2, title: "Kock",
        requirements: { driving_licence: true, swedish_level: "basic", upper_secondary: false, certificate: "Hygienkurs" },
    }))).id;
    ids.placement = (await created(await A.post("/api/v1/placements", {
        participant_id: ids.participant, opportunity_id: ids.opportunity, proposed_date: "2026-11-02",
    }))).id;
    ids.track = (await created(await admin.post("/api/v1/job-tracks", {
        name: "Kockspåret", employer_ids: [ids.employer], ssyk_code: "5120", places: 8, intervention_ids: [ids.intervention], steps: ["APL"],
    }))).id;
    ids.candidate = (await created(await A.post(`/api/v1/job-tracks/${ids.track}/candidates`, {
        participant_id: ids.participant, motivation: MOTIVATION, date: "2026-11-03",
    }))).id;
    ids.contact = (await created(await A.post(`/api/v1/employers/${ids.employer}/contacts`, {
        date: "2026-11-04", channel: "phone", purpose: "placement", participant_id: ids.participant,
    }))).id;
    // Her joint plan (A responsible, no partner) with a step, as rows with
    // ids of their own.
    ids.plan = 80;
    ids.step = 81;
    const planNow = "2026-11-05T10:00:00Z";
    s.sql(`INSERT INTO toolbox_items (id, name, municipality_code, provider, stage, has_places, created_at, updated_at, updated_by_user_id, updated_by_org_id)
             VALUES (82, 'Rusta', '1488', 'Komvux', 'equip', 1, '${planNow}', '${planNow}', ${ids.a_case_worker}, 2);
           INSERT INTO plans (id, participant_id, goal, stage, assessed_on, assessed_by_user_id, assessed_by_org_id, responsible_org_id, status,
             version, created_at, updated_at, updated_by_user_id, updated_by_org_id)
             VALUES (${ids.plan}, ${ids.participant}, '${GOAL}', 'clarify', '2026-11-05', ${ids.a_case_worker}, 2, 2, 'active', 0,
               '${planNow}', '${planNow}', ${ids.a_case_worker}, 2);
           INSERT INTO plan_steps (id, plan_id, toolbox_id, org_id, state, created_at, updated_at)
             VALUES (${ids.step}, ${ids.plan}, 82, 2, 'planned', '${planNow}', '${planNow}');`);
    // A's case worker sets the next meeting: version 1, kept as the plan was.
    const v1 = await A.patch(`/api/v1/plans/${ids.plan}`, { next_meeting: { at: "2026-12-01T10:00", place: "Kontoret" } });
    assert.equal(v1.status, 200, v1.text);
    assert.equal(v1.body.version, 1);
    const mine = [ids.participant, ids.intervention, ids.enrolment, ids.opportunity, ids.placement, ids.track, ids.candidate, ids.contact, ids.employer, ids.plan];
    assert.equal(new Set(mine).size, mine.length, `distinct ids: ${mine}`);
});

after(() => s?.close());

/** Her rows: the participant, her registrations, profile, consents, enrolment, placement, candidacy, contacts. */
const state = () => s.sql(`
    SELECT * FROM participants WHERE id = ${ids.participant};
    SELECT * FROM participant_registrations WHERE participant_id = ${ids.participant} ORDER BY 1;
    SELECT * FROM work_profiles WHERE participant_id = ${ids.participant};
    SELECT * FROM work_profile_occupations WHERE participant_id = ${ids.participant} ORDER BY 1, 2;
    SELECT * FROM work_profile_municipalities WHERE participant_id = ${ids.participant} ORDER BY 1, 2;
    SELECT * FROM work_profile_certificates WHERE participant_id = ${ids.participant} ORDER BY 1, 2;
    SELECT * FROM work_profile_open_to WHERE participant_id = ${ids.participant} ORDER BY 1, 2;
    SELECT * FROM consents WHERE participant_id = ${ids.participant} ORDER BY id;
    SELECT * FROM enrolments WHERE participant_id = ${ids.participant} ORDER BY id;
    SELECT * FROM placements WHERE participant_id = ${ids.participant} ORDER BY id;
    SELECT * FROM job_track_candidates WHERE participant_id = ${ids.participant} ORDER BY id;
    SELECT h.* FROM job_track_stage_history h JOIN job_track_candidates c ON c.id = h.candidate_id WHERE c.participant_id = ${ids.participant} ORDER BY h.id;
    SELECT * FROM employer_contacts WHERE participant_id = ${ids.participant} OR id = ${ids.contact} ORDER BY id;
    SELECT * FROM plans WHERE participant_id = ${ids.participant} ORDER BY id;
    SELECT * FROM plan_steps WHERE plan_id = ${ids.plan} ORDER BY id;
    SELECT * FROM plan_partners WHERE plan_id = ${ids.plan} ORDER BY org_id;
    SELECT plan_id, version FROM plan_versions WHERE plan_id = ${ids.plan} ORDER BY version;`);

/** The requests of a route: every path with her ids, GETs with each query, changes with the body (searches also by her personnummer and name). */
function asksOf(route, body) {
    const idList = [ids.participant, ids.intervention, ids.enrolment, ids.opportunity, ids.placement, ids.track, ids.candidate, ids.contact, ids.employer, ids.plan]
        .map(String);
    const fillers = {
        id: idList, attendee_id: [String(ids.participant)], token: ["x".repeat(32)], code: ["ZZZZZ-ZZZZZ"], name: ["format"],
        person_id: [String(ids.participant)], contact_id: [String(ids.contact)], need_id: [String(ids.participant)],
        candidate_id: [String(ids.candidate)], step_id: [String(ids.step)], version: ["1"], measure_id: [String(ids.participant)],

    };
    const paths = (p) => {
        let out = [p];
        for (const m of p.matchAll(/\{([a-z_]+)\}/g)) {
            const values = fillers[m[1]];
            assert.ok(values, `no value for {${m[1]}} in ${p}`);
            out = out.flatMap((x) => values.map((v) => x.replace(m[0], v)));
        }
        return out;
    };
    // Every query parameter of the spec that can name her (an id of hers, her
    // personnummer as a search).
    const ofHers = [
        `participant_id=${ids.participant}`, "entity=participant", `entity_id=${ids.participant}`, `opportunity_id=${ids.opportunity}`,
        `job_track_id=${ids.track}`, `employer_id=${ids.employer}`, `user_id=${ids.a_case_worker}`, "limit=100", "format=json",
    ].join("&");
    // Bare; with her ids; with her intervention and a period (routes that
    // refuse one parameter answer 422 to a query, so each set is asked on
    // its own); her personnummer and her last name as searches.
    const queries = ["", `?${ofHers}`, `?${ofHers}&intervention_id=${ids.intervention}&from=2026-01-01&to=2026-12-31&weeks=52`,
        `?${ofHers}&year=2026&by=kind`, `?q=${PNR}`, `?q=${PERSON.last_name}&limit=100`];
    if (!changes(route.method)) return paths(route.path).flatMap((p) => queries.map((q) => [p + q, {}]));
    const bodies = route.path.endsWith("/search") ? [body, { personnummer: PNR }, { q: PERSON.last_name }] : [body];
    return paths(route.path).flatMap((p) => bodies.map((b) => [p, { json: b }]));
}

const candidatesOf = async (c) => {
    const r = await c.get(`/api/v1/opportunities/${ids.opportunity}/candidates?limit=100`);
    assert.equal(r.status, 200, r.text);
    return r.body.items;
};

test("the allowed see her where the rules say, so the sweep below can fail", async () => {
    const A = users.a_case_worker;
    for (const c of [admin, A]) {
        let r = await c.get(`/api/v1/participants/${ids.participant}/profile`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.limitations, LIMITS);
        assert.ok(r.body.certificates.includes(CERT));
        r = await c.get(`/api/v1/participants/${ids.participant}`);
        assert.equal(r.status, 200, r.text);
        for (const m of [PERSON.first_name, PERSON.last_name, PNR]) assert.ok(r.text.includes(m), `reads ${m}: ${r.text}`);
        r = await c.post("/api/v1/participants/search", { personnummer: PNR });
        assert.equal(r.status, 200, r.text);
        assert.deepEqual(r.body.items.map((x) => x.id), [ids.participant]);
        r = await c.get(`/api/v1/job-tracks/${ids.track}/candidates/${ids.candidate}`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.motivation, MOTIVATION);
        const cand = (await candidatesOf(c)).find((x) => x.participant_id === ids.participant);
        assert.ok(cand, "a candidate for the place");
        assert.equal(cand.last_name, PERSON.last_name);
        r = await c.get(`/api/v1/placements/${ids.placement}`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.last_name, PERSON.last_name);
    }
    // Employer contacts: first name and last initial on the candidates (every
    // one) and on the placements they see (A's: A made the place).
    for (const who of ["a_employer_contact", "b_employer_contact"]) {
        const cand = (await candidatesOf(users[who])).find((x) => x.participant_id === ids.participant);
        assert.ok(cand, `${who} sees her among the candidates`);
        assert.equal(cand.first_name, PERSON.first_name);
        assert.equal(cand.last_name, "X.");
    }
    let r = await users.a_employer_contact.get(`/api/v1/placements/${ids.placement}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.first_name, PERSON.first_name);
    assert.equal(r.body.last_name, "X.");
    r = await users.b_employer_contact.get(`/api/v1/placements/${ids.placement}`);
    assert.equal(r.status, 404, r.text);
    // B's case worker finds nothing through her personnummer.
    r = await users.b_case_worker.post("/api/v1/participants/search", { personnummer: PNR });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items, []);
});

test("every route, every user of two organisations and no account: her data only where allowed, nothing changed, no 5xx", async () => {
    const before = state();
    const clients = { ...users, admin, anonymous: s.client() };
    const readsAll = new Set(["admin", "a_case_worker"]);
    // Who may change something of hers on a route (skipped: they may).
    const mayChange = (who, route) => readsAll.has(who) || (who === "a_employer_contact" && route.path.startsWith("/api/v1/placements/"));
    // What would change her if it were allowed.
    const body = {
        participant_id: ids.participant, personnummer: PNR, opportunity_id: ids.opportunity, intervention_id: ids.intervention,
        first_name: "Andrad", last_name: "Andrad", name: "Andrad", sex: "male", anonymous: false, status: "withdrawn",
        state: "accepted", stage: "invited", motivation: "Andrad", reason: "Andrad", date: "2026-11-20", start_date: "2026-11-20",
        end_date: "2026-11-25", outcome: "work", note: "Andrad", channel: "phone", purpose: "placement",
        occupations: [], certificates: [], limitations: "Andrad", municipality_code: "1480", q: PERSON.last_name,
    };
    const skip = (r) => r.path.startsWith("/api/v1/session") && !r.path.startsWith("/api/v1/sessions");
    let asked = 0;
    const failures = [];
    for (const [who, c] of Object.entries(clients)) {
        const employerSide = who.endsWith("employer_contact");
        for (const route of routes.filter((r) => !skip(r))) {
            if (changes(route.method) && mayChange(who, route)) continue;
            // B's case worker registering her personnummer makes a
            // registration of B's own (docs/followup.md): its own test below.
            if (who === "b_case_worker" && route.method === "POST" && route.path === "/api/v1/participants") continue;
            const asks = asksOf(route, body);
            for (const [p, o] of asks) {
                const res = await c.req(route.method, p, o);
                asked++;
                const what = `${who}: ${route.method} ${p} → ${res.status}`;
                if (res.status >= 500) failures.push(`${what}: ${res.text.slice(0, 200)}`);
                const allowed = [];
                if (readsAll.has(who)) {
                    allowed.push(PERSON.first_name, PERSON.last_name, ...PNR_FORMS, CERT, GOAL);
                    if (route.path === "/api/v1/participants/{id}/profile" && route.method === "GET") allowed.push(LIMITS);
                    if (route.path.startsWith("/api/v1/job-tracks/{id}/candidates")) allowed.push(MOTIVATION);
                } else if (employerSide && route.path === "/api/v1/opportunities/{id}/candidates") allowed.push(PERSON.first_name);
                else if (who === "a_employer_contact" && route.path.startsWith("/api/v1/placements")) allowed.push(PERSON.first_name);
                for (const m of [PERSON.first_name, PERSON.last_name, ...PNR_FORMS, CERT, LIMITS, MOTIVATION, GOAL])
                    if (!allowed.includes(m) && res.text.includes(m)) failures.push(`${what} shows ${m}: ${res.text.slice(0, 300)}`);
            }
        }
    }
    assert.deepEqual(failures, []);
    assert.ok(asked > 3000, `${asked} requests`);
    assert.equal(state(), before, "her rows unchanged");
});

test("B's case worker typing her personnummer gets B's own registration and nothing of A's", async () => {
    const B = users.b_case_worker;
    const r = await B.post("/api/v1/participants", { personnummer: PNR, first_name: "Bkalla", last_name: "Bnamn" });
    assert.equal(r.status, 201, r.text);
    for (const m of [PERSON.first_name, PERSON.last_name, CERT, LIMITS, MOTIVATION]) assert.ok(!r.text.includes(m), `shows ${m}: ${r.text}`);
    // Registered by B she is B's to see now, with B's base data only; the
    // profile is hers (one for all who see her), A's enrolment and the
    // candidacy are not B's.
    const got = await B.get(`/api/v1/participants/${ids.participant}`);
    assert.equal(got.status, 200, got.text);
    for (const m of [PERSON.first_name, PERSON.last_name]) assert.ok(!got.text.includes(m), `B reads A's ${m}: ${got.text}`);
    for (const p of [`/api/v1/enrolments/${ids.enrolment}`]) {
        const x = await B.get(p);
        assert.equal(x.status, 404, `${p}: ${x.text}`);
    }
    // Every GET, as the sweep above asks it: A's names never show to B.
    const failures = [];
    for (const route of routes.filter((r) => r.method === "GET"))
        for (const [p, o] of asksOf(route)) {
            const res = await B.req("GET", p, o);
            if (res.status >= 500) failures.push(`GET ${p} → ${res.status}`);
            for (const m of [PERSON.first_name, PERSON.last_name])
                if (res.text.includes(m)) failures.push(`GET ${p} → ${res.status} shows A's ${m}: ${res.text.slice(0, 300)}`);
        }
    assert.deepEqual(failures, []);
});

test("her identity protected by A: the employer side sees no name of hers, on candidates nor on placements", async () => {
    const A = users.a_case_worker;
    let r = await A.patch(`/api/v1/participants/${ids.participant}`, { protected_identity: true });
    assert.equal(r.status, 200, r.text);
    for (const who of ["a_employer_contact", "b_employer_contact"]) {
        const x = await users[who].get(`/api/v1/opportunities/${ids.opportunity}/candidates?limit=100`);
        assert.equal(x.status, 200, x.text);
        assert.ok(!x.text.includes(PERSON.first_name), `${who} reads her first name among the candidates: ${x.text}`);
        assert.ok(!x.body.items.some((c) => c.participant_id === ids.participant), `${who} sees her as a candidate`);
    }
    r = await users.a_employer_contact.get(`/api/v1/placements/${ids.placement}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.first_name, null);
    // A's case worker still sees her among the candidates, in full.
    const mine = (await candidatesOf(A)).find((x) => x.participant_id === ids.participant);
    assert.equal(mine?.last_name, PERSON.last_name);
    r = await A.patch(`/api/v1/participants/${ids.participant}`, { protected_identity: false });
    assert.equal(r.status, 200, r.text);
});

test("her consent withdrawn: no candidate list and no employer-side view shows her", async () => {
    const r = await users.a_case_worker.post(`/api/v1/participants/${ids.participant}/consents`, { status: "withdrawn", date: today() });
    assert.equal(r.status, 201, r.text);
    for (const who of ["admin", "a_case_worker", "b_case_worker", "a_employer_contact", "b_employer_contact"]) {
        const c = who === "admin" ? admin : users[who];
        const items = await candidatesOf(c);
        assert.ok(!items.some((x) => x.participant_id === ids.participant), `${who} still sees her as a candidate`);
        assert.ok(!JSON.stringify(items).includes(PERSON.first_name), who);
    }
    // The placement stays (a withdrawn consent does not undo it), its
    // participant hidden from the employer side.
    for (const p of [`/api/v1/placements/${ids.placement}`, `/api/v1/placements?opportunity_id=${ids.opportunity}`, "/api/v1/placements?limit=100",
        `/api/v1/employers/${ids.employer}/contacts`, "/api/v1/employer-contacts?week=2026-W45", `/api/v1/employers/${ids.employer}/recent-contacts`]) {
        for (const who of ["a_employer_contact", "b_employer_contact"]) {
            const x = await users[who].get(p);
            assert.ok(x.status < 500, `${who} ${p}: ${x.text}`);
            for (const m of [PERSON.first_name, PERSON.last_name, PNR]) assert.ok(!x.text.includes(m), `${who} ${p} shows ${m}: ${x.text}`);
        }
    }
    const x = await users.a_employer_contact.get(`/api/v1/placements/${ids.placement}`);
    assert.equal(x.status, 200, x.text);
    assert.equal(x.body.first_name, null);
    assert.equal(x.body.last_name, null);
});
