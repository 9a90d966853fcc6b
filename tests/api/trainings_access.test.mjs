// trainings_access.test.mjs — a registrant's personal data on every path
// (issue 13; docs/trainings.md "Who may", docs/followup.md "Who may see what").
// A person signs up on session S1's public page with marker values, attends
// (an attendee, a diploma code and both survey invitations follow) and
// answers the first survey once. Then every route of src/api/app.c's table,
// with every id of hers and of the training filled in, is asked by every user
// of two organisations and by a client without an account. Her data shows
// only where the rules allow: everything to admin, kansli and S1's trainer;
// the attendee record (names, e-mail, employer) to those who read the
// intervention's attendees (the owner's case workers and the trainer of
// another of its sessions) on the attendee routes only; the public diploma
// check by her code shows her name by design. Her free-text answer shows to
// no one (one response is below every threshold). State-changing routes sent
// by those who may not change anything leave her registration, attendee and
// survey as they were; no route answers 5xx.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, sourceRoutes, startSamsyn, waitFor } from "./lib.mjs";

let s, admin;
const users = {};
const ids = {};
const routes = sourceRoutes();
const ROLES = ["case_worker", "kansli", "reader", "employer_contact", "trainer"];
const changes = (m) => m !== "GET" && m !== "HEAD";

// Her markers, ASCII so that no JSON escaping can hide one.
const PERSON = {
    first_name: "Xmarkfrida", last_name: "Xlackdottir", email: "xmark.frida@example.se", phone: "0701112233",
    employer_name: "Xmarkbolaget AB", role_at_work: "Xmarkroll", sex: "female", dietary_needs: "Xmarkkost", consent: true,
};
// What the attendee record carries (organisation_name is the employer's name).
const ATTENDEE = [PERSON.first_name, PERSON.last_name, PERSON.email, PERSON.employer_name];
// What only the registration carries; the diploma code is added when drawn.
const REGISTRATION_ONLY = [PERSON.phone, PERSON.role_at_work, PERSON.dietary_needs];
const ANSWER = "Markörsvar";

