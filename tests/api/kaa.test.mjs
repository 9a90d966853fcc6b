// kaa.test.mjs — the KAA register (docs/kaa.md) through a real server: only
// the municipality's own KAA staff (users.kaa_staff, set by an admin, only
// for a user of a kommun) see any of it — another municipality's staff, the
// förbund's admin and every other role get 404 on every path; the import is
// all or nothing, updates a person already there instead of adding her
// twice and refuses a person who has turned 20; contacts, measures and the
// dated leaving; the move into follow-up with consent; the report split
// women and men and suppressed; the file for SCB equals a file written by
// hand (tests/api/data/kaa_scb_2026H2.csv) and is refused, listing the
// faults, when the variables do not hang together. Today is pinned.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Samsyn, assertProblem, invalidNames, csvLines, waitFor } from "./lib.mjs";

process.env.SAMSYN_TODAY = "2026-11-20";
const here = path.dirname(fileURLToPath(import.meta.url));

let s, admin, kaa, kaaReader, cw, other, kansli, afKaa;
const users = {};

/** A valid personnummer (12 digits) born on yyyymmdd with serial nnn. */
function pnr(yyyymmdd, nnn) {
    const d = yyyymmdd.slice(2) + nnn;
    let sum = 0;
    for (let i = 0; i < 9; i++) {
        let v = Number(d[i]) * (i % 2 === 0 ? 2 : 1);
        sum += v > 9 ? v - 9 : v;
    }
    return yyyymmdd.slice(0, 2) + d + String((10 - (sum % 10)) % 10);
}

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    s.sql(`
        INSERT INTO orgs (id, name, kind, municipality_code, created_at, updated_at) VALUES
          (2, 'Trollhättans stad', 'kommun', '1488', 'x', 'x'), (3, 'Vänersborgs kommun', 'kommun', '1487', 'x', 'x'),
          (4, 'AF Trollhättan', 'af', NULL, 'x', 'x');
    `);
    for (const [username, orgId, roles] of [
        ["kaa", 2, ["case_worker"]], ["kaareader", 2, ["reader"]], ["cw", 2, ["case_worker"]],
        ["other", 3, ["case_worker"]], ["kansli", 1, ["kansli"]], ["afkaa", 4, ["case_worker"]],
    ]) users[username] = s.addUser({ username, orgId, roles });
    await s.start();
    [admin, kaa, kaaReader, cw, other, kansli, afKaa] = await s.loginAll(["admin", "kaa", "kaareader", "cw", "other", "kansli", "afkaa"]);
});

after(() => s?.close());

test("an admin marks KAA staff, only users of a kommun", async () => {
    for (const u of ["kaa", "kaareader", "other"]) {
        const r = await admin.patch(`/api/v1/users/${users[u].id}`, { kaa_staff: true });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.kaa_staff, true);
    }
    assert.deepEqual(invalidNames(await admin.patch(`/api/v1/users/${users.afkaa.id}`, { kaa_staff: true })), ["kaa_staff"]);
    assert.deepEqual(invalidNames(await admin.patch("/api/v1/users/1", { kaa_staff: true })), ["kaa_staff"]);
    assert.equal(s.sql("SELECT COUNT(*) FROM users WHERE kaa_staff = 1;").trim(), "3");
    assertProblem(await kaa.patch(`/api/v1/users/${users.cw.id}`, { kaa_staff: true }), 403);
    assert.equal((await admin.get(`/api/v1/users/${users.cw.id}`)).body.kaa_staff, false);
});

const YOUTH = {
    personnummer: pnr("20080412", "238"), first_name: "Hemliga", last_name: "Kaasdotter",
    school_status: "dropped_out_national", source: "school_list", identified_date: "2026-02-01",
};
let youth;

test("KAA staff register a young person; the coverage rule refuses one who has turned 20", async () => {
    let r = await kaa.post("/api/v1/kaa/youths", YOUTH);
    assert.equal(r.status, 201, r.text);
    youth = r.body;
    assert.equal(youth.sex, "female");
    assert.equal(youth.birth_date, "2008-04-12");
    assert.equal(youth.municipality_code, "1488");
    assert.equal(youth.occupation, "unknown");
    assert.deepEqual(youth.contacts, []);
    assertProblem(await kaa.post("/api/v1/kaa/youths", YOUTH), 409);
    r = await kaa.post("/api/v1/kaa/youths", { ...YOUTH, personnummer: pnr("20060115", "238") });
    assert.deepEqual(invalidNames(r), ["personnummer"]);
    assert.match(r.body.invalid_parameters[0].reason, /fyllt 20 år/);
    r = await kaa.post("/api/v1/kaa/youths", { ...YOUTH, personnummer: pnr("20090701", "256"), school_status: "x", source: null, identified_date: "2026-13-01" });
    assert.deepEqual(invalidNames(r).sort(), ["identified_date", "school_status", "source"]);
    assert.equal(s.sql("SELECT COUNT(*) FROM kaa_youths;").trim(), "1");
    // Found by personnummer in the body, never the address.
    r = await kaa.post("/api/v1/kaa/youths/search", { personnummer: YOUTH.personnummer.slice(2) });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((y) => y.id), [youth.id]);
});

