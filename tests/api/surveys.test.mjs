// surveys.test.mjs — the surveys of docs/trainings.md ("Surveys") against a
// real server and a real SMTP server: the forms (create, read, change, the
// 422s and the 409 once answered), a course naming its surveys, the sender
// thread's scheduling of both waves and their mails with working one-time
// links, anonymity (no route and no column joins an answer to a person),
// the results split women and men with suppression and the response rate,
// the public routes' rate limit, and who may do what.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, ON_PG, assertProblem, invalidNames, signUp, startSamsyn, waitFor } from "./lib.mjs";
import { readMail, startSmtp } from "./smtp.mjs";
import { readSheet, rowValues } from "./xlsx.mjs";


let s, admin, smtp;
const c = {};
const ids = {};

before(async () => {
    smtp = await startSmtp();
    s = await startSamsyn({
        serveArgs: ["--smtp-url", smtp.url, "--public-rate-limit", "100000"],
        sql: "INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES (2, 'Kommunen A', 'kommun', 'x', 'x');" +
            "INSERT INTO settings (key, value) VALUES ('forbund_name', 'Samordningsförbundet Älvsborg');",
    });
    admin = await s.login("admin", GOOD_PASSWORD);
    for (const [u, org, role] of [["kansli", 1, "kansli"], ["tina", 2, "trainer"], ["cw", 2, "case_worker"],
        ["reader", 2, "reader"], ["ec", 2, "employer_contact"]]) {
        ids[u] = s.addUser({ username: u, orgId: org, roles: [role] }).id;
        c[u] = await s.login(u, GOOD_PASSWORD);
    }
    let r = await admin.post("/api/v1/interventions", {
        name: "Mentorskap", kind: "structural", owner_org_id: 2, start_date: "2020-01-01", measurement: "volume",
    });
    assert.equal(r.status, 201, r.text);
    r = await c.kansli.post("/api/v1/courses", { name: "Mentorskap grundutbildning", intervention_id: r.body.id });
    assert.equal(r.status, 201, r.text);
    ids.course = r.body.id;
});

after(async () => {
    await s?.close();
    await smtp?.close();
});

const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const daysFromNow = (n) => new Date(Date.now() + n * 86_400_000);

async function session(endsAt, format = "in_person") {
    const starts = new Date(endsAt.getTime() - 3 * 3_600_000);
    const r = await c.kansli.post(`/api/v1/courses/${ids.course}/sessions`, {
        format, starts_at: iso(starts), ends_at: iso(endsAt), capacity: 30,
        ...(format === "commissioned" ? {} : {}),
    });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
}

let seq = 0;
/**
 * A registration made through the API of staff's server (admin's by
 * default; lib.mjs signUp): the public sign-up, then attendance (attended 1)
 * or a cancel (status "cancelled"). Each sign-up mails its confirmation, so
 * the survey mails are picked out by their subject below. Returns its id.
 */
async function attendedRegistration(sessionId, { first = "Anna", last = "Svarsson", sex = "female", email, attended = 1, status = "registered" } = {}, staff = admin) {
    seq++;
    const r = await signUp(staff, sessionId, { first, last, sex, email: email ?? `person${seq}@example.se` },
        { attended: Boolean(attended), cancelled: status === "cancelled" });
    return r.id;
}

const QUESTIONS = [
    { text: "Hur nöjd är du med utbildningen?", kind: "scale" },
    { text: "Vilken del var mest värdefull?", kind: "choice", choices: ["Teorin", "Övningarna", "Samtalen"] },
    { text: "Något du vill tillägga?", kind: "text" },
];

async function newSurvey(name, who = c.kansli) {
    const r = await who.post("/api/v1/surveys", { name, questions: QUESTIONS });
    assert.equal(r.status, 201, r.text);
    return r.body;
}

/** Answers token's survey: scale, choice, text by position (undefined: unanswered). */
async function answer(token, values, client = s.client()) {
    const { body: sv } = await client.get(`/api/v1/public/surveys/${token}`);
    return client.post(`/api/v1/public/surveys/${token}/answers`, {
        answers: sv.questions.map((q, i) => ({ question_id: q.id, value: values[i] })).filter((a) => a.value !== undefined),
    });
}

