// list_files_more.test.mjs — the lists that became files after the first
// five (list_files.test.mjs): an intervention's enrolments, attendees and
// volumes, the target groups and the audit log, each as CSV and XLSX with
// Swedish headings and words, only what the user may see in the list (two
// organisations), and the audit log read past its first page without a row
// twice although each page read is itself logged.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, Samsyn, assertProblem, invalidNames } from "./lib.mjs";
import { readSheet, rowValues } from "./xlsx.mjs";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let s;
const c = {};

const csvLines = (r) => r.text.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
/** The table under the frozen header: header values, then each data row's values. */
function table(sheet) {
    const h = sheet.frozenRows;
    const data = [...sheet.rows.entries()].filter(([n]) => n > h).map(([, cells]) => cells);
    return { head: sheet.rows.get(h), data };
}

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    // Three anonymous women registered by the förbund (org 1), two named men by AF (org 2), all
    // in AF's "Steget", one of each also in the förbund's "Starten"; AF's "Vägen ut" is counted in
    // volumes, its "Mentorer" by attendees.
    const events = [];
    for (let i = 1; i <= 600; i++)
        events.push(`(${100000 + 2 * i}, '2020-01-01T00:00:00Z', 1, 'admin', 1, 'update', 'org', 1, '127.0.0.1', 'x${i}')`);
    s.sql(`INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES (2, 'AF', 'af', 'x', 'x');
INSERT INTO participants (id, personnummer, first_name, last_name, anonymous, sex, birth_year, municipality_code, created_by_org_id, created_at, updated_at) VALUES
 (1, NULL, NULL, NULL, 1, 'female', 1990, '1488', 1, 'x', 'x'),
 (2, NULL, NULL, NULL, 1, 'female', 1991, '1488', 1, 'x', 'x'),
 (3, NULL, NULL, NULL, 1, 'female', 1992, '1488', 1, 'x', 'x'),
 (10, '198001010010', 'Per', 'Ås', 0, 'male', 1980, '1487', 2, 'x', 'x'),
 (11, '198001010011', 'Pål', 'Ås', 0, 'male', 1981, '1487', 2, 'x', 'x');
INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at, updated_at) VALUES
 (900, 'Steget', 'individual', 2, '2020-01-01', NULL, 'active', 'participants', 'x', 'x'),
 (901, 'Vägen ut', 'structural', 2, '2019-01-01', '2019-12-31', 'ended', 'volume', 'x', 'x'),
 (902, 'Mentorer', 'competence', 2, '2019-01-01', NULL, 'active', 'participants', 'x', 'x'),
 (903, 'Starten', 'individual', 1, '2020-01-01', NULL, 'active', 'participants', 'x', 'x');
INSERT INTO enrolments (id, participant_id, intervention_id, start_date, end_date, occupation_before, outcome, exit_reason, created_at, updated_at) VALUES
 (1, 1, 900, '2020-02-01', NULL, 'job_seeking', NULL, NULL, 'x', 'x'),
 (2, 2, 900, '2020-02-01', NULL, NULL, NULL, NULL, 'x', 'x'),
 (3, 3, 900, '2020-02-01', NULL, NULL, NULL, NULL, 'x', 'x'),
 (10, 10, 900, '2020-01-15', '2020-06-30', 'job_seeking', 'work', 'completed', 'x', 'x'),
 (11, 11, 900, '2020-03-01', NULL, NULL, NULL, NULL, 'x', 'x'),
 (20, 1, 903, '2021-01-01', NULL, NULL, NULL, NULL, 'x', 'x'),
 (21, 10, 903, '2021-01-01', NULL, NULL, NULL, NULL, 'x', 'x');
INSERT INTO volumes (id, intervention_id, period_start, period_end, women, men, created_at) VALUES
 (1, 901, '2019-01-01', '2019-06-30', 12, 7, 'x'),
 (2, 901, '2019-07-01', '2019-12-31', 3, 4, 'x');
INSERT INTO attendees (id, intervention_id, first_name, last_name, sex, email, employer_id, organisation_name, format, date, person_key, created_at) VALUES
 (1, 902, 'Eva', 'Ek', 'female', 'eva@example.se', NULL, 'Bygg AB', 'in_person', '2024-03-01', 'k1', 'x'),
 (2, 902, 'Bo', 'Al', 'male', NULL, NULL, 'Kommunen', 'webinar', '2024-03-02', 'k2', 'x'),
 (3, 902, 'Eva', 'Ek', 'female', 'eva@example.se', NULL, 'Bygg AB', 'webinar', '2024-04-01', 'k1', 'x');
INSERT INTO audit_events (id, at, user_id, username, org_id, action, entity, entity_id, address, detail) VALUES
 ${events.join(",\n ")};`);
    s.addUser({ username: "anna", orgId: 2, roles: ["case_worker"] });
    s.addUser({ username: "olle", orgId: 1, roles: ["case_worker"] });
    await s.start();
    c.admin = await s.login("admin", GOOD_PASSWORD);
    c.anna = await s.login("anna", GOOD_PASSWORD);
    c.olle = await s.login("olle", GOOD_PASSWORD);
});

