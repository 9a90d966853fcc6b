// trainings.test.mjs — courses and sessions of docs/trainings.md against a
// real server: create, read, change and copy; Swedish validation naming the
// field; who may (admin and kansli change, a trainer reads her own sessions
// and changes only their status, everyone else reads); a second organisation;
// and an audit event for every change.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, assertProblem, invalidNames, startSamsyn } from "./lib.mjs";

let s, admin;
const c = {};
const ids = {};

before(async () => {
    s = await startSamsyn({
        sql: "INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES (2, 'Kommunen A', 'kommun', 'x', 'x'), (3, 'Kommunen B', 'kommun', 'x', 'x');",
        employers: "orgnr,name,sni_code,size_class,municipality_code\n5560000001,Beställaren AB,25620,5-9,1488\n",
    });
    admin = await s.login("admin", GOOD_PASSWORD);
    const users = [
        ["kansli", 1, "kansli"], ["tina", 2, "trainer"], ["tom", 3, "trainer"], ["cw", 2, "case_worker"],
        ["reader", 3, "reader"], ["ec", 3, "employer_contact"], ["b_kansli", 3, "kansli"],
    ];
    for (const [u, org, role] of users) {
        ids[u] = s.addUser({ username: u, orgId: org, roles: [role] }).id;
        c[u] = await s.login(u, GOOD_PASSWORD);
    }
    const iv = async (kind) => {
        const r = await admin.post("/api/v1/interventions", {
            name: `Mentorskap ${kind}`, kind, owner_org_id: 2, start_date: "2026-01-01",
            measurement: kind === "individual" ? "participants" : "volume",
        });
        assert.equal(r.status, 201, r.text);
        return r.body.id;
    };
    ids.structural = await iv("structural");
    ids.individual = await iv("individual");
    ids.employer = Number(s.sql("SELECT id FROM employers WHERE orgnr = '5560000001';"));
});

after(() => s?.close());

const audits = (entity) => Number(s.sql(`SELECT COUNT(*) FROM audit_events WHERE entity = '${entity}' AND action <> 'read';`));

