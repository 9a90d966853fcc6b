// guidance.test.mjs — SYV guidance times and their bookings (docs/plans.md
// "SYV-tider"): who may publish (a case worker for herself, an admin for a
// counsellor), the rules with Swedish reasons naming the field, a series,
// the filters; one time, one person (20 concurrent bookings of one time:
// exactly one 201, the rest 409), cancel and rebook; the participant on the
// calendar only for users who may see her, audited; outcome and feedback
// by the counsellor, on the participant's bookings; the report (held, not
// held, cancelled, per place and organisation, women and men, suppressed,
// CSV and XLSX); the reminder mail through a real SMTP server, once.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { assertProblem, created, invalidNames, Samsyn, sleep, TWO_ORGS_SQL, waitFor } from "./lib.mjs";
import { startSmtp } from "./smtp.mjs";
import { readSheet, rowValues } from "./xlsx.mjs";

let s, smtp, admin, anna, kim, sara, kansli, reader, trainer;
const T = "/api/v1/guidance-times";
const ids = {};
const PLACE = "Samlokaliseringen Trollhättan";


// A time on a day of 2027 (never within a day of now: no reminder).
const at = (day, hour, minutes = 60) => {
    const start = new Date(Date.UTC(2027, 0, day, hour));
    const end = new Date(start.getTime() + minutes * 60000);
    const f = (d) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
    return { starts_at: f(start), ends_at: f(end) };
};
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

before(async () => {
    smtp = await startSmtp();
    s = new Samsyn();
    s.setAdminPassword();
    s.sql(TWO_ORGS_SQL);
    ids.anna = s.addUser({ username: "anna", name: "Anna Andersson", orgId: 2, roles: ["case_worker"] }).id;
    ids.kim = s.addUser({ username: "kim", name: "Kim Karlsson", orgId: 4, roles: ["case_worker"] }).id;
    ids.sara = s.addUser({ username: "sara", name: "Sara Syv", orgId: 4, roles: ["case_worker"] }).id;
    s.addUser({ username: "kansli", orgId: 1, roles: ["kansli"] });
    s.addUser({ username: "rut", orgId: 1, roles: ["reader"] });
    s.addUser({ username: "tora", orgId: 1, roles: ["trainer"] });
    s.sql(`UPDATE users SET email = 'anna@af.example.se' WHERE username = 'anna';
           UPDATE users SET email = 'kim@vanersborg.example.se' WHERE username = 'kim';`);
    await s.start(["--smtp-url", smtp.url]);
    [admin, anna, kim, sara, kansli, reader, trainer] = await s.loginAll(["admin", "anna", "kim", "sara", "kansli", "rut", "tora"]);
    const person = async (who, pnr, first, last) =>
        (await created(await who.post("/api/v1/participants", { personnummer: pnr, first_name: first, last_name: last }))).id;
    ids.ada = await person(anna, "198503030028", "Ada", "Ekström"); // AF's, a woman
    ids.bo = await person(kim, "198502020012", "Bo", "Berg"); // the municipality's, a man
});

after(async () => {
    await s?.close();
    await smtp?.close();
});

test("who may publish: a counsellor for herself, an admin for a counsellor; the rest are refused", async () => {
    const t = await created(await sara.post(T, { ...at(4, 9), place: PLACE }));
    assert.equal(t.counsellor_user_id, ids.sara);
    assert.equal(t.counsellor_name, "Sara Syv");
    assert.equal(t.org_id, 4);
    assert.equal(t.booked, false);
    assert.equal(t.participant_id, null);
    assert.equal(t.place, PLACE);
    const byAdmin = await created(await admin.post(T, { ...at(4, 11), place: PLACE, counsellor_user_id: ids.sara }));
    assert.equal(byAdmin.counsellor_user_id, ids.sara);
    // An admin without a counsellor named, a case worker for another, a user without the role.
    let r = await admin.post(T, { ...at(4, 13), place: PLACE });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r), ["counsellor_user_id"]);
    r = await anna.post(T, { ...at(4, 13), place: PLACE, counsellor_user_id: ids.sara });
    assertProblem(r, 422);
    assert.match(r.body.invalid_parameters[0].reason, /dig själv/);
    r = await admin.post(T, { ...at(4, 13), place: PLACE, counsellor_user_id: s.users.kansli.id });
    assertProblem(r, 422);
    for (const c of [kansli, reader, trainer]) assertProblem(await c.post(T, { ...at(4, 13), place: PLACE }), 403);
    // Every role that may see the calendar reads it; a trainer may not.
    for (const c of [admin, anna, kim, sara, kansli, reader]) {
        const g = await c.get(`${T}/${t.id}`);
        assert.equal(g.status, 200, g.text);
    }
    assertProblem(await trainer.get(T), 403);
});