test("nobody but the municipality's own KAA staff sees the register: 404 on every path", async () => {
    const id = youth.id;
    const paths = [
        ["GET", "/api/v1/kaa/youths"], ["GET", "/api/v1/kaa/youths?half=2026H1"], ["POST", "/api/v1/kaa/youths", YOUTH],
        ["POST", "/api/v1/kaa/youths/search", { personnummer: YOUTH.personnummer }],
        ["GET", `/api/v1/kaa/youths/${id}`], ["PATCH", `/api/v1/kaa/youths/${id}`, { occupation: "work" }],
        ["POST", `/api/v1/kaa/youths/${id}/contacts`, { date: "2026-03-01", channel: "phone", result: "reached" }],
        ["POST", `/api/v1/kaa/youths/${id}/measures`, { kind: "guidance", offered_date: "2026-03-01" }],
        ["PATCH", `/api/v1/kaa/youths/${id}/measures/1`, { status: "taken" }],
        ["POST", `/api/v1/kaa/youths/${id}/participant`, { consent_date: "2026-03-01", consent_recorded_by: "X" }],
        ["GET", "/api/v1/reports/kaa?half=2026H1"], ["GET", "/api/v1/reports/kaa?half=2026H1&format=csv"],
        ["GET", "/api/v1/reports/kaa-scb?half=2026H1"],
    ];
    const before = s.sql("SELECT COUNT(*) FROM audit_events WHERE action <> 'read';");
    for (const [name, c] of [["admin", admin], ["cw", cw], ["kansli", kansli], ["afkaa", afKaa], ["other municipality", other]]) {
        for (const [method, p, json] of paths) {
            // Another municipality's staff works in her own register: only
            // Trollhättan's young person is asked about.
            if (name === "other municipality" && !p.includes(`/youths/${id}`)) continue;
            const r = await c.req(method, p, { json });
            assert.equal(r.status, 404, `${name}: ${method} ${p} → ${r.status} ${r.text.slice(0, 200)}`);
            assertProblem(r, 404);
            assert.ok(!r.text.includes("Kaasdotter"), `${name}: ${method} ${p} shows her name`);
        }
        if (name === "other municipality") continue;
        const r = await c.postCsv("/api/v1/kaa/youths/import", csvLines(["personnummer,first_name,last_name,school_status,source,identified_date", `${pnr("20090701", "238")},A,B,other,other,2026-03-01`]));
        assert.equal(r.status, 404, `${name}: import → ${r.status}`);
    }
    assert.equal(s.sql("SELECT COUNT(*) FROM audit_events WHERE action <> 'read';"), before, "nothing changed");
    // The other municipality's staff: her register is her own, and searching
    // finds nothing of Trollhättan's.
    let r = await other.get("/api/v1/kaa/youths");
    assert.equal(r.status, 200);
    assert.equal(r.body.total, 0);
    r = await other.post("/api/v1/kaa/youths/search", { personnummer: YOUTH.personnummer });
    assert.deepEqual(r.body.items, []);
    // No personnummer in the server's log.
    assert.ok(!s.log.includes(YOUTH.personnummer) && !s.log.includes(YOUTH.personnummer.slice(2)));
});

test("every read and change is audited", async () => {
    await kaa.get(`/api/v1/kaa/youths/${youth.id}`);
    await kaa.get("/api/v1/kaa/youths");
    const r = await admin.get(`/api/v1/audit?entity=kaa_youth&entity_id=${youth.id}&limit=50`);
    assert.equal(r.status, 200, r.text);
    const actions = r.body.items.map((e) => e.action);
    assert.ok(actions.includes("create") && actions.includes("read"), actions.join());
    // The admin's log names no young person: the register is not hers.
    assert.ok(!r.text.includes("Kaasdotter"));
});