after(() => s?.close());

const ENROLMENT_HEAD =
    "Inskrivnings-id;Deltagar-id;Anonym;Förnamn;Efternamn;Kön;Födelseår;Insats-id;Startdatum;Slutdatum;Status;" +
    "Sysselsättning före;Sysselsättning efter;Avslutsorsak;Uppföljning 6 månader;Uppföljning 12 månader";

test("an intervention's enrolments as CSV: each participant as the list shows her, codes in words", async () => {
    const r = await c.admin.get("/api/v1/enrolments?intervention_id=900&format=csv&sort=start_date");
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get("content-disposition"), /^attachment; filename="samsyn-insats-900-insatsdeltaganden-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csvLines(r);
    assert.equal(lines[0], ENROLMENT_HEAD);
    assert.equal(lines.length, 6);
    assert.equal(lines[1], "10;10;nej;Per;Ås;Man;1980;900;2020-01-15;2020-06-30;Avslutad;Aktivt arbetssökande;Förvärvsarbete;Insatsen genomförd enligt plan;;");
    assert.ok(lines.includes("1;1;ja;;;Kvinna;1990;900;2020-02-01;;Pågår;Aktivt arbetssökande;;;;"), lines.join("\n"));
    // The list's filters hold: only those still running.
    assert.equal(csvLines(await c.admin.get("/api/v1/enrolments?intervention_id=900&format=csv&status=ongoing")).length, 5);
    assert.deepEqual(invalidNames(await c.admin.get("/api/v1/enrolments?intervention_id=900&format=csv&status=x")), ["status"]);
    assert.deepEqual(invalidNames(await c.admin.get("/api/v1/enrolments?intervention_id=900&format=pdf")), ["format"]);
});

test("a case worker's enrolment file holds what her list shows: her organisation's interventions, audited as the list", async () => {
    const ids = async (user, iv) => {
        const file = csvLines(await user.get(`/api/v1/enrolments?intervention_id=${iv}&format=csv`));
        const list = (await user.get(`/api/v1/enrolments?intervention_id=${iv}&limit=500`)).body.items;
        const fromFile = file.slice(1).map((l) => Number(l.split(";")[0])).sort((a, b) => a - b);
        assert.deepEqual(fromFile, list.map((e) => e.id).sort((a, b) => a - b), "the file is the list");
        return fromFile;
    };
    assert.deepEqual(await ids(c.anna, 900), [1, 2, 3, 10, 11]);
    assert.deepEqual(await ids(c.anna, 903), []);
    assert.deepEqual(await ids(c.olle, 900), []);
    assert.deepEqual(await ids(c.olle, 903), [20, 21]);
    assert.deepEqual(await ids(c.admin, 903), [20, 21]);
    const audit = await c.admin.get("/api/v1/audit?entity=participant&action=read&limit=50");
    const named = audit.body.items.filter((e) => e.user_id === s.users.anna.id).flatMap((e) => e.entity_ids ?? [e.entity_id]);
    assert.ok(named.includes(10) && named.includes(11), JSON.stringify(named));
});