test("the rules of a time: Swedish reasons naming the field, nothing stored", async () => {
    const before = (await admin.get(`${T}?limit=500`)).body.total;
    const cases = [
        [{ starts_at: "2027-01-05 09:00", ends_at: "2027-01-05T10:00:00Z", place: PLACE }, ["starts_at"]],
        [{ ...at(5, 9), ends_at: "2027-01-05T08:00:00Z", place: PLACE }, ["ends_at"]],
        [{ ...at(5, 9), place: "" }, ["place"]],
        [{ ...at(5, 9), place: PLACE, repeat: 53 }, ["repeat"]],
        [{ ...at(5, 9), place: PLACE, every_days: 40 }, ["every_days"]],
        [{ place: PLACE }, ["starts_at", "ends_at"]],
    ];
    for (const [body, names] of cases) {
        const r = await sara.post(T, body);
        assertProblem(r, 422);
        assert.deepEqual(invalidNames(r).sort(), names.sort(), JSON.stringify(body));
        for (const p of r.body.invalid_parameters) assert.match(p.reason, /[åäöÅÄÖ]|Ange|ska/, p.reason);
    }
    // A time that overlaps another of the counsellor's.
    const r = await sara.post(T, { starts_at: "2027-01-04T09:30:00Z", ends_at: "2027-01-04T10:30:00Z", place: PLACE });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r), ["starts_at"]);
    assert.equal((await admin.get(`${T}?limit=500`)).body.total, before);
});

test("a series: repeat times every_days apart, all or none; the filters", async () => {
    const first = await created(await sara.post(T, { ...at(11, 8), place: "Vänersborg, Kunskapens hus", repeat: 4, every_days: 7 }));
    const l = await sara.get(`${T}?place=${encodeURIComponent("Vänersborg, Kunskapens hus")}`);
    assert.equal(l.status, 200, l.text);
    assert.deepEqual(l.body.items.map((x) => x.starts_at),
        ["2027-01-11T08:00:00Z", "2027-01-18T08:00:00Z", "2027-01-25T08:00:00Z", "2027-02-01T08:00:00Z"]);
    assert.equal(l.body.items[0].id, first.id);
    // A series with one clash stores none of its times.
    const r = await sara.post(T, { ...at(4, 8), place: PLACE, repeat: 3, every_days: 7 }); // 2027-01-11 08:00 clashes
    assertProblem(r, 422);
    assert.equal((await sara.get(`${T}?from=2027-01-04&to=2027-01-31&counsellor_user_id=${ids.sara}&place=${encodeURIComponent(PLACE)}`))
        .body.items.filter((x) => x.starts_at.startsWith("2027-01-04T08")).length, 0);
    // from/to (a date's whole day), counsellor, free.
    const week = await kim.get(`${T}?from=2027-01-18&to=2027-01-18`);
    assert.deepEqual(week.body.items.map((x) => x.starts_at), ["2027-01-18T08:00:00Z"]);
    assert.equal((await kim.get(`${T}?counsellor_user_id=${ids.anna}`)).body.total, 0);
    assertProblem(await kim.get(`${T}?from=igår`), 422);
    assertProblem(await kim.get(`${T}?free=kanske`), 422);
    // A counsellor removes her unbooked time; it is gone.
    const gone = l.body.items[3].id;
    assertProblem(await anna.del(`${T}/${gone}`), 403);
    const d = await sara.del(`${T}/${gone}`);
    assert.equal(d.status, 204, d.text);
    assertProblem(await sara.get(`${T}/${gone}`), 404);
});

test("one time, one person: 20 concurrent bookings give exactly one 201, the rest 409", async () => {
    const t = await created(await sara.post(T, { ...at(20, 9), place: PLACE }));
    const tries = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? anna : admin).post(`${T}/${t.id}/booking`, { participant_id: ids.ada })));
    const statuses = tries.map((r) => r.status);
    assert.equal(statuses.filter((x) => x === 201).length, 1, statuses.join(","));
    assert.equal(statuses.filter((x) => x === 409).length, 19, statuses.join(","));
    for (const r of tries.filter((x) => x.status === 409)) assert.match(r.body.detail ?? r.body.title, /redan bokad/);
    const cnt = Number(s.sql(`SELECT COUNT(*) FROM guidance_bookings WHERE time_id = ${t.id}`).trim());
    assert.equal(cnt, 1);
    // The free filter leaves it out.
    assert.ok(!(await anna.get(`${T}?free=true&from=2027-01-20&to=2027-01-20`)).body.items.some((x) => x.id === t.id));
});