test("a course: create, read, list, change — on a structural intervention only", async () => {
    let r = await c.kansli.post("/api/v1/courses", {
        name: "Mentorskap grundutbildning", intervention_id: ids.structural, description: "Två dagar", diploma_title: "Diplomerad mentor",
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.name, "Mentorskap grundutbildning");
    assert.equal(r.body.diploma_title, "Diplomerad mentor");
    ids.course = r.body.id;
    assert.equal(audits("course"), 1);

    r = await c.kansli.post("/api/v1/courses", { name: "", intervention_id: ids.individual, diploma_title: "" });
    assert.deepEqual(invalidNames(r).sort(), ["diploma_title", "intervention_id", "name"]);
    assert.match(r.body.invalid_parameters.find((p) => p.name === "intervention_id").reason, /strukturell/);
    assertProblem(await c.kansli.post("/api/v1/courses", { name: "X" }), 422);
    assert.deepEqual(invalidNames(await c.kansli.post("/api/v1/courses", { name: "X", intervention_id: 999999 })), ["intervention_id"]);

    r = await admin.patch(`/api/v1/courses/${ids.course}`, { description: null, name: "Mentorskap grund" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.description, null);
    assert.equal(r.body.diploma_title, "Diplomerad mentor");
    assert.equal(audits("course"), 2);

    for (const who of ["tina", "cw", "reader", "ec", "b_kansli"]) {
        r = await c[who].get(`/api/v1/courses/${ids.course}`);
        assert.equal(r.status, 200, `${who}: ${r.text}`);
        r = await c[who].get("/api/v1/courses?q=grund");
        assert.equal(r.status, 200);
        assert.equal(r.body.total, 1);
        assert.equal(r.body.items[0].id, ids.course);
    }
    for (const who of ["tina", "cw", "reader", "ec"]) {
        assertProblem(await c[who].post("/api/v1/courses", { name: "Y", intervention_id: ids.structural }), 403, "forbidden");
        assertProblem(await c[who].patch(`/api/v1/courses/${ids.course}`, { name: "Y" }), 403, "forbidden");
    }
    assertProblem(await admin.get("/api/v1/courses/999999"), 404);
    assert.equal(audits("course"), 2);
});

const round = (extra = {}) => ({
    format: "in_person", starts_at: "2027-03-05T08:00:00Z", ends_at: "2027-03-05T15:00:00Z", place: "Folkets hus, Trollhättan",
    capacity: 30, registration_deadline: "2027-03-01T23:00:00Z", ...extra,
});

test("a session: create (also in the past), read, change; validation names the field in Swedish", async () => {
    let r = await c.kansli.post(`/api/v1/courses/${ids.course}/sessions`, round({ trainer_user_id: ids.tina }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status, "open");
    assert.equal(r.body.course_id, ids.course);
    assert.equal(r.body.employer_id, null);
    assert.match(r.body.public_token, /^[A-Za-z0-9_-]{22,}$/);
    ids.session = r.body.id;
    const token = r.body.public_token;

    // History: a session long past is registered as well.
    r = await admin.post(`/api/v1/courses/${ids.course}/sessions`, round({ starts_at: "2020-02-03T08:00:00Z", ends_at: "2020-02-03T12:00:00Z", registration_deadline: null, format: "webinar" }));
    assert.equal(r.status, 201, r.text);
    assert.notEqual(r.body.public_token, token);
    ids.past = r.body.id;

    r = await c.kansli.post(`/api/v1/courses/${ids.course}/sessions`, {
        format: "outdoor", starts_at: "2027-03-05 08:00", ends_at: "2027-03-05T08:00:00Z", capacity: 0, trainer_user_id: ids.cw, status: "maybe",
    });
    const names = invalidNames(r);
    for (const f of ["format", "starts_at", "capacity", "trainer_user_id", "status"]) assert.ok(names.includes(f), `${f} in ${names}`);
    assert.match(r.body.invalid_parameters.find((p) => p.name === "trainer_user_id").reason, /utbildare/);
    assert.deepEqual(invalidNames(await c.kansli.post(`/api/v1/courses/${ids.course}/sessions`, round({ ends_at: "2027-03-04T08:00:00Z" }))), ["ends_at"]);
    assert.deepEqual(invalidNames(await c.kansli.post(`/api/v1/courses/${ids.course}/sessions`, round({ registration_deadline: "2027-03-06T08:00:00Z" }))), ["registration_deadline"]);
    // A commissioned training names the employer that ordered it; others do not.
    assert.deepEqual(invalidNames(await c.kansli.post(`/api/v1/courses/${ids.course}/sessions`, round({ format: "commissioned" }))), ["employer_id"]);
    assert.deepEqual(invalidNames(await c.kansli.post(`/api/v1/courses/${ids.course}/sessions`, round({ employer_id: ids.employer }))), ["employer_id"]);
    r = await c.kansli.post(`/api/v1/courses/${ids.course}/sessions`, round({ format: "commissioned", employer_id: ids.employer }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.employer_id, ids.employer);
    assertProblem(await c.kansli.post("/api/v1/courses/999999/sessions", round()), 404);

    r = await c.kansli.patch(`/api/v1/sessions/${ids.session}`, {
        starts_at: "2027-03-06T08:00:00Z", ends_at: "2027-03-06T15:00:00Z", registration_deadline: "2027-03-02T23:00:00Z", status: "closed",
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.starts_at, "2027-03-06T08:00:00Z");
    assert.equal(r.body.status, "closed");
    assert.equal(r.body.public_token, token, "the token never changes");
    assert.equal(r.body.place, "Folkets hus, Trollhättan");
    assert.deepEqual(invalidNames(await c.kansli.patch(`/api/v1/sessions/${ids.session}`, { status: "over" })), ["status"]);

    r = await c.reader.get(`/api/v1/courses/${ids.course}/sessions?limit=2`);
    assert.equal(r.status, 200);
    assert.equal(r.body.total, 3);
    assert.equal(r.body.limit, 2);
    assert.equal(r.body.items.length, 2);
    assert.equal(r.body.items[0].id, ids.past, "by starts_at");
    assert.equal(audits("training_session"), 4);
});

test("copy: next term's round, open, with a new token", async () => {
    const before = audits("training_session");
    let r = await c.kansli.post(`/api/v1/sessions/${ids.session}/copy`, { starts_at: "2027-09-10T08:00:00Z", ends_at: "2027-09-10T15:00:00Z" });
    assert.equal(r.status, 201, r.text);
    const orig = (await admin.get(`/api/v1/sessions/${ids.session}`)).body;
    assert.notEqual(r.body.id, orig.id);
    assert.notEqual(r.body.public_token, orig.public_token);
    assert.equal(r.body.status, "open");
    assert.equal(r.body.registration_deadline, null);
    for (const k of ["course_id", "format", "place", "capacity", "trainer_user_id", "employer_id"]) assert.equal(r.body[k], orig[k], k);
    assert.equal(audits("training_session"), before + 1);
    assert.deepEqual(invalidNames(await c.kansli.post(`/api/v1/sessions/${ids.session}/copy`, {})).sort(), ["ends_at", "starts_at"]);
    for (const who of ["tina", "cw", "reader", "ec"])
        assert.ok([403, 404].includes((await c[who].post(`/api/v1/sessions/${ids.session}/copy`, { starts_at: "2027-09-10T08:00:00Z", ends_at: "2027-09-10T15:00:00Z" })).status), who);
    assertProblem(await admin.post("/api/v1/sessions/999999/copy", { starts_at: "2027-09-10T08:00:00Z", ends_at: "2027-09-10T15:00:00Z" }), 404);
    assert.equal(audits("training_session"), before + 1);
});

test("who may: a trainer sees her own sessions and changes their status only; others read", async () => {
    // Tina (organisation A) trains ids.session and its copy; Tom (organisation B) none.
    let r = await c.tina.get(`/api/v1/courses/${ids.course}/sessions`);
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length >= 1);
    assert.ok(r.body.items.every((x) => x.trainer_user_id === ids.tina));
    assertProblem(await c.tina.get(`/api/v1/sessions/${ids.past}`), 404);
    r = await c.tom.get(`/api/v1/courses/${ids.course}/sessions`);
    assert.equal(r.body.total, 0);
    assertProblem(await c.tom.get(`/api/v1/sessions/${ids.session}`), 404);
    assertProblem(await c.tom.patch(`/api/v1/sessions/${ids.session}`, { status: "cancelled" }), 404);

    r = await c.tina.patch(`/api/v1/sessions/${ids.session}`, { status: "open" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, "open");
    assertProblem(await c.tina.patch(`/api/v1/sessions/${ids.session}`, { capacity: 300 }), 403, "forbidden");
    assertProblem(await c.tina.post(`/api/v1/courses/${ids.course}/sessions`, round()), 403, "forbidden");

    // Another organisation's case worker, reader and employer contact read
    // the sessions (no personal data) but change nothing; another
    // organisation's kansli manages them as the förbund's office does.
    for (const who of ["cw", "reader", "ec"]) {
        r = await c[who].get(`/api/v1/sessions/${ids.session}`);
        assert.equal(r.status, 200, `${who}: ${r.text}`);
        assertProblem(await c[who].patch(`/api/v1/sessions/${ids.session}`, { status: "cancelled" }), 403, "forbidden");
        assertProblem(await c[who].post(`/api/v1/courses/${ids.course}/sessions`, round()), 403, "forbidden");
    }
    r = await c.b_kansli.patch(`/api/v1/sessions/${ids.session}`, { capacity: 25, trainer_user_id: ids.tom });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.trainer_user_id, ids.tom);
    assert.equal((await c.tom.get(`/api/v1/sessions/${ids.session}`)).status, 200, "now hers");
    assertProblem(await c.tina.get(`/api/v1/sessions/${ids.session}`), 404);
    assert.equal((await admin.patch(`/api/v1/sessions/${ids.session}`, { trainer_user_id: null })).body.trainer_user_id, null);
    assertProblem(await s.client().get(`/api/v1/courses/${ids.course}`), 401);
});

test("attendees of an intervention with courses: a trainer reads them only when she trains one of its sessions", async () => {
    // A structural intervention without a course: trainers record its
    // attendees by hand, as before the trainings.
    let r = await admin.post("/api/v1/interventions", {
        name: "Nätverksträffar", kind: "structural", owner_org_id: 2, start_date: "2026-01-01", measurement: "volume",
    });
    assert.equal(r.status, 201, r.text);
    const plain = r.body.id;
    r = await c.tom.post(`/api/v1/interventions/${plain}/attendees`, {
        first_name: "Nora", last_name: "Nätverk", sex: "female", format: "network", date: "2026-02-02",
    });
    assert.equal(r.status, 201, r.text);
    assert.equal((await c.tina.get(`/api/v1/interventions/${plain}/attendees`)).status, 200);

    // ids.structural has a course; tina trains none of its sessions now.
    const rounds = (await admin.get(`/api/v1/courses/${ids.course}/sessions?limit=500`)).body.items;
    for (const round of rounds.filter((x) => x.trainer_user_id === ids.tina))
        assert.equal((await admin.patch(`/api/v1/sessions/${round.id}`, { trainer_user_id: ids.tom })).status, 200);
    r = await admin.post(`/api/v1/interventions/${ids.structural}/attendees`, {
        first_name: "Mona", last_name: "Mentor", sex: "female", email: "mona@example.se", format: "in_person", date: "2026-03-05",
    });
    assert.equal(r.status, 201, r.text);
    const attendee = r.body.id;
    const paths = [`/api/v1/interventions/${ids.structural}/attendees`, `/api/v1/interventions/${ids.structural}/attendees/${attendee}`];
    for (const p of paths) {
        assertProblem(await c.tina.get(p), 403, "forbidden");
        assertProblem(await c.tina.get(`${p}?format=csv`), 403, "forbidden");
    }
    assertProblem(await c.tina.post(paths[0], { first_name: "X", last_name: "Y", sex: "male", format: "webinar", date: "2026-03-05" }), 403);
    // Made the trainer of one of its sessions, she reads them.
    r = await admin.patch(`/api/v1/sessions/${ids.session}`, { trainer_user_id: ids.tina });
    assert.equal(r.status, 200, r.text);
    r = await c.tina.get(paths[0]);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.items.some((a) => a.last_name === "Mentor"));
    // The owner's case worker and the förbund's office read them as before.
    assert.equal((await c.cw.get(paths[1])).status, 200);
    assert.equal((await c.kansli.get(paths[1])).status, 200);
    assertProblem(await c.reader.get(paths[0]), 403);
});

test("the trainers to choose for a session: admin and kansli list the active users with the role trainer", async () => {
    const names = (r) => r.body.items.map((t) => t.username).sort();
    for (const who of [admin, c.kansli, c.b_kansli]) {
        const r = await who.get("/api/v1/trainers");
        assert.equal(r.status, 200, r.text);
        assert.deepEqual(names(r), ["tina", "tom"]);
        assert.deepEqual(Object.keys(r.body.items[0]).sort(), ["id", "name", "username"]);
    }
    assert.equal((await admin.patch(`/api/v1/users/${ids.tom}`, { active: false })).status, 200);
    assert.deepEqual(names(await c.kansli.get("/api/v1/trainers")), ["tina"]);
    assert.equal((await admin.patch(`/api/v1/users/${ids.tom}`, { active: true })).status, 200);
    for (const who of ["tina", "cw", "reader", "ec"]) assertProblem(await c[who].get("/api/v1/trainers"), 403, "forbidden");
    assertProblem(await s.client().get("/api/v1/trainers"), 401);
});