before(async () => {
    s = await startSamsyn({ serveArgs: ["--public-rate-limit", "100000"] });
    admin = await s.login("admin", GOOD_PASSWORD);
    const org = async (name) => {
        const r = await admin.post("/api/v1/orgs", { name, kind: "other" });
        assert.equal(r.status, 201, r.text);
        return r.body.id;
    };
    const orgs = { a: await org("Utbildningens kommun A"), b: await org("Utbildningens kommun B") };
    for (const [o, id] of Object.entries(orgs))
        for (const role of ROLES) {
            const username = `${o}_${role}`;
            ids[username] = s.addUser({ username, orgId: id, roles: [role] }).id;
            users[username] = await s.login(username, GOOD_PASSWORD);
        }
    // Other rows first, so that her ids and the training's all differ (an id
    // read as the wrong kind of id finds another row, not hers by chance).
    let r = await admin.post("/api/v1/interventions", {
        name: "Mentorskap B", kind: "structural", owner_org_id: orgs.b, start_date: "2020-01-01", measurement: "volume",
    });
    assert.equal(r.status, 201, r.text);
    const other = r.body.id;
    for (let i = 0; i < 2; i++)
        assert.equal((await admin.post("/api/v1/surveys", { name: `Annan enkät ${i}`, questions: [{ text: "Betyg?", kind: "scale" }] })).status, 201);
    let otherCourse;
    for (let i = 0; i < 3; i++) otherCourse = (await admin.post("/api/v1/courses", { name: `Annan kurs ${i}`, intervention_id: other })).body.id;
    let otherSession;
    for (let i = 0; i < 4; i++)
        otherSession = (await admin.post(`/api/v1/courses/${otherCourse}/sessions`, {
            format: "webinar", starts_at: "2099-01-05T08:00:00Z", ends_at: "2099-01-05T10:00:00Z", capacity: 30,
        })).body;
    for (let i = 0; i < 6; i++) {
        r = await s.client().post(`/api/v1/public/sessions/${otherSession.public_token}/registrations`, {
            first_name: "Annan", last_name: `Person${i}`, email: `annan${i}@example.se`, sex: "male", consent: true,
        });
        assert.equal(r.status, 201, r.text);
    }
    for (let i = 0; i < 7; i++) {
        r = await admin.post(`/api/v1/interventions/${other}/attendees`, {
            first_name: "Annan", last_name: `Deltagare${i}`, sex: "male", email: `deltagare${i}@example.se`, format: "webinar", date: "2026-02-02",
        });
        assert.equal(r.status, 201, r.text);
    }
    r = await admin.post("/api/v1/interventions", {
        name: "Mentorskap A", kind: "structural", owner_org_id: orgs.a, start_date: "2020-01-01", measurement: "volume",
    });
    assert.equal(r.status, 201, r.text);
    ids.intervention = r.body.id;
    r = await admin.post("/api/v1/surveys", {
        name: "Efter utbildningen", questions: [{ text: "Betyg?", kind: "scale" }, { text: "Något mer?", kind: "text" }],
    });
    assert.equal(r.status, 201, r.text);
    ids.survey = r.body.id;
    r = await admin.post("/api/v1/courses", {
        name: "Mentorskap grundutbildning", intervention_id: ids.intervention, diploma_title: "Diplomerad mentor",
        survey_session_id: ids.survey, survey_six_months_id: ids.survey,
    });
    assert.equal(r.status, 201, r.text);
    ids.course = r.body.id;
    const session = async (trainer) => {
        const x = await admin.post(`/api/v1/courses/${ids.course}/sessions`, {
            format: "in_person", starts_at: "2099-03-05T08:00:00Z", ends_at: "2099-03-05T15:00:00Z", capacity: 30, trainer_user_id: trainer,
        });
        assert.equal(x.status, 201, x.text);
        return x.body;
    };
    const s1 = await session(ids.a_trainer);
    ids.s1 = s1.id;
    ids.token = s1.public_token;
    ids.s2 = (await session(ids.b_trainer)).id;

    // She signs up on S1's page, as anyone can.
    r = await s.client().post(`/api/v1/public/sessions/${ids.token}/registrations`, PERSON);
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body, { status: "registered" });
    // S1 took place nine months ago (history: both survey waves are due);
    // its trainer marks her as attended.
    r = await admin.patch(`/api/v1/sessions/${ids.s1}`, { starts_at: "2026-03-05T08:00:00Z", ends_at: "2026-03-05T15:00:00Z" });
    assert.equal(r.status, 200, r.text);
    r = await users.a_trainer.get(`/api/v1/sessions/${ids.s1}/registrations`);
    assert.equal(r.status, 200, r.text);
    ids.registration = r.body.items[0].id;
    r = await users.a_trainer.patch(`/api/v1/registrations/${ids.registration}`, { attended: true });
    assert.equal(r.status, 200, r.text);
    ids.attendee = r.body.attendee_id;
    ids.code = r.body.diploma_code;
    assert.ok(ids.attendee && ids.code, r.text);
    REGISTRATION_ONLY.push(ids.code);
    const mine = [ids.registration, ids.s1, ids.s2, ids.course, ids.intervention, ids.attendee, ids.survey];
    assert.equal(new Set(mine).size, mine.length, `distinct ids: ${mine}`);

    // The sender thread invites her for both waves; she answers the first
    // through the link in its mail (waiting in the outbox: no relay).
    await waitFor(() => s.sql(`SELECT COUNT(*) FROM survey_invitations WHERE registration_id = ${ids.registration};`).trim() === "2", "two invitations", 15_000);
    r = await admin.get("/api/v1/mail/outbox?limit=500");
    assert.equal(r.status, 200, r.text);
    const links = r.body.items.map((m) => /\/utbildning\/enkat\/([A-Za-z0-9_-]{32})/.exec(m.body)).filter(Boolean);
    assert.equal(links.length, 2, "two survey mails");
    const anon = s.client();
    const page = (await anon.get(`/api/v1/public/surveys/${links[0][1]}`)).body;
    r = await anon.post(`/api/v1/public/surveys/${links[0][1]}/answers`, {
        answers: [{ question_id: page.questions[0].id, value: 4 }, { question_id: page.questions[1].id, value: ANSWER }],
    });
    assert.equal(r.status, 201, r.text);
});

after(() => s?.close());

/** Her state: the registration, the attendee, the invitations, the answers and the survey's questions. */
const state = () => s.sql(`
    SELECT status, attended, attendee_id, diploma_code, first_name, last_name, email, phone, employer_name, role_at_work, dietary_needs, queue_order
      FROM training_registrations WHERE id = ${ids.registration};
    SELECT first_name, last_name, email, sex, format, date, organisation_name, intervention_id FROM attendees WHERE id = ${ids.attendee};
    SELECT wave, survey_id, sent, answered, token FROM survey_invitations WHERE registration_id = ${ids.registration} ORDER BY wave;
    SELECT COUNT(*) FROM survey_responses;
    SELECT question_id, scale, choice, text FROM survey_answers ORDER BY question_id;
    SELECT id, text, kind FROM survey_questions WHERE survey_id = ${ids.survey} ORDER BY id;
    SELECT id, status, starts_at, ends_at, capacity, trainer_user_id FROM training_sessions WHERE id = ${ids.s1};
    SELECT survey_session_id, survey_six_months_id, diploma_title FROM courses WHERE id = ${ids.course};`);