test("book, cancel and rebook; who may book whom", async () => {
    const t = await created(await sara.post(T, { ...at(21, 9), place: PLACE }));
    // Kim may not book AF's participant; a reader may not book at all; no participant named.
    let r = await kim.post(`${T}/${t.id}/booking`, { participant_id: ids.ada });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r), ["participant_id"]);
    assertProblem(await reader.post(`${T}/${t.id}/booking`, { participant_id: ids.ada }), 403);
    r = await anna.post(`${T}/${t.id}/booking`, {});
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r), ["participant_id"]);
    assertProblem(await anna.post(`${T}/999999/booking`, { participant_id: ids.ada }), 404);
    const b = await created(await anna.post(`${T}/${t.id}/booking`, { participant_id: ids.ada }));
    assert.equal(b.booked, true);
    assert.equal(b.participant_id, ids.ada);
    assert.equal(b.participant_name, "Ada Ekström");
    assert.equal(b.booked_by_org_id, 2);
    // A booked time is not removed; Kim cannot cancel a booking of a person she does not see.
    assertProblem(await sara.del(`${T}/${t.id}`), 409);
    assertProblem(await kim.del(`${T}/${t.id}/booking`), 403);
    const c = await anna.del(`${T}/${t.id}/booking`);
    assert.equal(c.status, 200, c.text);
    assert.equal(c.body.booked, false);
    assert.equal(c.body.participant_id, null);
    assertProblem(await anna.del(`${T}/${t.id}/booking`), 409);
    // Rebooked, by Kim for her own participant.
    const again = await created(await kim.post(`${T}/${t.id}/booking`, { participant_id: ids.bo }));
    assert.equal(again.participant_id, ids.bo);
    // Both bookings are kept: the cancelled one and the standing one.
    assert.equal(s.sql(`SELECT COUNT(*) || ',' || COUNT(cancelled_at) FROM guidance_bookings WHERE time_id = ${t.id}`).trim(), "2,1");
    // Audited as the participant's.
    const ev = await admin.auditEvents("participant", "create");
    assert.ok(ev.some((e) => e.entity_id === ids.ada && e.detail === "guidance_booking"));
    const del = await admin.auditEvents("participant", "delete");
    assert.ok(del.some((e) => e.entity_id === ids.ada && e.detail === "guidance_booking"));
    // The counsellor may cancel too.
    const c2 = await sara.del(`${T}/${t.id}/booking`);
    assert.equal(c2.status, 200, c2.text);
});

test("privacy: booked is seen by all, the participant only by those who may see her; reads are audited", async () => {
    const t = await created(await sara.post(T, { ...at(22, 9), place: PLACE }));
    await created(await anna.post(`${T}/${t.id}/booking`, { participant_id: ids.ada }));
    const list = (c) => c.get(`${T}?from=2027-01-22&to=2027-01-22`);
    for (const [c, sees] of [[admin, true], [anna, true], [kim, false], [sara, false], [kansli, false], [reader, false]]) {
        const g = await c.get(`${T}/${t.id}`);
        assert.equal(g.status, 200, g.text);
        const l = await list(c);
        const x = l.body.items.find((i) => i.id === t.id);
        for (const v of [g.body, x]) {
            assert.equal(v.booked, true);
            assert.equal(v.participant_id, sees ? ids.ada : null);
            assert.equal(v.participant_name, sees ? "Ada Ekström" : null);
            assert.equal(v.booking_id === null, !sees);
        }
        assert.ok(!JSON.stringify(l.body).includes("Ekström") || sees);
    }
    await waitFor(async () => {
        const reads = (await admin.get(`/api/v1/audit?entity=participant&action=read&limit=500`)).body.items;
        return reads.some((e) => e.detail === "guidance_booking" && (e.entity_id === ids.ada || (e.entity_ids ?? []).includes(ids.ada)));
    }, "the calendar's read of Ada in the audit log");
    // The participant's own list: 404 to those who may not see her.
    assertProblem(await kim.get(`/api/v1/participants/${ids.ada}/guidance`), 404);
    assertProblem(await reader.get(`/api/v1/participants/${ids.ada}/guidance`), 403);
    // The list as a file shows what the list shows.
    const csvA = await anna.get(`${T}?from=2027-01-22&to=2027-01-22&format=csv`);
    assert.equal(csvA.status, 200, csvA.text);
    assert.match(csvA.contentType, /text\/csv/);
    assert.match(csvA.text, /Ada Ekström/);
    const csvK = await kim.get(`${T}?from=2027-01-22&to=2027-01-22&format=csv`);
    assert.equal(csvK.status, 200, csvK.text);
    assert.match(csvK.text, /bokad/);
    assert.doesNotMatch(csvK.text, /Ekström/);
    const xl = await kim.getBytes(`${T}?from=2027-01-22&to=2027-01-22&format=xlsx`);
    assert.equal(xl.status, 200);
    assert.ok([...readSheet(xl.bytes).rows.values()].map(rowValues).some((r) => r.includes(PLACE)));
    // Kim registers the same person herself: she sees her, not the booking AF made.
    const same = await created(await kim.post("/api/v1/participants", { personnummer: "198503030028", first_name: "Adina", last_name: "Ek" }));
    assert.equal(same.id, ids.ada);
    const k = await kim.get(`${T}/${t.id}`);
    assert.equal(k.body.booked, true);
    assert.equal(k.body.participant_id, null);
    assert.equal(k.body.participant_name, null);
    const kl = await kim.get(`/api/v1/participants/${ids.ada}/guidance`);
    assert.equal(kl.status, 200, kl.text);
    assert.equal(kl.body.total, 0);
    assertProblem(await kim.del(`${T}/${t.id}/booking`), 403);
});