test("contacts, measures, occupation and the dated leaving", async () => {
    const id = youth.id;
    let r = await kaa.post(`/api/v1/kaa/youths/${id}/contacts`, { date: "2026-03-02", channel: "sms", result: "not_reached" });
    assert.equal(r.status, 201, r.text);
    r = await kaa.post(`/api/v1/kaa/youths/${id}/contacts`, { date: "2026-03-05", channel: "home_visit", result: "reached", note: "Träffades hemma." });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.contacts.map((c) => c.channel), ["home_visit", "sms"]);
    assert.deepEqual(invalidNames(await kaa.post(`/api/v1/kaa/youths/${id}/contacts`, { date: "2027-01-01", channel: "fax", result: "reached" })).sort(), ["channel", "date"]);
    r = await kaa.post(`/api/v1/kaa/youths/${id}/measures`, { kind: "internship", offered_date: "2026-03-05" });
    assert.equal(r.status, 201, r.text);
    const m = r.body.measures[0];
    assert.equal(m.status, "offered");
    r = await kaa.patch(`/api/v1/kaa/youths/${id}/measures/${m.id}`, { status: "taken", start_date: "2026-03-10", end_date: "2026-03-01" });
    assert.deepEqual(invalidNames(r), ["end_date"]);
    r = await kaa.patch(`/api/v1/kaa/youths/${id}/measures/${m.id}`, { status: "taken", start_date: "2026-03-10", end_date: "2026-04-10" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.measures[0].status, "taken");
    assertProblem(await other.patch(`/api/v1/kaa/youths/${id}/measures/${m.id}`, { status: "declined" }), 404);
    r = await kaa.patch(`/api/v1/kaa/youths/${id}`, { occupation: "work", notes: "Extrajobb på lager." });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.occupation, "work");
    // Leaving needs a date and a reason; turned_20 not before her 20th birthday.
    assert.deepEqual(invalidNames(await kaa.patch(`/api/v1/kaa/youths/${id}`, { left_date: "2026-06-01" })), ["left_reason"]);
    assert.deepEqual(invalidNames(await kaa.patch(`/api/v1/kaa/youths/${id}`, { left_date: "2026-06-01", left_reason: "turned_20" })), ["left_date"]);
    r = await kaa.get("/api/v1/kaa/youths?status=active&half=2026H1");
    assert.deepEqual(r.body.items.map((y) => y.id), [id]);
    assert.deepEqual(invalidNames(await kaa.get("/api/v1/kaa/youths?half=2026H3")), ["half"]);
});

