// dates.test.mjs — dates that make sense (docs/followup.md, "Dates"),
// against a real server whose "today" is pinned with SAMSYN_TODAY: an exit,
// a follow-up, a volume period, an attendee and an employer contact cannot
// be registered after today (422 naming the field, a Swedish reason,
// nothing changed), over the API and through the participant import; an
// enrolment that starts after today is "planned", one whose end has come
// "ended", else "ongoing"; and the reports count no one before her start.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { assertProblem, created, invalidNames, startSamsyn, AF_STEGET_SQL } from "./lib.mjs";

const TODAY = "2026-06-15";
const TOMORROW = "2026-06-16";
process.env.SAMSYN_TODAY = TODAY;

let s, admin, anna;
const E = "/api/v1/enrolments";
const P = "/api/v1/participants";
const count = (table, where = "1 = 1") => Number(s.sql(`SELECT COUNT(*) FROM ${table} WHERE ${where};`).trim());

before(async () => {
    s = await startSamsyn({
        sql: AF_STEGET_SQL + `
        INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at, updated_at) VALUES
          (102, 'Mentorskap', 'structural', 2, '2020-01-01', NULL, 'active', 'volume', 'x', 'x');
        INSERT INTO employers (id, orgnr, name, name_key, municipality_code, created_at, updated_at) VALUES
          (1, '5560000001', 'Verkstad AB', 'verkstad ab', '1488', 'x', 'x');
    `,
        users: [
            { username: "anna", orgId: 2, roles: ["case_worker"] },
        ],
    });
    [admin, anna] = await s.loginAll(["admin", "anna"]);
});

after(() => s?.close());


/** The one invalid parameter of a 422, with its reason: a sentence (in
 * Swedish: checked by the words each test expects). */
function refused(r, name) {
    assert.deepEqual(invalidNames(r), [name]);
    const reason = r.body.invalid_parameters[0].reason;
    assert.match(reason, /^[A-ZÅÄÖ].*\.$/, `a sentence: ${reason}`);
    return reason;
}

let pnr = 0;
async function person() {
    // Valid personnummer of 1990-01-01 with different serials: 0017, 0025, …
    const serials = ["0017", "0025", "0033", "0041", "0058", "0066", "0074", "0082", "0090", "0108"];
    return created(await anna.post(P, { personnummer: `19900101-${serials[pnr++]}`, first_name: "Dag", last_name: "Datum" }));
}