test("an intervention's enrolments as XLSX: what was chosen on top, numbers as number cells", async () => {
    const r = await c.admin.getBytes("/api/v1/enrolments?intervention_id=900&status=ongoing&format=xlsx");
    assert.equal(r.status, 200);
    assert.equal(r.contentType, XLSX);
    const sheet = readSheet(r.bytes);
    assert.deepEqual([1, 2, 3, 4].map((n) => sheet.rows.get(n)[0].value), [
        "Insatsdeltaganden", "Insats: Steget", "Status: Pågår", "4 insatsdeltaganden",
    ]);
    assert.match(sheet.rows.get(5)[0].value, /^Framtagen \d{4}-\d{2}-\d{2} ur Samsyn$/);
    const t = table(sheet);
    assert.equal(rowValues(t.head).join(";"), ENROLMENT_HEAD);
    assert.ok(t.head.every((cell) => cell.bold));
    assert.equal(t.data.length, 4);
    assert.ok(t.data.every((cells) => [0, 1, 6, 7].every((n) => cells.find((x) => x.col === n).type === "n")));
});

test("an intervention's attendees as CSV and XLSX, for those who may see them in the list", async () => {
    let r = await c.anna.get("/api/v1/interventions/902/attendees?format=csv");
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get("content-disposition"), /^attachment; filename="samsyn-insats-902-deltagare-\d{4}-\d{2}-\d{2}\.csv"$/);
    assert.deepEqual(csvLines(r), [
        "Registrerings-id;Förnamn;Efternamn;Kön;E-post;Arbetsgivar-id;Arbetsgivare eller organisation;Formkod;Form;Datum",
        "1;Eva;Ek;Kvinna;eva@example.se;;Bygg AB;in_person;Fysisk träff;2024-03-01",
        "2;Bo;Al;Man;;;Kommunen;webinar;Webbinarium;2024-03-02",
        "3;Eva;Ek;Kvinna;eva@example.se;;Bygg AB;webinar;Webbinarium;2024-04-01",
    ]);
    // Olle's organisation neither owns nor partners in it: no names for him, as in the list.
    assertProblem(await c.olle.get("/api/v1/interventions/902/attendees"), 403);
    assertProblem(await c.olle.get("/api/v1/interventions/902/attendees?format=csv"), 403);
    assertProblem(await c.admin.get("/api/v1/interventions/999/attendees?format=csv"), 404);
    r = await c.admin.getBytes("/api/v1/interventions/902/attendees?format=xlsx");
    const sheet = readSheet(r.bytes);
    assert.deepEqual([1, 2, 3].map((n) => sheet.rows.get(n)[0].value), ["Deltagare i insatsen", "Insats: Mentorer", "3 registreringar"]);
    const t = table(sheet);
    assert.deepEqual(
        t.data[1].map((cell) => [cell.col, cell.value]),
        [[0, 2], [1, "Bo"], [2, "Al"], [3, "Man"], [6, "Kommunen"], [7, "webinar"], [8, "Webbinarium"], [9, "2024-03-02"]],
    );
    assert.equal(t.data[1][0].type, "n");
});