test("the move into follow-up needs consent and a case worker; the participant is the municipality's", async () => {
    const id = youth.id;
    assertProblem(await kaaReader.post(`/api/v1/kaa/youths/${id}/participant`, { consent_date: "2026-04-01", consent_recorded_by: "Kim" }), 403);
    assert.deepEqual(invalidNames(await kaa.post(`/api/v1/kaa/youths/${id}/participant`, {})).sort(), ["consent_date", "consent_recorded_by"]);
    let r = await kaa.post(`/api/v1/kaa/youths/${id}/participant`, { consent_date: "2026-04-01", consent_recorded_by: "Karin Lund" });
    assert.equal(r.status, 201, r.text);
    const pid = r.body.participant_id;
    assert.ok(pid > 0);
    assert.equal(r.body.consent_recorded_by, "Karin Lund");
    r = await kaa.get(`/api/v1/participants/${pid}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.last_name, "Kaasdotter");
    assert.equal(r.body.consent.status, "given");
    assert.equal(r.body.consent.date, "2026-04-01");
    assert.equal(s.sql(`SELECT created_by_org_id FROM participants WHERE id = ${pid};`).trim(), "2");
    // The municipality's other case worker sees her now as a participant; the
    // other municipality does not.
    assert.equal((await cw.get(`/api/v1/participants/${pid}`)).status, 200);
    assert.equal((await other.get(`/api/v1/participants/${pid}`)).status, 404);
    assertProblem(await kaa.post(`/api/v1/kaa/youths/${id}/participant`, { consent_date: "2026-04-01", consent_recorded_by: "Karin Lund" }), 409);
});

const HEAD = "personnummer;first_name;last_name;school_status;source;identified_date;occupation;notes";

test("the import is all or nothing, lists every bad line and refuses a person who has turned 20", async () => {
    const count = () => s.sql("SELECT COUNT(*) FROM kaa_youths;").trim();
    const before = count();
    let r = await kaa.postCsv("/api/v1/kaa/youths/import", csvLines([
        HEAD,
        `${pnr("20090701", "238")};Ada;Ny;compulsory_only;population_register;2026-09-01;;`,
        `${pnr("20060115", "247")};Gammal;Tjugo;compulsory_only;population_register;2026-09-01;;`,
        `${pnr("20090701", "247")};Bea;Ny;nationellt;population_register;2026-09-01;;`,
        `19090701-0000;Fel;Nummer;other;other;2026-09-01;;`,
    ]));
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.body.errors.map((e) => e.line), [3, 4, 5]);
    assert.match(r.body.errors[0].reason, /fyllt 20 år/);
    assert.match(r.body.errors[1].reason, /school_status "nationellt"/);
    assert.equal(r.body.created, 0);
    assert.equal(count(), before, "nothing imported");
    for (const e of r.body.errors) assert.ok(!/\d{10}/.test(e.reason), `a reason repeats a personnummer: ${e.reason}`);
    // A good file: new people created, the one already there updated.
    r = await kaa.postCsv("/api/v1/kaa/youths/import", csvLines([
        HEAD,
        `${pnr("20090701", "238")};Ada;Ny;compulsory_only;population_register;2026-09-01;none;`,
        `${YOUTH.personnummer.slice(2, 8)}-${YOUTH.personnummer.slice(8)};Hemliga;Kaasdotter;dropped_out_national;school_list;2026-02-01;studies;Från skolans lista`,
    ]));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.created, r.body.updated, r.body.rows], [1, 1, 2]);
    assert.equal(count(), String(Number(before) + 1));
    r = await kaa.get(`/api/v1/kaa/youths/${youth.id}`);
    assert.equal(r.body.occupation, "studies");
    assert.equal(r.body.measures.length, 1, "her measures stay");
    // A header without a required column.
    r = await kaa.postCsv("/api/v1/kaa/youths/import", csvLines(["personnummer;first_name", `${pnr("20090701", "256")};X`]));
    assert.equal(r.status, 422);
    assert.equal(r.body.errors[0].line, 1);
});

test("the report per occupation and municipality, split women and men, suppressed", async () => {
    // More young people in Trollhättan: work 3 women + 2 men, none 2 + 2
    // (Ada's among them), studies 2 women (Hemliga's among them).
    const lines = [HEAD];
    const add = (serial, occupation) => lines.push(`${pnr("20090301", serial)};Rapport;Person${serial};other;other;2026-07-01;${occupation};`);
    for (const sr of ["122", "142", "162"]) add(sr, "work"); // women (the serial's last digit even)
    for (const sr of ["111", "131"]) add(sr, "work"); // men
    for (const sr of ["151", "171"]) add(sr, "none"); // men: none has Ada, a woman, too
    add("172", "none");
    add("182", "studies"); // a woman beside Hemliga: no count of one anywhere
    let r = await kaa.postCsv("/api/v1/kaa/youths/import", csvLines(lines));
    assert.equal(r.status, 200, r.text);
    // The förbund's threshold (5) hides every small count.
    r = await kaa.get("/api/v1/reports/kaa?half=2026H2");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.suppression.threshold, 5);
    const row = (b, occ) => b.rows.find((x) => x.key.occupation === occ);
    for (const x of [...r.body.rows, r.body.total])
        for (const k of ["total", "women", "men"])
            assert.ok(x[k] === null || x[k] === 0 || x[k] >= 5, `a small count shows: ${JSON.stringify(x)}`);
    assert.equal(row(r.body, "work").women, null);
    assert.equal(row(r.body, "none").total, null);
    assert.equal(row(r.body, "none").suppressed, true);
    assert.equal(row(r.body, "folk_high_school").total, 0, "every occupation is a row, zeros shown");
    // A lower threshold asked for is raised to the förbund's.
    r = await kaa.get("/api/v1/reports/kaa?half=2026H2&suppress=2");
    assert.equal(r.body.suppression.threshold, 5);
    // With the förbund's threshold at 2 the split shows.
    assert.equal((await admin.patch("/api/v1/settings", { suppression_threshold: 2 })).status, 200);
    r = await kaa.get("/api/v1/reports/kaa?half=2026H2");
    assert.deepEqual([row(r.body, "work").total, row(r.body, "work").women, row(r.body, "work").men], [5, 3, 2]);
    assert.deepEqual([row(r.body, "none").total, row(r.body, "none").women, row(r.body, "none").men], [4, 2, 2]);
    assert.deepEqual([r.body.total.total, r.body.total.women, r.body.total.men], [11, 7, 4]);
    assert.deepEqual(r.body.suppression, { threshold: 2, cells: [] });
    assert.equal(row(r.body, "work").key.municipality_code, "1488");
    // As CSV through the download, with the municipality's name.
    r = await kaa.get("/api/v1/reports/kaa?half=2026H2&format=csv");
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-disposition"), /samsyn-kaa-2026H2/);
    assert.match(r.text, /Trollhättan/);
    assert.match(r.text, /\.\./);
    assert.deepEqual(invalidNames(await kaa.get("/api/v1/reports/kaa")), ["half"]);
    assert.equal((await admin.patch("/api/v1/settings", { suppression_threshold: 5 })).status, 200);
});

test("the file for SCB equals the hand-checked file, and is refused while the variables do not agree", async () => {
    // Vänersborg's register, written by its own KAA staff.
    const post = async (body) => {
        const r = await other.post("/api/v1/kaa/youths", body);
        assert.equal(r.status, 201, r.text);
        return r.body.id;
    };
    const bo = await post({ personnummer: "20071130-2471", first_name: "Bo", last_name: "Ek", school_status: "compulsory_only", source: "population_register", identified_date: "2026-03-10", occupation: "none" });
    const alva = await post({ personnummer: "200804122380", first_name: "Alva", last_name: "Berg", school_status: "dropped_out_national", source: "school_list", identified_date: "2026-08-15", occupation: "work" });
    const cilla = await post({ personnummer: "200907012561", first_name: "Cilla", last_name: "Dahl", school_status: "introductory_programme", source: "other", identified_date: "2026-11-10" });
    const dan = await post({ personnummer: "200804122471", first_name: "Dan", last_name: "Fors", school_status: "other", source: "other", identified_date: "2026-02-01" });
    const ok = (r) => assert.ok(r.status < 300, r.text);
    ok(await other.post(`/api/v1/kaa/youths/${bo}/contacts`, { date: "2026-08-01", channel: "letter", result: "not_reached" }));
    ok(await other.patch(`/api/v1/kaa/youths/${bo}`, { left_date: "2026-10-01", left_reason: "started_national_programme" }));
    ok(await other.post(`/api/v1/kaa/youths/${alva}/contacts`, { date: "2026-09-01", channel: "phone", result: "reached" }));
    ok(await other.post(`/api/v1/kaa/youths/${alva}/measures`, { kind: "internship", status: "taken", offered_date: "2026-09-01", start_date: "2026-09-15", end_date: "2026-10-31" }));
    ok(await other.post(`/api/v1/kaa/youths/${alva}/measures`, { kind: "guidance", status: "declined", offered_date: "2026-09-01" }));
    ok(await other.post(`/api/v1/kaa/youths/${cilla}/measures`, { kind: "studies", offered_date: "2026-11-15" }));
    ok(await other.patch(`/api/v1/kaa/youths/${dan}`, { left_date: "2026-05-31", left_reason: "moved" }));
    // A measure taken without a start date is kept, but the file is refused.
    let r = await other.post(`/api/v1/kaa/youths/${cilla}/measures`, { kind: "other", status: "taken", offered_date: "2026-11-16" });
    assert.equal(r.status, 201, r.text);
    const m = r.body.measures.find((x) => x.kind === "other").id;
    s.sql(`UPDATE kaa_youths SET left_reason = NULL WHERE id = ${bo};`); // a relation broken past the API
    r = await other.get("/api/v1/reports/kaa-scb?half=2026H2");
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(invalidNames(r).sort(), [`youths[${bo}].left_reason`, `youths[${cilla}].measures[${m}].start_date`].sort());
    assert.match(r.text, /Cilla Dahl/);
    assert.ok(!r.text.includes("200907012561"), "no personnummer in the faults");
    s.sql(`UPDATE kaa_youths SET left_reason = 'started_national_programme' WHERE id = ${bo};`);
    ok(await other.patch(`/api/v1/kaa/youths/${cilla}/measures/${m}`, { start_date: "2026-11-17" }));
    r = await other.get("/api/v1/reports/kaa-scb?half=2026H2");
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get("content-type"), /text\/csv/);
    assert.match(r.headers.get("content-disposition"), /samsyn-kaa-scb-2026H2\.csv/);
    const expected = readFileSync(path.join(here, "data", "kaa_scb_2026H2.csv"), "utf8").trimEnd().split("\n");
    assert.deepEqual(r.text.replace(/^\uFEFF/, "").trimEnd().split("\r\n"), expected);
    // Audited as a read of everyone in it (written behind the answer).
    await waitFor(() => Number(s.sqlReads(`SELECT COUNT(*) FROM audit_reads WHERE detail = 'scb export';`)) >= 1, "the export's read event");
    // Trollhättan's file is Trollhättan's alone.
    r = await kaa.get("/api/v1/reports/kaa-scb?half=2026H2");
    assert.equal(r.status, 200, r.text);
    assert.ok(!r.text.includes("1487") && r.text.includes("1488"));
    assert.deepEqual(invalidNames(await other.get("/api/v1/reports/kaa-scb?half=2026")), ["half"]);
});
