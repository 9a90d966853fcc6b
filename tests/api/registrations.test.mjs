// registrations.test.mjs — registrations to training sessions
// (docs/trainings.md, "Registration" and "Attendance") against a real
// server and a real SMTP server (smtp-server): the public page and form,
// seats and the waiting list (also under 64 posts at once), the same e-mail
// again, the honeypot, the size limit, the rate limit, closed sessions,
// Swedish 422s; the mails (confirmation, waiting list, moved up, cancelled)
// and that their cancel link works; who may read and change registrations;
// attendance into attendees, counted once per person in the report; and the
// audit events.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, sqlDialect, assertProblem, invalidNames, startSamsyn, waitFor } from "./lib.mjs";
import { startSmtp } from "./smtp.mjs";

let s, smtp, admin, pub;
const c = {};
const ids = {};

const mailsTo = (address) => smtp.mailsTo(address);

before(async () => {
    smtp = await startSmtp();
    s = await startSamsyn({
        serveArgs: ["--smtp-url", smtp.url, "--public-rate-limit", "100000", "--public-url", "https://samsyn.example.se"],
        sql: "INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES (2, 'Kommunen A', 'kommun', 'x', 'x');" +
            "INSERT INTO settings (key, value) VALUES ('forbund_name', 'Samordningsförbundet Älvsborg');",
        employers: "orgnr,name,sni_code,size_class,municipality_code\n5560000001,Verkstaden AB,25620,5-9,1488\n",
    });
    admin = await s.login("admin", GOOD_PASSWORD);
    for (const [u, role] of [["kansli", "kansli"], ["tina", "trainer"], ["tom", "trainer"], ["cw", "case_worker"], ["reader", "reader"], ["ec", "employer_contact"]]) {
        ids[u] = s.addUser({ username: u, orgId: 2, roles: [role] }).id;
        c[u] = await s.login(u, GOOD_PASSWORD);
    }
    pub = s.client();
    let r = await admin.post("/api/v1/interventions", { name: "Mentorskap", kind: "structural", owner_org_id: 2, start_date: "2020-01-01", measurement: "volume" });
    assert.equal(r.status, 201, r.text);
    ids.iv = r.body.id;
    r = await admin.post("/api/v1/courses", { name: "Mentorskap grundutbildning", intervention_id: ids.iv, diploma_title: "Diplomerad mentor" });
    assert.equal(r.status, 201, r.text);
    ids.course = r.body.id;
    ids.employer = Number(s.sql("SELECT id FROM employers WHERE orgnr = '5560000001';"));
});

after(async () => {
    await s?.close();
    await smtp?.close();
});

async function newSession(extra = {}) {
    const r = await c.kansli.post(`/api/v1/courses/${extra.course ?? ids.course}/sessions`, {
        format: "in_person", starts_at: "2027-03-05T08:00:00Z", ends_at: "2027-03-05T15:00:00Z", place: "Folkets hus, Trollhättan",
        capacity: 2, registration_deadline: "2027-03-01T23:00:00Z", trainer_user_id: ids.tina, ...extra, course: undefined,
    });
    assert.equal(r.status, 201, r.text);
    return r.body;
}

const person = (n, extra = {}) => ({
    first_name: `Åsa${n}`, last_name: "Öberg", email: `asa${n}@example.se`, phone: "070-123 45 67", employer_orgnr: "556000-0001",
    employer_name: null, role_at_work: "Handledare", sex: "female", dietary_needs: "Vegetarisk", consent: true, website: "", ...extra,
});
const register = (token, body) => pub.post(`/api/v1/public/sessions/${token}/registrations`, body);
const sql = (q) => s.sql(q).trim();
const rows = (session) => Number(s.sql(`SELECT COUNT(*) FROM training_registrations WHERE session_id = ${session};`));
const audits = (action) => Number(s.sql(`SELECT COUNT(*) FROM audit_events WHERE entity = 'training_registration' AND action = '${action}';`));