test("outcome and feedback: the counsellor records them after the start; they are on the participant's bookings", async () => {
    // A time already held (registering guidance afterwards).
    const start = Date.now() - 3 * 3600 * 1000;
    const t = await created(await sara.post(T, { starts_at: iso(start), ends_at: iso(start + 3600 * 1000), place: PLACE }));
    let r = await sara.patch(`${T}/${t.id}`, { outcome: "held", feedback: "x" });
    assertProblem(r, 409); // not booked
    await created(await anna.post(`${T}/${t.id}/booking`, { participant_id: ids.ada }));
    r = await anna.patch(`${T}/${t.id}`, { outcome: "held" });
    assertProblem(r, 403); // not the counsellor
    r = await sara.patch(`${T}/${t.id}`, { outcome: "kanske" });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r), ["outcome"]);
    r = await sara.patch(`${T}/${t.id}`, { feedback: "x".repeat(4001), outcome: "held" });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r), ["feedback"]);
    const feedback = "Ada vill läsa in gymnasiet på Komvux; nästa steg studiebesök.";
    r = await sara.patch(`${T}/${t.id}`, { outcome: "held", feedback });
    assert.equal(r.status, 200, r.text);
    // The counsellor sees what she wrote, not who.
    assert.equal(r.body.outcome, "held");
    assert.equal(r.body.feedback, feedback);
    assert.equal(r.body.participant_id, null);
    // Kim sees neither.
    const k = await kim.get(`${T}/${t.id}`);
    assert.equal(k.body.outcome, null);
    assert.equal(k.body.feedback, null);
    // Her case worker sees them on the participant's bookings.
    const mine = await anna.get(`/api/v1/participants/${ids.ada}/guidance`);
    assert.equal(mine.status, 200, mine.text);
    const b = mine.body.items.find((x) => x.time_id === t.id);
    assert.equal(b.outcome, "held");
    assert.equal(b.feedback, feedback);
    assert.equal(b.counsellor_name, "Sara Syv");
    assert.equal(b.cancelled_at, null);
    // A recorded guidance is not cancelled; a future one gets no outcome.
    assertProblem(await anna.del(`${T}/${t.id}/booking`), 409);
    const later = await created(await sara.post(T, { ...at(25, 9), place: PLACE }));
    await created(await anna.post(`${T}/${later.id}/booking`, { participant_id: ids.ada }));
    r = await sara.patch(`${T}/${later.id}`, { outcome: "held" });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r), ["outcome"]);
    const ev = await admin.auditEvents("participant", "update");
    assert.ok(ev.some((e) => e.entity_id === ids.ada && e.detail === "guidance_outcome"));
});