test("the allowed see her data where the rules say, so the sweep below can fail", async () => {
    for (const who of ["admin", "a_kansli", "b_kansli", "a_trainer"]) {
        const c = who === "admin" ? admin : users[who];
        const r = await c.get(`/api/v1/registrations/${ids.registration}`);
        assert.equal(r.status, 200, `${who}: ${r.text}`);
        for (const m of [...ATTENDEE, ...REGISTRATION_ONLY]) assert.ok(r.text.includes(m), `${who} reads ${m}`);
    }
    for (const who of ["a_case_worker", "b_trainer", "a_kansli"]) {
        const r = await users[who].get(`/api/v1/interventions/${ids.intervention}/attendees/${ids.attendee}`);
        assert.equal(r.status, 200, `${who}: ${r.text}`);
        for (const m of ATTENDEE) assert.ok(r.text.includes(m), `${who} reads the attendee's ${m}`);
    }
    // The public check by her code: her name, by design, and nothing else of her.
    const r = await s.client().get(`/api/v1/public/diplomas/${ids.code}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, {
        name: `${PERSON.first_name} ${PERSON.last_name}`, course: "Mentorskap grundutbildning", title: "Diplomerad mentor", date: "2026-03-05", valid: true,
    });
});

test("her attendee is taken back by attendance, not deleted beside it: 409 for everyone who may change attendees", async () => {
    const before = state();
    for (const who of ["admin", "a_kansli", "a_trainer", "b_trainer", "a_case_worker"]) {
        const c = who === "admin" ? admin : users[who];
        const r = await c.del(`/api/v1/interventions/${ids.intervention}/attendees/${ids.attendee}`);
        assert.equal(r.status, 409, `${who}: ${r.status} ${r.text}`);
        assert.match(r.body.detail, /ta bort närvaron på anmälan/);
    }
    assert.equal(state(), before);
});

test("every route, every user of two organisations and no account: her data only where allowed, nothing changed, no 5xx", async () => {
    const before = state();
    const clients = { ...users, admin, anonymous: s.client() };
    // Who reads what of her (docs/trainings.md, docs/followup.md).
    const readsAll = new Set(["admin", "a_kansli", "b_kansli", "a_trainer"]);
    const readsAttendees = new Set(["a_case_worker", "b_trainer"]);
    // Who may change nothing of hers: everyone else, and the attendee
    // readers except on the attendee routes (they may change attendees).
    const mayChange = (who, route) => readsAll.has(who) || (readsAttendees.has(who) && route.path.includes("/attendees"));
    const idList = [ids.registration, ids.s1, ids.s2, ids.course, ids.intervention, ids.attendee, ids.survey].map(String);
    const fillers = {
        id: idList, attendee_id: [String(ids.attendee)], token: [ids.token], code: ["ZZZZZ-ZZZZZ"], name: ["format"],
        person_id: [String(ids.registration)], contact_id: [String(ids.registration)], need_id: [String(ids.registration)],
        candidate_id: [String(ids.registration)], step_id: [String(ids.registration)], version: ["1"], measure_id: [String(ids.registration)],
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
    const query = [
        `session_id=${ids.s1}`, `course_id=${ids.course}`, `intervention_id=${ids.intervention}`, `entity=training_registration`,
        `entity_id=${ids.registration}`, "from=2026-01-01", "to=2026-12-31", "year=2026", "wave=session", "by=format", "limit=500", "format=json",
    ].join("&");
    // What would change her if it were allowed.
    const body = {
        attended: false, status: "cancelled", first_name: "Ändrad", last_name: "Ändrad", email: "andrad@example.se", name: "Ändrad",
        questions: [{ text: "Ändrad?", kind: "scale" }], answers: [], diploma_title: null, survey_session_id: null, capacity: 1,
        starts_at: "2030-01-01T08:00:00Z", ends_at: "2030-01-01T09:00:00Z", sex: "male", format: "webinar", date: "2026-03-06",
    };
    const skip = (r) => r.path.startsWith("/api/v1/session") && !r.path.startsWith("/api/v1/sessions");
    let asked = 0;
    const failures = [];
    for (const [who, c] of Object.entries(clients)) {
        for (const route of routes.filter((r) => !skip(r))) {
            if (changes(route.method) && mayChange(who, route)) continue;
            // A GET with the ids in its query, and again searching for her name.
            const asks = paths(route.path).flatMap((p) => changes(route.method) ? [[p, { json: body }]]
                : [[`${p}?${query}`, {}], [`${p}?${query}&q=${PERSON.last_name}`, {}]]);
            for (const [p, o] of asks) {
                const res = await c.req(route.method, p, o);
                asked++;
                const what = `${who}: ${route.method} ${p} → ${res.status}`;
                if (res.status >= 500) failures.push(`${what}: ${res.text.slice(0, 200)}`);
                let allowed = [];
                if (readsAll.has(who)) allowed = [...ATTENDEE, ...REGISTRATION_ONLY];
                else if (readsAttendees.has(who) && route.path.startsWith("/api/v1/interventions/{id}/attendees")) allowed = ATTENDEE;
                for (const m of [...ATTENDEE, ...REGISTRATION_ONLY, ANSWER])
                    if (!allowed.includes(m) && res.text.includes(m)) failures.push(`${what} shows ${m}: ${res.text.slice(0, 300)}`);
                // A diploma is a PDF whose text is compressed: its status says it.
                if (/pdf/.test(res.contentType) && res.status === 200 && !readsAll.has(who)) failures.push(`${what}: a diploma`);
            }
        }
    }
    assert.deepEqual(failures, []);
    assert.ok(asked > 3000, `${asked} requests`);
    assert.equal(state(), before, "her registration, attendee and survey unchanged");
});
