// list_files.test.mjs — a list as a file: GET /participants?format=csv|xlsx
// (and /employers, /interventions) gives every row the filters find (not one
// page: 520 participants here, read in pages of 500), only those the user may
// see, with Swedish headings and words, each page of participants audited like
// the list; a bad format is a 422 naming it.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, Samsyn, assertProblem, invalidNames } from "./lib.mjs";
import { readSheet, rowValues } from "./xlsx.mjs";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let s;
const c = {};

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    // 500 anonymous women of 1488 registered by the förbund (org 1), 20 named men of 1487 by AF (org 2).
    const rows = [];
    for (let i = 1; i <= 500; i++) rows.push(`(${i}, NULL, NULL, NULL, 1, 'female', 1990, '1488', 1, 'x', 'x')`);
    for (let i = 501; i <= 520; i++)
        rows.push(`(${i}, '198001${String(i).padStart(6, "0")}', 'Per${i}', 'Ås', 0, 'male', 1980, '1487', 2, 'x', 'x')`);
    s.sql(`INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES (2, 'AF', 'af', 'x', 'x');
INSERT INTO participants (id, personnummer, first_name, last_name, anonymous, sex, birth_year, municipality_code, created_by_org_id, created_at, updated_at) VALUES
 ${rows.join(",\n ")};
INSERT INTO participant_target_groups (participant_id, code) VALUES (501, 'A'), (501, 'B');
INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at, updated_at) VALUES
 (900, 'Steget', 'individual', 2, '2020-01-01', NULL, 'active', 'participants', 'x', 'x'),
 (901, 'Vägen ut', 'structural', 2, '2019-01-01', '2019-12-31', 'ended', 'volume', 'x', 'x');`);
    s.addUser({ username: "anna", orgId: 2, roles: ["case_worker"] });
    await s.start();
    c.admin = await s.login("admin", GOOD_PASSWORD);
    c.anna = await s.login("anna", GOOD_PASSWORD);
});

after(() => s?.close());