test("an intervention's volumes as CSV and XLSX: counts as numbers, for anyone who reads the list", async () => {
    let r = await c.olle.get("/api/v1/interventions/901/volumes?format=csv");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(csvLines(r), [
        "Periodens start;Periodens slut;Totalt;Kvinnor;Män",
        "2019-01-01;2019-06-30;19;12;7",
        "2019-07-01;2019-12-31;7;3;4",
    ]);
    r = await c.admin.getBytes("/api/v1/interventions/901/volumes?format=xlsx");
    assert.equal(r.contentType, XLSX);
    assert.match(r.headers.get("content-disposition"), /^attachment; filename="samsyn-insats-901-volymer-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const sheet = readSheet(r.bytes);
    assert.deepEqual([1, 2, 3].map((n) => sheet.rows.get(n)[0].value), ["Volymer", "Insats: Vägen ut", "2 perioder"]);
    const t = table(sheet);
    assert.deepEqual(rowValues(t.data[0]), ["2019-01-01", "2019-06-30", 19, 12, 7]);
    assert.deepEqual(t.data[0].map((cell) => cell.type), ["s", "s", "n", "n", "n"]);
    assertProblem(await c.admin.get("/api/v1/interventions/999/volumes?format=xlsx"), 404);
});

test("the target groups as CSV and XLSX", async () => {
    const groups = (await c.olle.get("/api/v1/target-groups")).body;
    let r = await c.olle.get("/api/v1/target-groups?format=csv");
    assert.equal(r.status, 200, r.text);
    const lines = csvLines(r);
    assert.equal(lines[0], "Kod;Namn;Beskrivning;Aktiv");
    assert.equal(lines.length, groups.total + 1);
    assert.ok(lines[1].startsWith(`${groups.items[0].code};${groups.items[0].name};`), lines[1]);
    assert.ok(lines[1].endsWith(groups.items[0].active ? ";ja" : ";nej"), lines[1]);
    r = await c.olle.getBytes("/api/v1/target-groups?format=xlsx");
    const sheet = readSheet(r.bytes);
    assert.equal(sheet.rows.get(1)[0].value, "Målgrupper");
    assert.equal(sheet.rows.get(2)[0].value, `${groups.total} målgrupper`);
    assert.equal(table(sheet).data.length, groups.total);
});

test("the audit log as CSV: every event the filters find, past the first page, none twice", async () => {
    let r = await c.admin.get("/api/v1/audit?format=csv");
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get("content-disposition"), /^attachment; filename="samsyn-logg-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csvLines(r);
    assert.equal(lines[0], "Händelse-id;Tid (UTC);Användar-id;Användare;Händelse;Objekt;Objektets id;Objektets namn;Antal i listan;Adress;Detalj");
    const ids = lines.slice(1).map((l) => Number(l.split(";")[0]));
    assert.equal(new Set(ids).size, ids.length, "no event twice");
    for (let i = 1; i <= 600; i++) assert.ok(ids.includes(100000 + 2 * i), `event ${100000 + 2 * i}`);
    assert.ok(lines.includes("100002;2020-01-01T00:00:00Z;1;admin;Ändrat;Organisation;1;Samordningsförbundet;;127.0.0.1;x1"), lines.slice(-2).join("\n"));
    // The filters, and each page read is audited as the list's read is.
    r = await c.admin.get("/api/v1/audit?format=csv&from=2020-01-01&to=2020-01-01");
    assert.equal(csvLines(r).length, 601);
    const reads = (await c.admin.get("/api/v1/audit?entity=audit&action=read&limit=100")).body.items;
    assert.ok(reads.filter((e) => e.user_id === 1).length >= 4, JSON.stringify(reads.length));
    assert.deepEqual(invalidNames(await c.admin.get("/api/v1/audit?format=csv&from=2020-13-01")), ["from"]);
    // Only an administrator reads the log, as a list or as a file.
    assertProblem(await c.anna.get("/api/v1/audit?format=csv"), 403);
});

test("the audit log as XLSX: the filters in words on top, ids as numbers", async () => {
    const r = await c.admin.getBytes("/api/v1/audit?format=xlsx&entity=org&action=update&from=2020-01-01&to=2020-01-01");
    assert.equal(r.status, 200);
    const sheet = readSheet(r.bytes);
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => sheet.rows.get(n)[0].value), [
        "Logg", "Objekt: Organisation", "Händelse: Ändrat", "Från och med: 2020-01-01", "Till och med: 2020-01-01", "600 händelser",
    ]);
    const t = table(sheet);
    assert.ok(t.head.every((cell) => cell.bold));
    assert.equal(t.data.length, 600);
    assert.deepEqual(
        t.data[0].map((cell) => cell.value),
        [101200, "2020-01-01T00:00:00Z", 1, "admin", "Ändrat", "Organisation", 1, "Samordningsförbundet", "127.0.0.1", "x600"],
    );
    assert.deepEqual(t.data[0].map((cell) => cell.type), ["n", "s", "n", "s", "s", "s", "n", "s", "s", "s"]);
});