test("the public page: the session and nothing about anyone; unknown token 404", async () => {
    const sess = await newSession();
    const r = await pub.get(`/api/v1/public/sessions/${sess.public_token}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, {
        course: "Mentorskap grundutbildning", title: "Mentorskap grundutbildning", description: null, format: "in_person", starts_at: "2027-03-05T08:00:00Z",
        ends_at: "2027-03-05T15:00:00Z", place: "Folkets hus, Trollhättan", registration_deadline: "2027-03-01T23:00:00Z",
        status: "open", seats_left: 2, waitlist_open: true, open: true,
    });
    assertProblem(await pub.get("/api/v1/public/sessions/no-such-token"), 404);
    assertProblem(await register("no-such-token", person(0)), 404);
});

test("seats, then the waiting list in order; the same e-mail again updates (200, no second row); mails with a working cancel link", async () => {
    const sess = await newSession();
    ids.session = sess.id;
    ids.token = sess.public_token;
    const statuses = [];
    for (let n = 1; n <= 4; n++) {
        const r = await register(sess.public_token, person(n));
        assert.equal(r.status, 201, r.text);
        assert.deepEqual(Object.keys(r.body), ["status"]);
        statuses.push(r.body.status);
    }
    assert.deepEqual(statuses, ["registered", "registered", "waitlisted", "waitlisted"]);
    assert.equal(audits("create"), 4);

    // The same address, other case and spaces: the first registration changed.
    let r = await register(sess.public_token, person(3, { email: "  ASA3@Example.se ", dietary_needs: "Glutenfri" }));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { status: "waitlisted" });
    assert.equal(rows(sess.id), 4);

    r = await pub.get(`/api/v1/public/sessions/${sess.public_token}`);
    assert.equal(r.body.seats_left, 0);
    assert.equal(r.body.open, true);

    r = await c.tina.get(`/api/v1/sessions/${sess.id}/registrations`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 4);
    assert.deepEqual(r.body.items.map((x) => [x.first_name, x.status, x.waitlist_position]), [
        ["Åsa1", "registered", null], ["Åsa2", "registered", null], ["Åsa3", "waitlisted", 1], ["Åsa4", "waitlisted", 2],
    ]);
    const three = r.body.items[2];
    assert.equal(three.email, "ASA3@Example.se");
    assert.equal(three.dietary_needs, "Glutenfri");
    assert.equal(three.employer_orgnr, "5560000001");
    assert.equal(three.employer_id, ids.employer);
    assert.equal(three.employer_name, "Verkstaden AB");
    assert.equal(three.attended, false);
    assert.equal(three.attendee_id, null);
    assert.equal(three.diploma_code, null);
    ids.first = r.body.items[0].id;
    ids.waitlisted = three.id;

    // The mails: a confirmation with the cancel link, the waiting list with the place.
    await waitFor(() => mailsTo("asa1@example.se").length === 1 && mailsTo("asa4@example.se").length === 1, "the mails at the SMTP server");
    const [confirm] = mailsTo("asa1@example.se");
    assert.equal(confirm.subject, "Bekräftelse: du är anmäld till Mentorskap grundutbildning");
    assert.match(confirm.text, /Hej Åsa1!/);
    assert.match(confirm.text, /5 mars 2027 kl\. 09:00/);
    assert.match(confirm.text, /Folkets hus, Trollhättan/);
    assert.match(confirm.text, /Samordningsförbundet Älvsborg/);
    const link = /https:\/\/samsyn\.example\.se\/utbildning\/avboka\/([A-Za-z0-9_-]{32})/.exec(confirm.text);
    assert.ok(link, confirm.text);
    const [wait] = mailsTo("asa4@example.se");
    assert.equal(wait.subject, "Väntelista: Mentorskap grundutbildning");
    assert.match(wait.text, /som nummer 2\./);
    assert.match(wait.text, /\/utbildning\/avboka\/[A-Za-z0-9_-]{32}/);
    // An update sends nothing new.
    assert.equal(mailsTo("asa3@example.se").length, 1);

    // The cancel link: what the page shows, then cancel; the first on the list moves up and is told.
    r = await pub.get(`/api/v1/public/registrations/${link[1]}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { first_name: "Åsa1", course: "Mentorskap grundutbildning", starts_at: "2027-03-05T08:00:00Z", status: "registered" });
    r = await pub.del(`/api/v1/public/registrations/${link[1]}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { status: "cancelled" });
    r = await pub.del(`/api/v1/public/registrations/${link[1]}`);
    assert.deepEqual([r.status, r.body], [200, { status: "cancelled" }]);
    assertProblem(await pub.get("/api/v1/public/registrations/no-such-token"), 404);
    assertProblem(await pub.del("/api/v1/public/registrations/no-such-token"), 404);

    r = await admin.get(`/api/v1/sessions/${sess.id}/registrations`);
    assert.deepEqual(r.body.items.map((x) => [x.first_name, x.status, x.waitlist_position]), [
        ["Åsa2", "registered", null], ["Åsa3", "registered", null], ["Åsa4", "waitlisted", 1], ["Åsa1", "cancelled", null],
    ]);
    await waitFor(() => mailsTo("asa3@example.se").length === 2 && mailsTo("asa1@example.se").length === 2, "moved-up and cancel mails");
    const moved = mailsTo("asa3@example.se")[1];
    assert.equal(moved.subject, "Du har fått en plats: Mentorskap grundutbildning");
    const movedLink = /\/utbildning\/avboka\/([A-Za-z0-9_-]{32})/.exec(moved.text);
    r = await pub.get(`/api/v1/public/registrations/${movedLink[1]}`);
    assert.equal(r.body.status, "registered");
    assert.equal(mailsTo("asa1@example.se")[1].subject, "Avbokad: Mentorskap grundutbildning");

    // A cancelled person registering again is queued anew, last.
    r = await register(sess.public_token, person(1));
    assert.deepEqual([r.status, r.body], [200, { status: "waitlisted" }]);
    assert.equal(rows(sess.id), 4);
    r = await admin.get(`/api/v1/sessions/${sess.id}/registrations`);
    assert.deepEqual(r.body.items.map((x) => [x.first_name, x.waitlist_position]).slice(2), [["Åsa4", 1], ["Åsa1", 2]]);

    // Staff cancel moves up too.
    r = await c.kansli.patch(`/api/v1/registrations/${ids.waitlisted}`, { status: "cancelled" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, "cancelled");
    r = await admin.get(`/api/v1/sessions/${sess.id}/registrations`);
    assert.deepEqual(r.body.items.map((x) => [x.first_name, x.status]), [
        ["Åsa2", "registered"], ["Åsa4", "registered"], ["Åsa1", "waitlisted"], ["Åsa3", "cancelled"],
    ]);
    assert.deepEqual(invalidNames(await c.kansli.patch(`/api/v1/registrations/${ids.waitlisted}`, { status: "registered" })), ["status"]);

    // More seats: the waiting list moves up, and is told.
    r = await c.kansli.patch(`/api/v1/sessions/${sess.id}`, { capacity: 3 });
    assert.equal(r.status, 200, r.text);
    r = await admin.get(`/api/v1/sessions/${sess.id}/registrations`);
    assert.deepEqual(r.body.items.map((x) => [x.first_name, x.status]).slice(0, 3), [["Åsa2", "registered"], ["Åsa4", "registered"], ["Åsa1", "registered"]]);
    assert.equal(sql("SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'asa1@example.se' AND subject LIKE 'Du har fått en plats%';"), "1");
});

test("Swedish 422s naming each field; the honeypot stores and sends nothing; over 8 kB is 413", async () => {
    const sess = await newSession();
    let r = await register(sess.public_token, { first_name: "", last_name: "x".repeat(101), email: "inte en adress", sex: "other", consent: false, employer_orgnr: "123" });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r).sort(), ["consent", "email", "employer_orgnr", "first_name", "last_name", "sex"]);
    const reason = (n) => r.body.invalid_parameters.find((p) => p.name === n).reason;
    assert.match(reason("consent"), /samtycka/);
    assert.match(reason("email"), /e-postadress/);
    assert.match(reason("sex"), /vill inte uppge/);
    assert.match(reason("first_name"), /förnamn/);
    assert.match(reason("employer_orgnr"), /organisationsnummer/);
    assert.deepEqual(invalidNames(await register(sess.public_token, person(5, { consent: undefined }))), ["consent"]);
    r = await register(sess.public_token, person(6, { employer_orgnr: null, employer_name: "Eget AB", sex: "unspecified" }));
    assert.equal(r.status, 201, r.text);

    const mailsBefore = Number(s.sql("SELECT COUNT(*) FROM mail_outbox;"));
    r = await register(sess.public_token, person(7, { website: "http://spam.example" }));
    assert.deepEqual([r.status, r.body], [201, { status: "registered" }]);
    assert.equal(rows(sess.id), 1);
    assert.equal(Number(s.sql("SELECT COUNT(*) FROM mail_outbox;")), mailsBefore);

    r = await register(sess.public_token, person(8, { dietary_needs: "x".repeat(8200) }));
    assertProblem(r, 413, "too-large");
    assert.equal(rows(sess.id), 1);
});

test("closed, cancelled and past-deadline sessions refuse (409, Swedish)", async () => {
    const closed = await newSession({ status: "closed" });
    let r = await register(closed.public_token, person(9));
    assertProblem(r, 409, "conflict");
    assert.match(r.body.detail, /stängd/);
    r = await pub.get(`/api/v1/public/sessions/${closed.public_token}`);
    assert.equal(r.body.open, false);
    const cancelled = await newSession({ status: "cancelled" });
    assert.match((await register(cancelled.public_token, person(9))).body.detail, /inställt/);
    const late = await newSession({ starts_at: "2026-01-05T08:00:00Z", ends_at: "2026-01-05T12:00:00Z", registration_deadline: null });
    r = await register(late.public_token, person(9));
    assertProblem(r, 409, "conflict");
    assert.match(r.body.detail, /anmälningsdag/);
});

test("a session cancelled by the staff tells everyone registered or waiting, once; the cancelled are not told", async () => {
    const x = await newSession({ capacity: 1 });
    for (const n of [21, 22, 23]) assert.equal((await register(x.public_token, person(n))).status, 201);
    const r23 = sql(`SELECT cancel_token FROM training_registrations WHERE session_id = ${x.id} AND email = 'asa23@example.se';`);
    assert.equal((await pub.req("DELETE", `/api/v1/public/registrations/${r23}`)).status, 200);
    const told = () => sql(`SELECT ${sqlDialect.groupConcat("recipient", " ")} FROM (SELECT recipient FROM mail_outbox WHERE subject LIKE 'Inställt:%' ORDER BY recipient) AS r;`);
    assert.equal(told(), "");
    let r = await c.kansli.patch(`/api/v1/sessions/${x.id}`, { status: "cancelled" });
    assert.equal(r.status, 200, r.text);
    assert.equal(told(), "asa21@example.se asa22@example.se");
    const body = sql("SELECT body FROM mail_outbox WHERE subject LIKE 'Inställt:%' AND recipient = 'asa21@example.se';");
    assert.match(body, /inställt/);
    assert.match(body, /Åsa21/);
    // Saying it again (or changing something else) sends nothing more.
    r = await c.kansli.patch(`/api/v1/sessions/${x.id}`, { status: "cancelled", place: "Stadshuset" });
    assert.equal(r.status, 200, r.text);
    assert.equal(told(), "asa21@example.se asa22@example.se");
});

test("who may: admin, kansli, the session's trainer; another trainer 404; other roles 403; reads audited", async () => {
    for (const who of ["kansli", "tina"]) {
        let r = await c[who].get(`/api/v1/sessions/${ids.session}/registrations`);
        assert.equal(r.status, 200, `${who}: ${r.text}`);
        r = await c[who].get(`/api/v1/registrations/${ids.first}`);
        assert.equal(r.status, 200, `${who}: ${r.text}`);
        assert.equal(r.body.id, ids.first);
    }
    assertProblem(await c.tom.get(`/api/v1/sessions/${ids.session}/registrations`), 404);
    assertProblem(await c.tom.get(`/api/v1/registrations/${ids.first}`), 404);
    assertProblem(await c.tom.patch(`/api/v1/registrations/${ids.first}`, { attended: true }), 404);
    for (const who of ["cw", "reader", "ec"]) {
        assertProblem(await c[who].get(`/api/v1/sessions/${ids.session}/registrations`), 403, "forbidden");
        assertProblem(await c[who].get(`/api/v1/registrations/${ids.first}`), 403, "forbidden");
        assertProblem(await c[who].patch(`/api/v1/registrations/${ids.first}`, { attended: true }), 403, "forbidden");
    }
    assertProblem(await admin.get("/api/v1/registrations/999999"), 404);
    assertProblem(await pub.get(`/api/v1/sessions/${ids.session}/registrations`), 401);
    // The log: each list and each record read by the staff, and the cancel page's reads.
    const events = await admin.auditEvents("training_registration", "read");
    assert.ok(events.some((e) => e.username === "tina" && e.entity_count >= 4), JSON.stringify(events.slice(0, 3)));
    assert.ok(events.some((e) => e.username === "kansli" && e.entity_id === ids.first));
    assert.ok(events.some((e) => e.detail === "cancel link"));
});

test("attendance makes an attendee (once per person across sessions), with a diploma code; not for a waitlisted one; taken back", async () => {
    const a = await newSession({ capacity: 1 });
    let r = await register(a.public_token, person(20, { employer_orgnr: null, employer_name: "Kommunen A" }));
    assert.equal(r.body.status, "registered");
    r = await register(a.public_token, person(21));
    assert.equal(r.body.status, "waitlisted");
    r = await c.tina.get(`/api/v1/sessions/${a.id}/registrations`);
    const [reg, queued] = r.body.items;

    // Not before the session has begun.
    r = await c.tina.patch(`/api/v1/registrations/${reg.id}`, { attended: true });
    assertProblem(r, 409, "conflict");
    assert.match(r.body.detail, /i förväg/);
    // The session happened (history): the date of its start.
    r = await c.kansli.patch(`/api/v1/sessions/${a.id}`, { starts_at: "2026-11-20T08:00:00Z", ends_at: "2026-11-20T15:00:00Z", registration_deadline: null });
    assert.equal(r.status, 200, r.text);

    assertProblem(await c.tina.patch(`/api/v1/registrations/${queued.id}`, { attended: true }), 409, "conflict");
    r = await c.tina.patch(`/api/v1/registrations/${reg.id}`, { attended: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.attended, true);
    assert.ok(r.body.attendee_id > 0);
    assert.match(r.body.diploma_code, /^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    const attendee = r.body.attendee_id;
    const row = sql(`SELECT intervention_id, first_name, sex, email, organisation_name, format, date FROM attendees WHERE id = ${attendee};`);
    assert.equal(row, `${ids.iv}|Åsa20|female|asa20@example.se|Kommunen A|in_person|2026-11-20`);
    r = await admin.get(`/api/v1/interventions/${ids.iv}/attendees/${attendee}`);
    assert.equal(r.status, 200, r.text);
    // Marking again changes nothing; a cancel of an attended one is refused.
    r = await c.tina.patch(`/api/v1/registrations/${reg.id}`, { attended: true });
    assert.equal(r.body.attendee_id, attendee);
    assertProblem(await c.tina.patch(`/api/v1/registrations/${reg.id}`, { status: "cancelled" }), 409);

    const report = async () => {
        const x = await admin.get("/api/v1/reports/attendees?from=2026-01-01&to=2026-12-31&by=format");
        assert.equal(x.status, 200, x.text);
        return x.body;
    };
    let b = await report();
    assert.deepEqual(b.rows.find((x) => x.key.format === "in_person").total, 1);
    assert.deepEqual(b.total, { total: 1, women: 1, men: 0 });

    // The same person (name and e-mail) at a webinar of the course: one person in all.
    const w = await newSession({ format: "webinar", capacity: 5 });
    r = await register(w.public_token, person(20, { email: "Asa20@example.se" }));
    assert.equal(r.status, 201, r.text);
    await c.kansli.patch(`/api/v1/sessions/${w.id}`, { starts_at: "2026-11-27T08:00:00Z", ends_at: "2026-11-27T10:00:00Z", registration_deadline: null });
    const wreg = (await admin.get(`/api/v1/sessions/${w.id}/registrations`)).body.items[0];
    r = await c.kansli.patch(`/api/v1/registrations/${wreg.id}`, { attended: true });
    assert.equal(r.status, 200, r.text);
    assert.notEqual(r.body.diploma_code, null);
    b = await report();
    assert.equal(b.rows.find((x) => x.key.format === "in_person").total, 1);
    assert.equal(b.rows.find((x) => x.key.format === "webinar").total, 1);
    assert.deepEqual(b.total, { total: 1, women: 1, men: 0 });

    // Sex unspecified ("vill inte uppge"): in the total, in neither women nor men.
    const u = await newSession({ format: "network", capacity: 5 });
    r = await register(u.public_token, person(22, { sex: "unspecified" }));
    assert.equal(r.status, 201, r.text);
    await c.kansli.patch(`/api/v1/sessions/${u.id}`, { starts_at: "2026-11-28T08:00:00Z", ends_at: "2026-11-28T10:00:00Z", registration_deadline: null });
    const ureg = (await admin.get(`/api/v1/sessions/${u.id}/registrations`)).body.items[0];
    r = await c.tina.patch(`/api/v1/registrations/${ureg.id}`, { attended: true });
    assert.equal(r.status, 200, r.text);
    b = await report();
    assert.deepEqual(b.rows.find((x) => x.key.format === "network"), { key: { format: "network" }, total: 1, women: 0, men: 0, share: 50 });
    assert.deepEqual(b.total, { total: 2, women: 1, men: 0 });
    r = await admin.get("/api/v1/reports/attendees?from=2026-01-01&to=2026-12-31&by=intervention");
    assert.deepEqual(r.body.total, { total: 2, women: 1, men: 0 });
    r = await c.tina.patch(`/api/v1/registrations/${ureg.id}`, { attended: false });
    assert.equal(r.status, 200, r.text);

    // An attendee entered by hand may be of sex unspecified too.
    r = await admin.post(`/api/v1/interventions/${ids.iv}/attendees`, { first_name: "Hand", last_name: "Skriven", sex: "unspecified", format: "network", date: "2026-06-01" });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.sex, "unspecified");
    assert.deepEqual(invalidNames(await admin.post(`/api/v1/interventions/${ids.iv}/attendees`, { first_name: "X", last_name: "Y", sex: "other", format: "network", date: "2026-06-01" })), ["sex"]);
    b = await report();
    assert.deepEqual(b.total, { total: 2, women: 1, men: 0 });
    assert.equal((await admin.del(`/api/v1/interventions/${ids.iv}/attendees/${r.body.id}`)).status, 204);

    // Taken back: the attendee and the code are gone.
    r = await c.tina.patch(`/api/v1/registrations/${reg.id}`, { attended: false });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.attended, r.body.attendee_id, r.body.diploma_code], [false, null, null]);
    assert.equal(sql(`SELECT COUNT(*) FROM attendees WHERE id = ${attendee};`), "0");
    b = await report();
    assert.equal(b.rows.find((x) => x.key.format === "in_person").total, 0);
    assert.equal(Number(s.sql("SELECT COUNT(*) FROM audit_events WHERE entity = 'attendee' AND action IN ('create', 'delete');")), 7);
});

test("attendance outside the intervention's period: 422 naming attended", async () => {
    let r = await admin.post("/api/v1/interventions", { name: "Gammal", kind: "structural", owner_org_id: 2, start_date: "2020-01-01", end_date: "2021-12-31", measurement: "volume" });
    assert.equal(r.status, 201, r.text);
    r = await admin.post("/api/v1/courses", { name: "Gammal kurs", intervention_id: r.body.id });
    const sess = await newSession({ course: r.body.id });
    r = await register(sess.public_token, person(30, { sex: "unspecified" }));
    assert.equal(r.body.status, "registered");
    await c.kansli.patch(`/api/v1/sessions/${sess.id}`, { starts_at: "2026-11-20T08:00:00Z", ends_at: "2026-11-20T15:00:00Z", registration_deadline: null });
    const reg = (await admin.get(`/api/v1/sessions/${sess.id}/registrations`)).body.items[0];
    r = await admin.patch(`/api/v1/registrations/${reg.id}`, { attended: true });
    assert.deepEqual(invalidNames(r), ["attended"]);
    assert.match(r.body.invalid_parameters[0].reason, /insatsens period/);
});

test("64 posts at once to 10 seats: exactly 10 registered, the rest queued in distinct order", async () => {
    const sess = await newSession({ capacity: 10 });
    const answers = await Promise.all(
        Array.from({ length: 64 }, (_, n) => register(sess.public_token, person(100 + n))),
    );
    for (const r of answers) assert.equal(r.status, 201, r.text);
    assert.equal(answers.filter((r) => r.body.status === "registered").length, 10);
    assert.equal(sql(`SELECT COUNT(*) FROM training_registrations WHERE session_id = ${sess.id} AND status = 'registered';`), "10");
    assert.equal(sql(`SELECT COUNT(DISTINCT queue_order) || ' ' || MIN(queue_order) || ' ' || MAX(queue_order) FROM training_registrations WHERE session_id = ${sess.id};`), "64 1 64");
    assert.equal(sql(`SELECT MIN(queue_order) FROM training_registrations WHERE session_id = ${sess.id} AND status = 'waitlisted';`), "11");
});

test("the public pages are rate-limited per address: 429 with Retry-After", async () => {
    const small = await startSamsyn({ serveArgs: ["--public-rate-limit", "5"] });
    try {
        const p = small.client();
        for (let i = 0; i < 5; i++) assertProblem(await p.get("/api/v1/public/sessions/x"), 404);
        const r = await p.post("/api/v1/public/sessions/x/registrations", person(1));
        assertProblem(r, 429);
        assert.ok(Number(r.headers.get("retry-after")) >= 1, r.headers.get("retry-after"));
    } finally {
        await small.close();
    }
});