test("participants as CSV: every one the filters find, not one page", async () => {
    let r = await c.admin.get("/api/v1/participants?format=csv&limit=10");
    assert.equal(r.status, 200, r.text);
    assert.match(r.contentType, /^text\/csv; charset=utf-8/);
    assert.match(r.headers.get("content-disposition"), /^attachment; filename="samsyn-deltagare-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = r.text.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
    assert.equal(lines[0], "Deltagar-id;Personnummer;Förnamn;Efternamn;Kön;Födelseår;Kommunkod;Kommun;Målgrupper;Skyddad identitet");
    assert.equal(lines.length, 521);
    assert.ok(lines.includes("1;anonym;;;Kvinna;1990;1488;Trollhättan;;nej"), lines.slice(0, 3).join("\n"));
    r = await c.admin.get("/api/v1/participants?format=csv&municipality_code=1487");
    assert.equal(r.text.split("\r\n").filter(Boolean).length, 21);
    // Target groups by name, as the page shows them.
    const names = (await c.admin.get("/api/v1/target-groups")).body.items.map((g) => g.name);
    assert.ok(r.text.includes(`;${names[0]}, ${names[1]};`), r.text.split("\r\n")[1]);
});

test("participants as XLSX: the same rows, numbers as number cells, the count on top", async () => {
    const r = await c.admin.getBytes("/api/v1/participants?format=xlsx");
    assert.equal(r.status, 200);
    assert.equal(r.contentType, XLSX);
    const sheet = readSheet(r.bytes);
    assert.equal(sheet.rows.get(1)[0].value, "Deltagare");
    assert.equal(sheet.rows.get(2)[0].value, "520 deltagare");
    const h = sheet.frozenRows;
    assert.equal(rowValues(sheet.rows.get(h))[1], "Personnummer");
    assert.ok(sheet.rows.get(h).every((cell) => cell.bold));
    const data = [...sheet.rows.entries()].filter(([n]) => n > h).map(([, cells]) => cells);
    assert.equal(data.length, 520);
    const col = (cells, n) => cells.find((cell) => cell.col === n);
    assert.ok(data.every((cells) => col(cells, 0).type === "n" && col(cells, 5).type === "n"), "id and birth year are numbers");
    // Accept asks for the same.
    const a = await c.admin.getBytes("/api/v1/participants?municipality_code=1487", { headers: { Accept: XLSX } });
    assert.equal(a.contentType, XLSX);
    assert.equal(readSheet(a.bytes).rows.get(3)[0].value, "20 deltagare");
});

test("a case worker's file has only her organisation's participants, and the download is audited", async () => {
    const r = await c.anna.get("/api/v1/participants?format=csv");
    const lines = r.text.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
    assert.equal(lines.length, 21);
    assert.ok(lines.slice(1).every((l) => /;Per\d+;Ås;Man;1980;1487;Vänersborg;/.test(l)), lines[1]);
    const audit = await c.admin.get("/api/v1/audit?entity=participant&action=read&limit=50");
    assert.equal(audit.status, 200, audit.text);
    const anna = audit.body.items.filter((e) => e.user_id === s.users.anna.id);
    const named = anna.flatMap((e) => e.entity_ids ?? [e.entity_id]);
    for (let id = 501; id <= 520; id++) assert.ok(named.includes(id), `read of ${id} audited`);
});

test("a format that does not exist is a 422 naming it, and a name never goes in the address", async () => {
    assert.deepEqual(invalidNames(await c.admin.get("/api/v1/participants?format=ods")), ["format"]);
    assert.deepEqual(invalidNames(await c.admin.get("/api/v1/participants?format=csv&q=Per")), ["q"]);
    assertProblem(await c.admin.get("/api/v1/participants?format=csv&intervention_id=x"), 422);
});

test("interventions as CSV and XLSX: kind, owner and status in words, the filters on top", async () => {
    let r = await c.admin.get("/api/v1/interventions?format=csv");
    assert.equal(r.status, 200, r.text);
    const lines = r.text.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
    assert.deepEqual(lines, [
        "Insats-id;Namn;Typ;Ägare;Startdatum;Slutdatum;Status;Målgrupper",
        "900;Steget;Individinriktad;AF;2020-01-01;;Pågår;",
        "901;Vägen ut;Strukturövergripande;AF;2019-01-01;2019-12-31;Avslutad;",
    ]);
    r = await c.admin.getBytes("/api/v1/interventions?format=xlsx&status=ended&org_id=2");
    const sheet = readSheet(r.bytes);
    assert.equal(sheet.rows.get(1)[0].value, "Insatser");
    assert.deepEqual([2, 3, 4].map((n) => sheet.rows.get(n)[0].value), ["Status: Avslutad", "Organisation: AF", "1 insatser"]);
    assert.deepEqual(rowValues(sheet.rows.get(sheet.frozenRows + 1)).slice(0, 3), [901, "Vägen ut", "Strukturövergripande"]);
    assert.deepEqual(invalidNames(await c.admin.get("/api/v1/interventions?format=xlsx&status=x")), ["status"]);
});

test("organisations and users as files: kinds, organisations and roles in words; users only for an administrator", async () => {
    let r = await c.anna.get("/api/v1/orgs?format=csv");
    assert.equal(r.status, 200, r.text);
    const orgs = r.text.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
    assert.equal(orgs[0], "Organisations-id;Namn;Typ;Kommunkod;Kommun");
    assert.ok(orgs.includes("2;AF;Arbetsförmedlingen;;"), orgs.join("\n"));
    r = await c.admin.getBytes("/api/v1/users?format=xlsx");
    assert.equal(r.status, 200);
    const sheet = readSheet(r.bytes);
    assert.equal(sheet.rows.get(1)[0].value, "Användare");
    assert.deepEqual(rowValues(sheet.rows.get(sheet.frozenRows)), [
        "Användar-id", "Användarnamn", "Namn", "E-post", "Organisation", "Roller", "Aktiv", "Engångslösenord ej bytt",
    ]);
    const anna = [...sheet.rows.values()].find((cells) => cells[1]?.value === "anna");
    assert.ok(anna, "anna's row");
    assert.equal(anna.find((cell) => cell.col === 4).value, "AF");
    assert.equal(anna.find((cell) => cell.col === 5).value, "Handläggare");
    assert.equal(anna[0].type, "n");
    assertProblem(await c.anna.get("/api/v1/users?format=csv"), 403);
    assert.deepEqual(invalidNames(await c.admin.get("/api/v1/orgs?format=xml")), ["format"]);
});