test("an exit cannot be registered after today; the status follows the dates", async () => {
    const p = await person();
    const before = count("enrolments");
    let r = await anna.post(E, { participant_id: p.id, intervention_id: 100, start_date: "2026-01-10", end_date: TOMORROW });
    assert.match(refused(r, "end_date"), new RegExp(TODAY));
    assert.equal(count("enrolments"), before, "nothing saved");

    const e = await created(await anna.post(E, { participant_id: p.id, intervention_id: 100, start_date: "2026-01-10" }));
    assert.equal(e.status, "ongoing");
    r = await anna.patch(`${E}/${e.id}`, { end_date: "2026-12-31", outcome: "work" });
    refused(r, "end_date");
    r = await anna.get(`${E}/${e.id}`);
    assert.equal(r.body.end_date, null, "unchanged");
    assert.equal(r.body.status, "ongoing");

    // Today is the latest exit; it is then ended.
    r = await anna.patch(`${E}/${e.id}`, { end_date: TODAY, outcome: "work" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, "ended");
});

test("a follow-up cannot be registered before it is due", async () => {
    const p = await person();
    const r = await anna.post(E, {
        participant_id: p.id, intervention_id: 100, start_date: "2025-01-10", end_date: "2026-01-10", followup_6m: "work",
    });
    assert.match(refused(r, "followup_6m"), /2026-07-10/);
    const e = await created(await anna.post(E, {
        participant_id: p.id, intervention_id: 100, start_date: "2025-01-10", end_date: "2025-12-15", followup_6m: "work",
    }));
    assert.equal(e.followup_6m, "work");
});

test("an enrolment that starts after today is planned, everywhere it is returned", async () => {
    const p = await person();
    const planned = await created(await anna.post(E, { participant_id: p.id, intervention_id: 100, start_date: TOMORROW }));
    assert.equal(planned.status, "planned");
    assert.equal((await anna.get(`${E}/${planned.id}`)).body.status, "planned");
    const list = await anna.get(`${E}?participant_id=${p.id}`);
    assert.deepEqual(list.body.items.map((e) => [e.start_date, e.status]), [[TOMORROW, "planned"]]);
    // A planned enrolment cannot have an exit yet.
    refused(await anna.patch(`${E}/${planned.id}`, { end_date: TOMORROW }), "end_date");
    // One that began today runs.
    const today = await created(await anna.post(E, { participant_id: p.id, intervention_id: 100, start_date: TODAY }));
    assert.equal(today.status, "ongoing");
});

test("an end date after today stored before the rule: ongoing, and it does not block other changes", async () => {
    const p = await person();
    s.sql(`INSERT INTO enrolments (id, participant_id, intervention_id, start_date, end_date, created_at, updated_at)
           VALUES (900, ${p.id}, 100, '2026-01-01', '2026-12-31', 'x', 'x');`);
    let r = await anna.get(`${E}/900`);
    assert.equal(r.body.status, "ongoing");
    r = await anna.patch(`${E}/900`, { background: { occupation: "job_seeking" } });
    assert.equal(r.status, 200, r.text);
    // Moving it is a new exit date, and so checked.
    refused(await anna.patch(`${E}/900`, { end_date: "2026-11-30" }), "end_date");
    s.sql("DELETE FROM enrolments WHERE id = 900;");
});

test("reports count an enrolment from its start, and nothing after today", async () => {
    // A fresh intervention, so the counts are known: two women ongoing, one
    // ended, and a man and a woman planned.
    s.sql(`INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at, updated_at)
           VALUES (110, 'Räkna', 'individual', 2, '2020-01-01', NULL, 'active', 'participants', 'x', 'x');`);
    const enrol = async (sex, start, end) => {
        const p = await created(await anna.post(P, { anonymous: true, sex, birth_year: 1990 }));
        return created(await anna.post(E, { participant_id: p.id, intervention_id: 110, start_date: start, end_date: end }));
    };
    await enrol("female", "2026-02-01");
    await enrol("female", "2026-03-01");
    await enrol("female", "2026-01-15", "2026-05-31");
    await enrol("male", "2026-07-01");
    await enrol("female", "2026-09-01");

    const report = async (q) => {
        const r = await admin.get(`/api/v1/reports/${q}`);
        assert.equal(r.status, 200, r.text);
        return r.body;
    };
    let b = await report("participants?year=2026&intervention_id=110&by=sex");
    assert.deepEqual(b.total, { total: 3, women: 3, men: 0 }, "the planned two are not counted");
    b = await report("participants?from=2026-07-01&to=2026-12-31&intervention_id=110&by=sex");
    assert.deepEqual(b.total, { total: 0, women: 0, men: 0 }, "a period after today has no one");
    b = await report("participants?from=2026-06-15&to=2026-06-15&intervention_id=110&by=outcome");
    assert.deepEqual(b.total, { total: 2, women: 2, men: 0 }, "today: the two running");
    b = await report("interventions?year=2026");
    const row = b.rows.find((x) => x.key.intervention_id === 110);
    assert.equal(row.enrolments_started.total, 3);
    assert.equal(row.anonymous.total, 3);
    // The SUS export has no planned enrolment.
    const csv = await admin.get("/api/v1/reports/sus-export?year=2026&intervention_id=110");
    assert.equal(csv.status, 200, csv.text);
    const lines = csv.text.trim().split(/\r?\n/).slice(1);
    assert.equal(lines.length, 3);
    assert.ok(!lines.some((l) => l.includes("2026-07-01") || l.includes("2026-09-01")), csv.text);
});

test("a volume is registered when its period is over", async () => {
    const V = "/api/v1/interventions/102/volumes";
    const before = count("volumes");
    const reason = refused(await anna.post(V, { period_start: "2026-06-01", period_end: "2026-06-30", women: 3, men: 2 }), "period_end");
    assert.match(reason, /senast i dag \(2026-06-15\)/);
    assert.equal(count("volumes"), before);
    const v = await created(await anna.post(V, { period_start: "2026-06-01", period_end: TODAY, women: 3, men: 2 }));
    assert.equal(v.period_end, TODAY);
});

test("an attendee's date is not after today", async () => {
    const A = "/api/v1/interventions/102/attendees";
    const person = { first_name: "Mia", last_name: "Mentor", sex: "female", format: "in_person" };
    const before = count("attendees");
    assert.match(refused(await anna.post(A, { ...person, date: TOMORROW }), "date"), /efter i dag/);
    assert.equal(count("attendees"), before);
    const a = await created(await anna.post(A, { ...person, date: TODAY }));
    refused(await anna.patch(`${A}/${a.id}`, { date: TOMORROW }), "date");
    assert.equal((await anna.get(`${A}/${a.id}`)).body.date, TODAY);
});

test("an employer contact cannot be logged after today; its next step can", async () => {
    const C = "/api/v1/employers/1/contacts";
    const before = count("employer_contacts");
    assert.match(refused(await anna.post(C, { date: TOMORROW, channel: "phone", purpose: "placement" }), "date"), /framtiden/);
    assert.equal(count("employer_contacts"), before);
    const k = await created(await anna.post(C, { date: TODAY, channel: "phone", purpose: "placement", next_step_date: "2026-07-01" }));
    assert.equal(k.next_step_date, "2026-07-01");
    refused(await anna.patch(`${C}/${k.id}`, { date: TOMORROW }), "date");
});

test("the participant import applies the same date rules", async () => {
    const header = "ref,personnummer,first_name,last_name,anonymous,sex,birth_year,intervention_id,start_date,end_date";
    const post = (lines) =>
        admin.req("POST", "/api/v1/participants/import", {
            body: [header, ...lines].join("\r\n") + "\r\n",
            headers: { "Content-Type": "text/csv; charset=utf-8" },
        });
    const before = count("enrolments");
    let r = await post([`i1,,,,ja,K,1980,100,2026-01-01,${TOMORROW}`, "i2,,,,ja,M,1981,100,2026-01-01,"]);
    assertProblem(r, 422);
    assert.equal(r.body.bad_lines, 1);
    assert.equal(r.body.errors[0].line, 2);
    assert.match(r.body.errors[0].reason, /^end_date: .*i dag/);
    assert.equal(count("enrolments"), before, "nothing imported");
    // A start after today is imported as planned.
    r = await post([`i3,,,,ja,K,1982,100,${TOMORROW},`]);
    assert.equal(r.status, 200, r.text);
    assert.equal(s.sql(`SELECT COUNT(*) FROM enrolments WHERE start_date = '${TOMORROW}' AND intervention_id = 100;`).trim(), "2");
});
