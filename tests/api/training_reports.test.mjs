// training_reports.test.mjs — the reports of the employer trainings
// (docs/trainings.md, "Reports"): seed 001's 2020 table of mentors trained
// per format, rebuilt through the API (unique counting: a person in two
// formats counts in each row, once in the total); attendees of unspecified
// sex in the total only; and GET /reports/trainings — registrations, the
// waiting list, cancellations, attendance and no-shows per session, unique
// attendees and employers across sessions and formats, goal progress,
// suppression, CSV and XLSX read back.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, assertProblem, invalidNames, signUp, startSamsyn } from "./lib.mjs";
import { readSheet, rowValues, sheetNames } from "./xlsx.mjs";

let s, admin;
const c = {};
const ids = {};

// A registration of a session in a status, attended or not, made through the
// API (lib.mjs signUp: the public sign-up, then attendance or a cancel by
// admin; attendance makes the attendee of the course's intervention with the
// session's format and day). Waitlisted follows the session's capacity: the
// registrations come in the order of sign-up. The employer by orgnr (looked
// up in the register) or by name as typed.
async function registration(sessionId, { first, last, email, sex = "female", status = "registered", attended = false, employerOrgnr, employerName }) {
    const r = await signUp(admin, sessionId, { first, last, email, sex, employerOrgnr, employerName },
        { attended, cancelled: status === "cancelled" });
    if (status !== "cancelled") assert.equal(r.status, status, `${email}: ${JSON.stringify(r)}`);
    return r.id;
}

before(async () => {
    s = await startSamsyn({
        serveArgs: ["--public-rate-limit", "100000"],
        sql: "INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES (2, 'Kommunen A', 'kommun', 'x', 'x');",
        employers: "orgnr,name,sni_code,size_class,municipality_code\n5560000001,Verkstaden AB,25620,5-9,1488\n",
    });
    admin = await s.login("admin", GOOD_PASSWORD);
    for (const [u, role] of [["kansli", "kansli"], ["reader", "reader"], ["tina", "trainer"]]) {
        ids[u] = s.addUser({ username: u, orgId: 2, roles: [role] }).id;
        c[u] = await s.login(u, GOOD_PASSWORD);
    }
});

after(() => s?.close());