const tokensOf = (sessionId, wave) =>
    s.sql(`SELECT i.token FROM survey_invitations i JOIN training_registrations r ON r.id = i.registration_id
           WHERE r.session_id = ${sessionId} AND i.wave = '${wave}' ORDER BY r.id;`).split("\n").filter(Boolean);

test("a survey: create, read, list, change; Swedish 422s naming the field; who may", async () => {
    let r = await c.kansli.post("/api/v1/surveys", { name: "Efter tillfället", questions: QUESTIONS });
    assert.equal(r.status, 201, r.text);
    const sv = r.body;
    assert.equal(sv.name, "Efter tillfället");
    assert.deepEqual(sv.questions.map((q) => [q.text, q.kind, q.choices]), [
        [QUESTIONS[0].text, "scale", []], [QUESTIONS[1].text, "choice", QUESTIONS[1].choices], [QUESTIONS[2].text, "text", []],
    ]);
    assert.ok(sv.questions.every((q) => Number.isInteger(q.id)));
    assert.equal(sv.has_responses, false);
    r = await c.tina.get(`/api/v1/surveys/${sv.id}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, sv);
    r = await admin.get("/api/v1/surveys?q=tillf");
    assert.equal(r.status, 200);
    assert.ok(r.body.items.some((x) => x.id === sv.id && x.questions.length === 3));

    r = await admin.patch(`/api/v1/surveys/${sv.id}`, { name: "Efter tillfället (ny)" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.name, "Efter tillfället (ny)");
    assert.deepEqual(r.body.questions, sv.questions, "a new name keeps the questions");
    r = await admin.patch(`/api/v1/surveys/${sv.id}`, { questions: [{ text: "Betyg?", kind: "scale" }] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.questions.map((q) => q.text), ["Betyg?"]);

    // 422s, each naming its field with a Swedish sentence.
    r = await c.kansli.post("/api/v1/surveys", { name: "", questions: [] });
    assert.deepEqual(invalidNames(r).sort(), ["name", "questions"]);
    r = await c.kansli.post("/api/v1/surveys", {
        name: "Fel",
        questions: [
            { text: "", kind: "scale" }, { text: "A", kind: "betyg" }, { text: "B", kind: "choice", choices: ["Ja"] },
            { text: "C", kind: "scale", choices: ["Ja", "Nej"] }, { text: "D", kind: "choice", choices: ["Ja", "Ja"] },
        ],
    });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r).sort(), [
        "questions[0].text", "questions[1].kind", "questions[2].choices", "questions[3].choices", "questions[4].choices",
    ]);
    for (const p of r.body.invalid_parameters) assert.match(p.reason, /[a-zåäö]+ .*\.$/i, p.reason);
    assert.match(r.body.invalid_parameters.find((p) => p.name === "questions[1].kind").reason, /skala|fritext/);
    assertProblem(await c.kansli.post("/api/v1/surveys", { name: "X" }), 422);
    assertProblem(await c.kansli.post("/api/v1/surveys", { name: "X", questions: "nej" }), 422);
    assertProblem(await admin.get("/api/v1/surveys/999999"), 404);
    assertProblem(await admin.patch("/api/v1/surveys/999999", { name: "X" }), 404);

    // Who may: admin and kansli change, a trainer reads, others neither.
    assertProblem(await c.tina.post("/api/v1/surveys", { name: "Y", questions: QUESTIONS }), 403, "forbidden");
    assertProblem(await c.tina.patch(`/api/v1/surveys/${sv.id}`, { name: "Y" }), 403, "forbidden");
    for (const who of ["cw", "reader", "ec"]) {
        assertProblem(await c[who].get(`/api/v1/surveys/${sv.id}`), 403, "forbidden");
        assertProblem(await c[who].get("/api/v1/surveys"), 403, "forbidden");
        assertProblem(await c[who].post("/api/v1/surveys", { name: "Y", questions: QUESTIONS }), 403, "forbidden");
    }
    assertProblem(await s.client().get(`/api/v1/surveys/${sv.id}`), 401);
    assert.equal(Number(s.sql("SELECT COUNT(*) FROM audit_events WHERE entity = 'survey' AND action <> 'read';")), 3);
});

test("a course names its surveys: an existing survey or null, else 422", async () => {
    const sv = await newSurvey("Kursens enkät");
    let r = await c.kansli.patch(`/api/v1/courses/${ids.course}`, { survey_session_id: sv.id, survey_six_months_id: sv.id });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.survey_session_id, sv.id);
    assert.equal(r.body.survey_six_months_id, sv.id);
    r = await c.reader.get(`/api/v1/courses/${ids.course}`);
    assert.equal(r.body.survey_six_months_id, sv.id);
    r = await c.kansli.patch(`/api/v1/courses/${ids.course}`, { survey_session_id: 999999, survey_six_months_id: 0 });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r).sort(), ["survey_session_id", "survey_six_months_id"]);
    assert.match(r.body.invalid_parameters[0].reason, /Enkäten finns inte/);
    r = await c.kansli.patch(`/api/v1/courses/${ids.course}`, { survey_six_months_id: null });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.survey_six_months_id, null);
    assert.equal(r.body.survey_session_id, sv.id);
    r = await c.kansli.post("/api/v1/courses", { name: "Ny kurs", intervention_id: (await admin.get(`/api/v1/courses/${ids.course}`)).body.intervention_id, survey_session_id: 424242 });
    assert.deepEqual(invalidNames(r), ["survey_session_id"]);
});

test("the sender thread invites at the session's end and six months later; both mails arrive and their links work once", async () => {
    const sv = await newSurvey("Båda omgångarna");
    let r = await c.kansli.patch(`/api/v1/courses/${ids.course}`, { survey_session_id: sv.id, survey_six_months_id: sv.id });
    assert.equal(r.status, 200, r.text);
    const old = await session(daysFromNow(-214)); // about seven months ago
    const ongoing = await session(new Date(Date.now() + 2 * 3_600_000)); // started an hour ago, not ended
    const recent = await session(daysFromNow(-2));
    const rOld = await attendedRegistration(old, { first: "Greta", last: "Gammalsdotter", email: "greta.gammal@example.se" });
    await attendedRegistration(old, { first: "Nils", last: "Frånvarosson", attended: 0, email: "nils.franvaro@example.se" });
    // Cancelled (an attended registration cannot be cancelled: 409, nor a
    // cancelled one marked, so she is cancelled without attendance).
    await attendedRegistration(old, { first: "Cissi", last: "Avbokadsdotter", attended: 0, status: "cancelled", email: "cissi.avbokad@example.se" });
    // Attended on the day (attendance is taken from the start date) of a
    // session that has not ended: no invitation yet.
    await attendedRegistration(ongoing, { first: "Fia", last: "Framtidsdotter", email: "fia.framtid@example.se" });
    const rRecent = await attendedRegistration(recent, { first: "Rut", last: "Nyligsdotter", sex: "unspecified", email: "rut.nylig@example.se" });

    const invitations = () => s.sql("SELECT registration_id || ' ' || wave || ' ' || sent || ' ' || answered FROM survey_invitations ORDER BY registration_id, wave;")
        .split("\n").filter(Boolean);
    await waitFor(() => invitations().length === 3, "three invitations", 15_000);
    assert.deepEqual(invitations(), [`${rOld} session 1 0`, `${rOld} six_months 1 0`, `${rRecent} session 1 0`]);
    // Idempotent: more rounds make nothing more.
    await new Promise((res) => setTimeout(res, 2500));
    assert.equal(invitations().length, 3);

    // The survey mails, beside the sign-ups' confirmations.
    const surveyMails = () => smtp.received.map((m) => ({ to: m.to, ...readMail(m.raw) })).filter((m) => /enkät/.test(m.subject));
    await waitFor(() => surveyMails().length >= 3, "the survey mails", 15_000);
    const greta = surveyMails().filter((m) => m.to[0] === "greta.gammal@example.se");
    assert.equal(greta.length, 2);
    assert.deepEqual(greta.map((m) => m.subject).sort(), [
        "Sex månader efter utbildningen: en kort enkät", "Vad tyckte du om utbildningen? En kort enkät",
    ]);
    for (const m of greta) {
        assert.match(m.text, /^Hej Greta!/);
        assert.match(m.text, /Mentorskap grundutbildning/);
        assert.match(m.text, /Samordningsförbundet Älvsborg\s*$/);
        assert.match(m.text, /sparas utan ditt namn/);
    }
    assert.ok(!surveyMails().some((m) => /nils|cissi|fia/.test(m.to[0])), "no survey mail to the absent, the cancelled or a session not ended");
    assert.ok(smtp.received.some((m) => m.to[0] === "fia.framtid@example.se"), "her confirmation did arrive");

    // The links: the public page by the token in each, answered once.
    const links = greta.map((m) => /(http:\/\/127\.0\.0\.1:\d+)\/utbildning\/enkat\/([A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/.exec(m.text));
    for (const l of links) assert.ok(l, "a link to the survey page");
    assert.equal(links[0][1], s.url, "the link names the address served");
    const anon = s.client();
    for (const [, , token] of links) {
        r = await anon.get(`/api/v1/public/surveys/${token}`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.survey, "Båda omgångarna");
        assert.equal(r.body.course, "Mentorskap grundutbildning");
        assert.ok(["session", "six_months"].includes(r.body.wave));
        assert.equal(r.body.answered, false);
        assert.equal(r.body.questions.length, 3);
        assert.ok(!r.text.includes("Greta") && !r.text.includes("greta"), "the page shows nothing of the person");
        r = await answer(token, [4, "Övningarna", "Mycket bra dag."], anon);
        assert.equal(r.status, 201, r.text);
        assert.deepEqual(r.body, { answered: true });
        r = await answer(token, [1, "Teorin", "Ändrat mig."], anon);
        assertProblem(r, 409);
        assert.match(r.body.detail, /Enkäten är redan besvarad/);
        assert.equal((await anon.get(`/api/v1/public/surveys/${token}`)).body.answered, true);
    }
    // The access log names the route, never the token: a line's time
    // would otherwise tie the answer to its invitation.
    await s.waitForLog(/path="\/api\/v1\/public\/surveys\/\{token\}\/answers" status=409/);
    for (const [, , token] of links) assert.ok(!s.log.includes(token), "a token in the server's log");
    assertProblem(await anon.get("/api/v1/public/surveys/finns-inte-alls"), 404);
    assertProblem(await anon.post("/api/v1/public/surveys/finns-inte-alls/answers", { answers: [] }), 404);
    assert.equal(s.sql("SELECT answered FROM survey_invitations WHERE registration_id = " + rOld + " ORDER BY wave;").trim(), "1\n1");

    // Wrong answers: 422 naming the answer; nothing stored, the link still open.
    const [token] = tokensOf(recent, "session");
    const { body: page } = await anon.get(`/api/v1/public/surveys/${token}`);
    const [scale, choice, text] = page.questions.map((q) => q.id);
    r = await anon.post(`/api/v1/public/surveys/${token}/answers`, {
        answers: [{ question_id: scale, value: 6 }, { question_id: choice, value: "Annat" }, { question_id: text, value: "x".repeat(2001) },
            { question_id: 999999, value: 1 }],
    });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r).sort(), ["answers[0].value", "answers[1].value", "answers[2].value", "answers[3].question_id"]);
    assertProblem(await anon.post(`/api/v1/public/surveys/${token}/answers`, { answers: "ja" }), 422);
    // Unanswered questions are allowed.
    r = await anon.post(`/api/v1/public/surveys/${token}/answers`, { answers: [{ question_id: scale, value: 5 }, { question_id: text, value: null }] });
    assert.equal(r.status, 201, r.text);
    // Once answered the questions are frozen: 409; the name may change.
    assertProblem(await c.kansli.patch(`/api/v1/surveys/${sv.id}`, { questions: QUESTIONS }), 409);
    assert.equal((await c.kansli.get(`/api/v1/surveys/${sv.id}`)).body.has_responses, true);
    assert.equal((await c.kansli.patch(`/api/v1/surveys/${sv.id}`, { name: "Båda omgångarna 2027" })).status, 200);
    await c.kansli.patch(`/api/v1/courses/${ids.course}`, { survey_session_id: null, survey_six_months_id: null });
});

test("anonymity: no column joins a response to a person, and no route's answer names one", async () => {
    // The catalogue differs: SQLite's pragmas, PostgreSQL's information_schema.
    const columns = (table) =>
        s.sql(ON_PG
            ? `SELECT column_name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position;`
            : `SELECT name FROM pragma_table_info('${table}');`).split("\n").filter(Boolean);
    assert.deepEqual(columns("survey_responses"), ["id", "survey_id", "course_id", "session_id", "format", "sex", "wave", "answered_on"]);
    assert.deepEqual(columns("survey_answers"), ["response_id", "question_id", "scale", "choice", "text"]);
    for (const t of ["survey_responses", "survey_answers"]) {
        const fks = s.sql(ON_PG
            ? `SELECT DISTINCT ccu.table_name FROM information_schema.table_constraints tc JOIN information_schema.constraint_column_usage ccu
                 ON ccu.constraint_name = tc.constraint_name WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = '${t}';`
            : `SELECT "table" FROM pragma_foreign_key_list('${t}');`).split("\n").filter(Boolean);
        assert.ok(fks.every((x) => ["surveys", "courses", "training_sessions", "survey_responses", "survey_questions"].includes(x)), `${t}: ${fks}`);
    }
    assert.ok(!columns("survey_invitations").some((x) => /time|_at$|answered_on|response/.test(x) && x !== "due_at" && x !== "created_at"),
        "the invitation keeps no time of answering");
    // The month only, and ids that do not follow the order of answering.
    // In the order written: SQLite's rowid, PostgreSQL's ctid (a table never updated).
    const rows = s.sql(`SELECT id || ' ' || answered_on FROM survey_responses ORDER BY ${ON_PG ? "ctid" : "rowid"};`).split("\n").filter(Boolean);
    assert.ok(rows.length >= 3);
    for (const row of rows) assert.match(row, /^\d+ \d{4}-\d{2}$/);
    assert.ok(rows.some((row) => Number(row.split(" ")[0]) > 1e6), "response ids are random, not 1, 2, 3");

    const people = s.sql("SELECT id || '|' || first_name || '|' || last_name || '|' || email FROM training_registrations WHERE attended = 1;")
        .split("\n").filter(Boolean).map((l) => l.split("|"));
    const sv = Number(s.sql("SELECT MIN(id) FROM surveys;"));
    const [token] = s.sql("SELECT token FROM survey_invitations LIMIT 1;").split("\n");
    const anon = s.client();
    const answers = [
        await admin.get("/api/v1/surveys"), await admin.get(`/api/v1/surveys/${sv}`), await anon.get(`/api/v1/public/surveys/${token}`),
        await admin.get(`/api/v1/reports/surveys?course_id=${ids.course}`), await admin.get(`/api/v1/reports/surveys?course_id=${ids.course}&wave=six_months`),
        await admin.get(`/api/v1/reports/surveys?course_id=${ids.course}&format=csv`), await admin.get(`/api/v1/courses/${ids.course}`),
    ];
    for (const r of answers) {
        assert.equal(r.status, 200, r.text);
        assert.doesNotMatch(r.text, /registration|invitation|email|first_name|token/i);
        for (const [, first, last, email] of people)
            for (const m of [first, last, email]) assert.ok(!r.text.includes(m), `an answer shows ${m}`);
    }
});

test("results: per question, women and men, suppressed on request and for those who may not see the people; response rate", async () => {
    const sv = await newSurvey("Resultat");
    let r = await c.kansli.patch(`/api/v1/courses/${ids.course}`, { survey_session_id: sv.id });
    assert.equal(r.status, 200, r.text);
    const web = await session(daysFromNow(-1), "webinar");
    const people = [["female", 5, "Teorin", "Lärorikt."], ["female", 5, "Teorin", "Bra."], ["female", 4, "Övningarna", "Roligt."],
        ["female", 5, "Samtalen", undefined], ["male", 3, "Teorin", "För långt."], ["male", 5, "Teorin", "Ja."], ["unspecified", 2, undefined, undefined]];
    for (const [sex] of people) await attendedRegistration(web, { sex });
    await attendedRegistration(web, { sex: "male" }); // invited, never answers
    await waitFor(() => tokensOf(web, "session").length === 8, "eight invitations", 15_000);
    const tokens = tokensOf(web, "session");
    // tokens are in registration order, as people are.
    for (let i = 0; i < people.length; i++) {
        r = await answer(tokens[i], people[i].slice(1));
        assert.equal(r.status, 201, r.text);
    }
    const url = `/api/v1/reports/surveys?course_id=${ids.course}&wave=session&session_format=webinar`;
    r = await admin.get(url);
    assert.equal(r.status, 200, r.text);
    const rep = r.body;
    assert.equal(rep.invited, 8);
    assert.equal(rep.responses, 7);
    assert.equal(rep.response_rate, 87.5);
    assert.equal(rep.suppression, undefined);
    const [q1, q2, q3] = rep.questions;
    const row = (q, a) => q.rows.find((x) => x.answer === a);
    assert.deepEqual(q1.rows.map((x) => x.answer), ["1", "2", "3", "4", "5"]);
    assert.deepEqual(row(q1, "5"), { answer: "5", total: 4, women: 3, men: 1 });
    assert.deepEqual(row(q1, "2"), { answer: "2", total: 1, women: 0, men: 0 }, "unstated sex counts in the total only");
    assert.deepEqual(q1.answered, { total: 7, women: 4, men: 2 });
    assert.deepEqual(row(q2, "Teorin"), { answer: "Teorin", total: 4, women: 2, men: 2 });
    assert.deepEqual(q2.answered, { total: 6, women: 4, men: 2 });
    assert.equal(q3.kind, "text");
    assert.deepEqual(q3.rows, []);
    assert.deepEqual(q3.answered, { total: 5, women: 3, men: 2 });
    assert.deepEqual(q3.texts, ["Bra.", "För långt.", "Ja.", "Lärorikt.", "Roligt."], "in alphabetical order, without sex");

    // ?suppress=: small cells hidden (null), listed, the free text withheld below it.
    r = await admin.get(`${url}&suppress=3`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.suppression.threshold, 3);
    const s1 = r.body.questions[0];
    assert.equal(row(s1, "5").men, null);
    assert.equal(row(s1, "5").suppressed, true);
    assert.ok(r.body.suppression.cells.includes("/questions/0/rows/4/men"));
    assert.equal(r.body.questions[1].answered.total, 6, "a count of 3 or more that gives nothing away is shown");
    assert.equal(row(s1, "1").total, 0, "zeros are shown");
    r = await admin.get(`${url}&suppress=8`);
    assert.equal(r.body.questions[2].texts, null, "free text withheld when the responses are fewer than the threshold");
    // A reader (no people behind the course's intervention) gets the
    // förbund's threshold (5) whatever she asks.
    for (const who of ["reader", "kansli", "tina", "ec"]) {
        r = await c[who].get(`${url}&suppress=2`);
        assert.equal(r.status, 200, `${who}: ${r.text}`);
        assert.equal(r.body.suppression.threshold, 5);
        assert.equal(row(r.body.questions[0], "5").total, null);
    }
    assertProblem(await s.client().get(url), 401);

    // The file: CSV and XLSX through the reports' writer.
    r = await admin.get(`${url}&format=csv`);
    assert.match(r.text, /Svarsfrekvens \(procent\);;;87,5/);
    r = await admin.get(`${url}&format=csv&suppress=3`);
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^text\/csv/);
    assert.match(r.headers.get("content-disposition"), /attachment; filename="samsyn-enkat-\d+-session-\d{4}-\d{2}-\d{2}\.csv"/);
    assert.match(r.text, /Fråga;Slag;Svar;Totalt;Kvinnor;Män/);
    assert.match(r.text, /\r\nHur nöjd är du med utbildningen\?;Skala 1–5;5;\.\.;\.\.;\.\.\r\n/);
    assert.match(r.text, /\r\nVilken del var mest värdefull\?;Val;Besvarat;6;/);
    assert.match(r.text, /\r\nNågot du vill tillägga\?;Fritext;Lärorikt\.;;;\r\n/);
    // The unstated sex of one answer in question 1 is total − women − men
    // of its answered row: that total is hidden, and so are the responses
    // (equal to it) and the rate.
    assert.match(r.text, /\r\nSvar;;;\.\.;;\r\nSvarsfrekvens \(procent\);;;\.\.;;\r\n/);
    const x = await admin.getBytes(`${url}&format=xlsx`);
    assert.equal(x.status, 200);
    const sheet = readSheet(x.bytes);
    const values = [...sheet.rows.values()].map(rowValues);
    assert.ok(values.some((v) => v[0] === "Form: webbinarium"), "the filter above the table, in Swedish");
    const five = values.find((v) => v[0] === "Hur nöjd är du med utbildningen?" && v[2] === "5");
    assert.deepEqual(five.slice(3), [4, 3, 1], "counts are number cells");
    assert.ok(values.some((v) => v[0] === "Inbjudna" && v[3] === 8));

    // 422s of the report.
    r = await admin.get("/api/v1/reports/surveys?wave=sometime&session_format=tv&suppress=1");
    assert.deepEqual(invalidNames(r).sort(), ["course_id", "session_format", "suppress", "wave"].sort());
    assert.deepEqual(invalidNames(await admin.get("/api/v1/reports/surveys?course_id=999999")), ["course_id"]);
    await c.kansli.patch(`/api/v1/courses/${ids.course}`, { survey_session_id: null });
});

test("the public routes are rate-limited per address: 429 with Retry-After", async () => {
    const t = await startSamsyn({ serveArgs: ["--public-rate-limit", "3"] });
    try {
        const anon = t.client();
        for (let i = 0; i < 3; i++) assertProblem(await anon.get("/api/v1/public/surveys/abc"), 404);
        let r = await anon.get("/api/v1/public/surveys/abc");
        assertProblem(r, 429);
        assert.ok(Number(r.headers.get("retry-after")) >= 1);
        r = await anon.post("/api/v1/public/surveys/abc/answers", { answers: [] });
        assertProblem(r, 429);
    } finally {
        await t.close();
    }
});

test("without --smtp-url the sender thread still invites; the mails wait in the outbox", async () => {
    const t = await startSamsyn();
    try {
        const a = await t.login("admin", GOOD_PASSWORD);
        let r = await a.post("/api/v1/interventions", {
            name: "Mentorskap", kind: "structural", owner_org_id: 1, start_date: "2020-01-01", measurement: "volume",
        });
        assert.equal(r.status, 201, r.text);
        r = await a.post("/api/v1/surveys", { name: "Utan relä", questions: [{ text: "Betyg?", kind: "scale" }] });
        assert.equal(r.status, 201, r.text);
        r = await a.post("/api/v1/courses", { name: "Kurs utan relä", intervention_id: (await a.get("/api/v1/interventions")).body.items[0].id, survey_session_id: r.body.id });
        assert.equal(r.status, 201, r.text);
        const ends = daysFromNow(-1);
        r = await a.post(`/api/v1/courses/${r.body.id}/sessions`, {
            format: "network", starts_at: iso(new Date(ends.getTime() - 3_600_000)), ends_at: iso(ends), capacity: 10,
        });
        assert.equal(r.status, 201, r.text);
        await attendedRegistration(r.body.id, { first: "Olle", last: "Utanrelä", sex: "male", email: "olle@example.se" }, a);
        await waitFor(() => t.sql("SELECT COUNT(*) FROM survey_invitations;").trim() === "1", "the invitation", 15_000);
        const page = (await a.get("/api/v1/mail/outbox")).body;
        assert.equal(page.total, 2, "the sign-up's confirmation and the invitation");
        const invite = page.items.filter((m) => /enkät/.test(m.subject));
        assert.equal(invite.length, 1, JSON.stringify(page.items.map((m) => m.subject)));
        assert.ok(page.items.every((m) => m.state === "queued"));
        assert.equal(invite[0].recipient, "olle@example.se");
        assert.match(invite[0].body, new RegExp(`${t.url}/utbildning/enkat/[A-Za-z0-9_-]{32}`));
    } finally {
        await t.close();
    }
});