test("the report: held, not held, cancelled per place and organisation, women and men, suppressed, CSV and XLSX", async () => {
    const base = Date.now() - 30 * 3600 * 1000;
    const mk = async (hour, place) => created(await sara.post(T, {
        starts_at: iso(base + hour * 3600 * 1000), ends_at: iso(base + hour * 3600 * 1000 + 1800 * 1000), place }));
    const P2 = "Grästorp, kommunhuset";
    const t1 = await mk(0.0, P2), t2 = await mk(1, P2), t3 = await mk(2, P2);
    await created(await anna.post(`${T}/${t1.id}/booking`, { participant_id: ids.ada }));
    await created(await kim.post(`${T}/${t2.id}/booking`, { participant_id: ids.bo }));
    await created(await kim.post(`${T}/${t3.id}/booking`, { participant_id: ids.bo }));
    assert.equal((await sara.patch(`${T}/${t1.id}`, { outcome: "held", feedback: "Bra samtal." })).status, 200);
    assert.equal((await sara.patch(`${T}/${t2.id}`, { outcome: "not_held" })).status, 200);
    assert.equal((await kim.del(`${T}/${t3.id}/booking`)).status, 200);
    const day = iso(base).slice(0, 10), end = iso(base + 3 * 3600 * 1000).slice(0, 10);
    const r = await admin.get(`/api/v1/reports/guidance?from=${day}&to=${end}`);
    assert.equal(r.status, 200, r.text);
    const row = r.body.rows.find((x) => x.key.place === P2);
    assert.deepEqual(row.held, { total: 1, women: 1, men: 0 });
    assert.deepEqual(row.not_held, { total: 1, women: 0, men: 1 });
    assert.deepEqual(row.cancelled, { total: 1, women: 0, men: 1 });
    assert.deepEqual(row.unrecorded, { total: 0, women: 0, men: 0 });
    const byOrg = await admin.get(`/api/v1/reports/guidance?from=${day}&to=${end}&by=org`);
    assert.equal(byOrg.status, 200, byOrg.text);
    const o = byOrg.body.rows.find((x) => x.key.org_id === 4);
    assert.equal(o.key.org, "Vänersborgs kommun");
    assert.ok(o.held.total >= 1);
    // Suppressed for a reader (the förbund's threshold), and on request.
    const rr = await reader.get(`/api/v1/reports/guidance?from=${day}&to=${end}`);
    assert.equal(rr.status, 200, rr.text);
    assert.ok(rr.body.suppression);
    const rowR = rr.body.rows.find((x) => x.key.place === P2);
    assert.ok(rowR.suppressed || rowR.held.total === null || rowR.held.women === null);
    assertProblem(await admin.get(`/api/v1/reports/guidance?by=kommun`), 422);
    // CSV and XLSX.
    const csv = await admin.get(`/api/v1/reports/guidance?from=${day}&to=${end}&format=csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.contentType, /text\/csv/);
    assert.match(csv.text, /Genomförda/);
    assert.match(csv.text, /Grästorp, kommunhuset/);
    const x = await admin.getBytes(`/api/v1/reports/guidance?from=${day}&to=${end}&format=xlsx`);
    assert.equal(x.status, 200);
    const rows = [...readSheet(x.bytes).rows.values()].map(rowValues);
    assert.ok(rows.some((cells) => cells.includes("Grästorp, kommunhuset")));
});

test("the reminder: one mail to the booking case worker the day before, time, place, counsellor, first name only", async () => {
    const start = Date.now() + 5 * 3600 * 1000;
    const t = await created(await sara.post(T, { starts_at: iso(start), ends_at: iso(start + 3600 * 1000), place: "Trollhättan, Kungsgatan 5" }));
    await created(await anna.post(`${T}/${t.id}/booking`, { participant_id: ids.ada }));
    const mails = () => smtp.mailsTo("anna@af.example.se").filter((m) => /SYV-tid/.test(m.subject));
    await waitFor(() => mails().length >= 1, "the reminder mail", 15_000);
    await sleep(2500); // a few more rounds of the sender: still one
    assert.equal(mails().length, 1);
    const m = mails()[0];
    assert.match(m.subject, /Påminnelse/);
    assert.match(m.text, /Trollhättan, Kungsgatan 5/);
    assert.match(m.text, /Sara Syv/);
    assert.match(m.text, /Deltagare: Ada\r?\n/);
    assert.doesNotMatch(m.text, /Ekström|198503030028|19850303/);
    assert.match(m.text, /kl\. \d\d\.\d\d/);
    // Far-off bookings get none yet.
    assert.equal(smtp.mailsTo("kim@vanersborg.example.se").filter((x) => /SYV-tid/.test(x.subject)).length, 0);
});