test("seed 001's 2020 table comes out of the attendees report, unique counting included", async () => {
    let r = await admin.post("/api/v1/interventions", {
        name: "Mentorskap 2020", kind: "structural", owner_org_id: 2, start_date: "2020-01-01", measurement: "volume",
    });
    assert.equal(r.status, 201, r.text);
    const iv = r.body.id;
    const add = async (format, date, women, men, who = "") => {
        for (let i = 0; i < women + men; i++) {
            const x = await admin.post(`/api/v1/interventions/${iv}/attendees`, {
                first_name: `${format}${who}${i}`, last_name: "Mentor", sex: i < women ? "female" : "male",
                email: `${format}${who}${i}@example.se`, format, date,
            });
            assert.equal(x.status, 201, x.text);
        }
    };
    // "Utbildade Mentorere": physical 7 (4, 3), webinar 15 (13, 2), commissioned 45 (29, 16).
    await add("in_person", "2020-03-10", 4, 3);
    await add("webinar", "2020-05-12", 13, 2);
    await add("commissioned", "2020-09-15", 29, 16);
    // "Medverkande AG i digitalt arbetsgivarnätverk" 6 (5, 1): mentors of the
    // webinar who also came to the network — counted in both rows, once in all.
    for (const [i, sex] of [[0, "female"], [1, "female"], [2, "female"], [3, "female"], [4, "female"], [13, "male"]]) {
        const x = await admin.post(`/api/v1/interventions/${iv}/attendees`, {
            first_name: `webinar${i}`, last_name: "Mentor", sex, email: `webinar${i}@example.se`, format: "network", date: "2020-11-10",
        });
        assert.equal(x.status, 201, x.text);
    }
    r = await admin.get(`/api/v1/reports/attendees?by=format&from=2020-01-01&to=2020-12-31&intervention_id=${iv}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.rows.map((x) => [x.key.format, x.total, x.women, x.men]), [
        ["in_person", 7, 4, 3], ["webinar", 15, 13, 2], ["commissioned", 45, 29, 16], ["network", 6, 5, 1],
    ]);
    assert.deepEqual([r.body.total.total, r.body.total.women, r.body.total.men], [67, 46, 21], "Samtliga Mentorere");
    ids.seedIntervention = iv;
});

test("an attendee of unspecified sex counts in the total only", async () => {
    let r = await admin.post("/api/v1/interventions", {
        name: "Mentorskap 2021", kind: "structural", owner_org_id: 2, start_date: "2021-01-01", measurement: "volume",
    });
    const iv = r.body.id;
    for (const [n, sex] of [["Kim", "female"], ["Lo", "male"]]) {
        r = await admin.post(`/api/v1/interventions/${iv}/attendees`, { first_name: n, last_name: "X", sex, email: `${n}@example.se`, format: "webinar", date: "2021-02-02" });
        assert.equal(r.status, 201, r.text);
    }
    // The public form asks "vill inte uppge": such an attendee comes from
    // attendance; typed in by hand the API takes it too.
    r = await admin.post(`/api/v1/interventions/${iv}/attendees`, { first_name: "Ni", last_name: "X", sex: "unspecified", email: "ni@example.se", format: "webinar", date: "2021-02-02" });
    assert.equal(r.status, 201, r.text);
    r = await admin.get(`/api/v1/reports/attendees?by=format&from=2021-01-01&to=2021-12-31&intervention_id=${iv}`);
    const web = r.body.rows.find((x) => x.key.format === "webinar");
    assert.deepEqual([web.total, web.women, web.men], [3, 1, 1]);
    assert.deepEqual([r.body.total.total, r.body.total.women, r.body.total.men], [3, 1, 1]);
    // With a threshold of 2 the one unspecified person would be worked out
    // (3 − 1 − 1): the totals are hidden.
    r = await admin.get(`/api/v1/reports/attendees?by=format&from=2021-01-01&to=2021-12-31&intervention_id=${iv}&suppress=2`);
    assert.equal(r.body.rows.find((x) => x.key.format === "webinar").total, null);
    assert.equal(r.body.total.total, null);
});

test("the trainings' report: per session, unique attendees and employers, goals", async () => {
    let r = await admin.post("/api/v1/interventions", {
        name: "Mentorskap", kind: "structural", owner_org_id: 2, start_date: "2026-01-01", measurement: "volume",
        goals: [{ year: 2026, indicator: "mentors_trained", target: 65 }, { year: 2026, indicator: "volume", target: 10 }],
    });
    assert.equal(r.status, 201, r.text);
    ids.iv = r.body.id;
    r = await admin.post("/api/v1/courses", { name: "Mentorskap grundutbildning", intervention_id: ids.iv, diploma_title: "Diplomerad mentor" });
    ids.course = r.body.id;
    r = await admin.post("/api/v1/courses", { name: "Mentorskap webbinarium", intervention_id: ids.iv });
    ids.webCourse = r.body.id;
    const session = async (course, format, day, capacity, status) => {
        const x = await admin.post(`/api/v1/courses/${course}/sessions`, {
            format, starts_at: `${day}T08:00:00Z`, ends_at: `${day}T12:00:00Z`, capacity, status,
        });
        assert.equal(x.status, 201, x.text);
        return x.body.id;
    };
    ids.s1 = await session(ids.course, "in_person", "2026-03-05", 3);
    ids.s2 = await session(ids.webCourse, "webinar", "2026-04-09", 50);
    ids.s3 = await session(ids.course, "in_person", "2026-12-28", 20); // after today: no no-shows yet
    await session(ids.course, "in_person", "2025-11-20", 20); // outside the period
    // Session 1: 3 seats; Åsa and Bo came, Cia did not; two wait; one cancelled.
    await registration(ids.s1, { first: "Åsa", last: "Öberg", email: "asa@example.se", attended: true, employerOrgnr: "5560000001" });
    await registration(ids.s1, { first: "Bo", last: "Ek", email: "bo@example.se", sex: "male", attended: true, employerName: " Bygg AB " });
    await registration(ids.s1, { first: "Cia", last: "Lund", email: "cia@example.se" });
    await registration(ids.s1, { first: "Dan", last: "Väntar", email: "dan@example.se", sex: "male", status: "waitlisted" });
    await registration(ids.s1, { first: "Eva", last: "Väntar", email: "eva@example.se", status: "waitlisted" });
    await registration(ids.s1, { first: "Fia", last: "Avbokad", email: "fia@example.se", status: "cancelled" });
    // Session 2 (webinar): Åsa again (one person across sessions), Gun of the
    // same employer by name in another case and spacing.
    await registration(ids.s2, { first: "Åsa", last: "Öberg", email: "asa@example.se", attended: true, employerOrgnr: "5560000001" });
    await registration(ids.s2, { first: "Gun", last: "Holm", email: "gun@example.se", attended: true, employerName: "bygg ab" });
    // Session 3, ahead: one registered.
    await registration(ids.s3, { first: "Hans", last: "Sen", email: "hans@example.se", sex: "male" });

    r = await admin.get("/api/v1/reports/trainings?from=2026-01-01&to=2026-12-31");
    assert.equal(r.status, 200, r.text);
    const b = r.body;
    assert.deepEqual(b.sessions.map((x) => [x.session_id, x.course, x.format, x.capacity, x.registered, x.waitlisted, x.cancelled, x.attended, x.no_shows]), [
        [ids.s1, "Mentorskap grundutbildning", "in_person", 3, 3, 2, 1, 2, 1],
        [ids.s2, "Mentorskap webbinarium", "webinar", 50, 2, 0, 0, 2, 0],
        [ids.s3, "Mentorskap grundutbildning", "in_person", 20, 1, 0, 0, 0, 0],
    ]);
    assert.equal(b.sessions[0].starts_at, "2026-03-05T08:00:00Z");
    assert.equal(b.sessions[0].status, "open");
    assert.deepEqual(b.total, { sessions: 3, capacity: 73, registered: 6, waitlisted: 2, cancelled: 1, attended: 4, no_shows: 1 });
    // Åsa, Bo, Gun: three people; four attendances.
    assert.deepEqual(b.attendees, { total: 3, women: 2, men: 1 });
    // The register's employer and "Bygg AB" (by name): two; in person both, by webinar both.
    assert.deepEqual(b.unique_employers, { total: 2, by_format: { in_person: 2, webinar: 2, commissioned: 0, network: 0 } });
    assert.deepEqual(b.goals, [{
        intervention_id: ids.iv, intervention: "Mentorskap", year: 2026, indicator: "mentors_trained", goal: 65, reached: 3, progress: 4.6,
    }]);
    assert.equal(b.suppression, undefined);

    // One course.
    r = await admin.get(`/api/v1/reports/trainings?from=2026-01-01&to=2026-12-31&course_id=${ids.webCourse}`);
    assert.deepEqual(r.body.sessions.map((x) => x.session_id), [ids.s2]);
    assert.equal(r.body.course_id, ids.webCourse);
    assert.equal(r.body.total.registered, 2);
    // The same intervention's attendees: the employers are the intervention's.
    assert.equal(r.body.unique_employers.total, 2);
    assert.deepEqual(invalidNames(await c.kansli.get("/api/v1/reports/trainings?course_id=999999")), ["course_id"]);
    assert.deepEqual(invalidNames(await c.kansli.get("/api/v1/reports/trainings?course_id=x")), ["course_id"]);
    assert.deepEqual(invalidNames(await c.kansli.get("/api/v1/reports/trainings?from=2026-13-01")), ["from"]);
    assertProblem(await s.client().get("/api/v1/reports/trainings"), 401);
});

test("suppression: asked for, and always for roles that may not see the people behind the counts (as every report)", async () => {
    let r = await admin.get("/api/v1/reports/trainings?from=2026-01-01&to=2026-12-31&suppress=3");
    assert.equal(r.status, 200, r.text);
    const b = r.body;
    assert.equal(b.suppression.threshold, 3);
    // 1 cancelled, 1 no-show in session 1: hidden, and what would give them back.
    assert.equal(b.sessions[0].cancelled, null);
    assert.equal(b.sessions[0].no_shows, null);
    assert.equal(b.sessions[0].suppressed, true);
    assert.equal(b.sessions[1].registered, null, "2 registered");
    assert.equal(b.sessions[0].registered, 3);
    assert.ok(b.suppression.cells.includes("/sessions/0/cancelled"));
    assert.ok(b.suppression.cells.includes("/sessions/0/no_shows"));
    // A column with one hidden cell and a shown total would give it back.
    for (const g of ["registered", "waitlisted", "cancelled", "attended", "no_shows"]) {
        const hidden = b.sessions.filter((x) => x[g] === null).length + (b.total[g] === null ? 1 : 0);
        assert.notEqual(hidden, 1, `${g}: one hidden cell alone`);
    }
    assert.deepEqual(b.attendees, { total: 3, women: null, men: null }, "1 man: hidden, and the women beside him");
    for (const who of ["reader", "tina"]) {
        r = await c[who].get("/api/v1/reports/trainings?from=2026-01-01&to=2026-12-31");
        assert.equal(r.status, 200, `${who}: ${r.text}`);
        assert.equal(r.body.suppression.threshold, 5, who);
        assert.equal(r.body.suppression.sessions_threshold, undefined, who);
        assert.equal(r.body.sessions[0].no_shows, null, who);
        assert.deepEqual(r.body.attendees, { total: null, women: null, men: null }, who);
        assert.equal(r.body.goals[0].reached, null, who);
    }
    // Kansli reads every registration by name: the session table as it is
    // (unless she asks); the attendees and the goals as in every report.
    r = await c.kansli.get("/api/v1/reports/trainings?from=2026-01-01&to=2026-12-31");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.suppression, { threshold: 5, sessions_threshold: 0, cells: ["/attendees/total", "/attendees/women", "/attendees/men", "/goals/0/reached"] });
    assert.deepEqual(r.body.sessions.map((x) => x.no_shows), [1, 0, 0]);
    assert.deepEqual(r.body.total.cancelled, 1);
    r = await c.kansli.get("/api/v1/reports/trainings?from=2026-01-01&to=2026-12-31&suppress=3");
    assert.equal(r.body.sessions[0].no_shows, null);
    r = await c.kansli.get("/api/v1/reports/trainings?from=2026-01-01&to=2026-12-31&format=csv");
    assert.ok(r.text.includes(`${ids.s1};Mentorskap grundutbildning;in_person;Fysisk träff;2026-03-05T08:00:00Z;open;Öppen;3;3;2;1;2;1`), r.text);
    assert.ok(r.text.includes("..;..;..\r\n.. = färre än 5 personer"), r.text);
});

test("CSV and XLSX: the session table with its total, then employers, attendees and goals", async () => {
    let r = await admin.get("/api/v1/reports/trainings?from=2026-01-01&to=2026-12-31&format=csv");
    assert.equal(r.status, 200, r.text);
    assert.match(r.contentType, /^text\/csv/);
    assert.match(r.headers.get("content-disposition"), /samsyn-utbildningar-2026-01-01_2026-12-31\.csv/);
    const lines = r.text.replace(/^\uFEFF/, "").split("\r\n");
    assert.equal(lines[0], "Tillfälle-id;Utbildning;Form;Form, benämning;Start (UTC);Status;Status, benämning;Platser;Anmälda;Reserver;Avbokade;Närvarande;Uteblev");
    assert.equal(lines[1], `${ids.s1};Mentorskap grundutbildning;in_person;Fysisk träff;2026-03-05T08:00:00Z;open;Öppen;3;3;2;1;2;1`);
    assert.equal(lines[4], "Totalt;;;;;;;;6;2;1;4;1");
    assert.ok(lines.includes("webinar;Webbinarium;2"), r.text);
    assert.ok(lines.includes("Totalt;;2"), r.text);
    assert.ok(lines.includes(`Mentorskap;${ids.iv};2026;mentors_trained;65;3;4,6`), r.text);

    const x = await admin.getBytes("/api/v1/reports/trainings?from=2026-01-01&to=2026-12-31&format=xlsx");
    assert.equal(x.status, 200);
    assert.match(x.contentType, /spreadsheetml/);
    assert.deepEqual(sheetNames(x.bytes), ["Tabell", "Arbetsgivare", "Deltagare", "Mål"]);
    const sheet = readSheet(x.bytes, 1);
    const rows = [...sheet.rows.values()].map(rowValues);
    const total = rows.find((v) => v[0] === "Totalt");
    assert.deepEqual(total.slice(8), [6, 2, 1, 4, 1], "counts are number cells");
    const first = rows.find((v) => v[0] === ids.s1);
    assert.equal(first[1], "Mentorskap grundutbildning");
    const emp = [...readSheet(x.bytes, 2).rows.values()].map(rowValues);
    assert.deepEqual(emp.find((v) => v[0] === "Totalt").slice(2), [2]);
});
