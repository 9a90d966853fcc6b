// employer_contacts.test.mjs — the contact log of docs/employers.md against a
// real server: logging (validation, who may), the history across partners,
// the coordination warning (organisation X contacts, then Y gets a warning
// naming X; X itself does not; after recent_contact_days no warning — the
// server's "today" is moved with SAMSYN_TODAY and a restart), the weekly
// list, and the employer reports (industry structure: counts, municipality
// filter, CSV, suppress; needs; contacts; IPS).
//
// Employers are inserted with the sqlite3 command-line tool (s.sql of
// lib.mjs): the employers API is written in parallel.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, Samsyn, assertProblem, invalidNames } from "./lib.mjs";
import { readSheet, rowValues, sheetNames } from "./xlsx.mjs";

// Friday of ISO week 2026-W47.
process.env.SAMSYN_TODAY = "2026-11-20";

const EMPLOYERS = `
INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES (2, 'AF Trollhättan', 'af', 'x', 'x'), (3, 'Kommunen', 'kommun', 'x', 'x');
INSERT INTO employers (id, orgnr, name, name_key, sni_code, sni_section, size_class, municipality_code, created_at, updated_at) VALUES
 (1, '5560000001', 'Verkstad AB', 'verkstad ab', '25620', 'C', '1-4', '1488', 'x', 'x'),
 (2, '5560000002', 'Smide AB', 'smide ab', '25620', 'C', '1-4', '1488', 'x', 'x'),
 (3, '5560000003', 'Plåt AB', 'plåt ab', '25110', 'C', '5-9', '1488', 'x', 'x'),
 (4, '5560000004', 'Handel AB', 'handel ab', '47110', 'G', '1-4', '1487', 'x', 'x'),
 (5, '5560000005', 'Bygg AB', 'bygg ab', '41200', 'F', '10-19', '1487', 'x', 'x'),
 (6, '5560000006', 'Bygg Två AB', 'bygg två ab', '43210', 'F', '10-19', '1487', 'x', 'x'),
 (7, '5560000007', 'Bygg Tre AB', 'bygg tre ab', '43210', 'F', '10-19', '1488', 'x', 'x'),
 (8, '5560000008', 'Långt bort AB', 'långt bort ab', '25620', 'C', '1-4', '1462', 'x', 'x'),
 (9, '5560000009', 'Okänd AB', 'okänd ab', NULL, NULL, NULL, '1488', 'x', 'x');
INSERT INTO recruitment_needs (employer_id, ssyk_code, headcount, municipality_code, active, created_at, updated_at) VALUES
 (1, '7212', 2, NULL, 1, 'x', 'x'), (2, '7212', 3, '1487', 1, 'x', 'x'), (1, '5120', 1, NULL, 1, 'x', 'x'),
 (4, '5120', 4, NULL, 0, 'x', 'x');
`;

let s;
const c = {};
const users = {};

async function loginAll() {
    for (const name of ["anna", "cilla", "bo", "rut", "tore", "admin"]) c[name] = await s.login(name, GOOD_PASSWORD);
}

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    s.sql(EMPLOYERS);
    users.anna = s.addUser({ username: "anna", name: "Anna Andersson", orgId: 2, roles: ["employer_contact"] });
    users.cilla = s.addUser({ username: "cilla", name: "Cilla Ceder", orgId: 2, roles: ["kansli"] });
    users.bo = s.addUser({ username: "bo", name: "Bo Berg", orgId: 3, roles: ["case_worker"] });
    users.rut = s.addUser({ username: "rut", name: "Rut Läsare", orgId: 3, roles: ["reader"] });
    users.tore = s.addUser({ username: "tore", name: "Tore Tränare", orgId: 1, roles: ["trainer"] });
    const a = users.anna.id, b = users.bo.id;
    // Contacts in March–April (reports) and in weeks 44–45 (weekly list).
    s.sql(`INSERT INTO employer_contacts (employer_id, user_id, org_id, date, channel, purpose, stage, note, next_step_date, created_at) VALUES
 (5, ${a}, 2, '2026-03-02', 'visit', 'placement', 1, NULL, NULL, '2026-11-18T08:00:00Z'),
 (5, ${a}, 2, '2026-03-04', 'phone', 'placement', 2, NULL, NULL, '2026-11-18T08:00:00Z'),
 (6, ${a}, 2, '2026-03-10', 'phone', 'recruitment', NULL, NULL, NULL, '2026-11-18T08:00:00Z'),
 (6, ${b}, 3, '2026-04-01', 'email', 'information', 1, NULL, NULL, '2026-11-18T08:00:00Z'),
 (7, ${a}, 2, '2026-10-28', 'phone', 'recruitment', NULL, NULL, '2026-11-05', '2026-11-18T08:00:00Z'),
 (7, ${a}, 2, '2026-11-03', 'meeting', 'follow_up', 3, 'Kaffe', '2026-11-12', '2026-11-18T08:00:00Z'),
 (7, ${b}, 3, '2026-11-06', 'event', 'information', NULL, NULL, NULL, '2026-11-18T08:00:00Z');`);
    await s.start();
    await loginAll();
});

after(() => s?.close());

const contact = (extra = {}) => ({ date: "2026-11-18", channel: "phone", purpose: "recruitment", ...extra });

test("logging a contact: the actor's user and organisation, validation, who may", async () => {
    let r = await c.anna.post("/api/v1/employers/2/contacts", contact({ stage: 1, note: "Ringde VD", next_step_date: "2026-11-25" }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.employer_id, 2);
    assert.equal(r.body.employer_name, "Smide AB");
    assert.equal(r.body.user_id, users.anna.id);
    assert.equal(r.body.user_name, "Anna Andersson");
    assert.equal(r.body.org_id, 2);
    assert.equal(r.body.org_name, "AF Trollhättan");
    assert.equal(r.body.stage, 1);
    assert.equal(r.body.note, "Ringde VD");
    assert.equal(r.body.next_step_date, "2026-11-25");
    assert.deepEqual(r.body.warnings, []);
    const id = r.body.id;
    assert.equal(s.sql(`SELECT action || ' ' || entity || ' ' || entity_id || ' ' || user_id FROM audit_events WHERE entity = 'employer_contact';`).trim(),
        `create employer_contact ${id} ${users.anna.id}`);

    // user_id and org_id in the body are not taken; no date means today; null stage is none.
    r = await c.anna.post("/api/v1/employers/2/contacts", { channel: "email", purpose: "information", stage: null, user_id: users.bo.id, org_id: 3 });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.date, "2026-11-20");
    assert.equal(r.body.user_id, users.anna.id);
    assert.equal(r.body.org_id, 2);
    assert.equal(r.body.stage, null);

    // Validation, all at once.
    r = await c.anna.post("/api/v1/employers/2/contacts", {
        date: "2026-11-21", channel: "fax", purpose: "lunch", stage: 4, note: "x".repeat(4001), next_step_date: "2026-11-01",
    });
    assert.deepEqual(invalidNames(r).sort(), ["channel", "date", "next_step_date", "note", "purpose", "stage"]);
    r = await c.anna.post("/api/v1/employers/2/contacts", contact({ next_step_date: "2026-11-17", stage: 0 }));
    assert.deepEqual(invalidNames(r).sort(), ["next_step_date", "stage"]);
    r = await c.anna.post("/api/v1/employers/2/contacts", contact({ date: "2026-02-30" }));
    assert.deepEqual(invalidNames(r), ["date"]);
    r = await c.anna.post("/api/v1/employers/2/contacts", contact({ stage: "1" }));
    assert.deepEqual(invalidNames(r), ["stage"]);
    // 4000 characters (not bytes) are allowed.
    r = await c.anna.post("/api/v1/employers/2/contacts", contact({ note: "å".repeat(4000), next_step_date: "2026-11-18" }));
    assert.equal(r.status, 201, r.text);

    assertProblem(await c.anna.post("/api/v1/employers/999/contacts", contact()), 404);
    assertProblem(await c.rut.post("/api/v1/employers/2/contacts", contact()), 403);
    assertProblem(await c.tore.post("/api/v1/employers/2/contacts", contact()), 403);
    assertProblem(await s.client().post("/api/v1/employers/2/contacts", contact()), 401);
    // The admin, kansli and case workers log too.
    for (const who of ["admin", "cilla", "bo"]) {
        r = await c[who].post("/api/v1/employers/3/contacts", contact());
        assert.equal(r.status, 201, `${who}: ${r.text}`);
    }
});

test("history: every partner's contacts, newest first, with user and organisation", async () => {
    let r = await c.tore.get("/api/v1/employers/7/contacts");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 3);
    assert.deepEqual(r.body.items.map((k) => [k.date, k.user_name, k.org_name, k.channel, k.stage]), [
        ["2026-11-06", "Bo Berg", "Kommunen", "event", null],
        ["2026-11-03", "Anna Andersson", "AF Trollhättan", "meeting", 3],
        ["2026-10-28", "Anna Andersson", "AF Trollhättan", "phone", null],
    ]);
    r = await c.bo.get("/api/v1/employers/7/contacts?limit=1&offset=1");
    assert.equal(r.body.total, 3);
    assert.equal(r.body.limit, 1);
    assert.deepEqual(r.body.items.map((k) => k.note), ["Kaffe"]);
    assertProblem(await c.rut.get("/api/v1/employers/7/contacts"), 403);
    assertProblem(await c.bo.get("/api/v1/employers/999/contacts"), 404);
    assertProblem(await c.bo.get("/api/v1/employers/999/recent-contacts"), 404);
});

test("recent-contact warning: Y is told about X, X is not, the own organisation never", async () => {
    // Employer 1: nobody yet.
    let r = await c.bo.get("/api/v1/employers/1/recent-contacts");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { days: 14, items: [] });

    // X (AF Trollhättan) contacts employer 1.
    r = await c.anna.post("/api/v1/employers/1/contacts", contact());
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.warnings, []);
    const xId = r.body.id;

    // Y (Kommunen) sees it before saving, and is warned on saving.
    r = await c.bo.get("/api/v1/employers/1/recent-contacts");
    assert.equal(r.body.items.length, 1);
    assert.equal(r.body.items[0].id, xId);
    assert.equal(r.body.items[0].detail, "AF Trollhättan (Anna Andersson) 2026-11-18, telefon");
    r = await c.bo.post("/api/v1/employers/1/contacts", contact({ date: "2026-11-20", channel: "visit" }));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.warnings, [
        { code: "recent_contact", detail: "AF Trollhättan (Anna Andersson) 2026-11-18, telefon", contact_id: xId },
    ]);

    // X again, and a colleague at X: warned about Y only, never about their own organisation.
    for (const who of ["anna", "cilla"]) {
        r = await c[who].post("/api/v1/employers/1/contacts", contact({ channel: "email" }));
        assert.equal(r.status, 201, r.text);
        assert.deepEqual(r.body.warnings.map((w) => w.detail), ["Kommunen (Bo Berg) 2026-11-20, besök"], who);
    }
    r = await c.anna.get("/api/v1/employers/1/recent-contacts");
    assert.deepEqual(r.body.items.map((k) => k.org_name), ["Kommunen"]);

    // A contact logged afterwards for an earlier day is warned of what came later.
    r = await c.bo.post("/api/v1/employers/4/contacts", contact({ date: "2026-11-10" }));
    assert.deepEqual(r.body.warnings, []);
    r = await c.anna.post("/api/v1/employers/4/contacts", contact({ date: "2026-11-01" }));
    assert.deepEqual(r.body.warnings.map((w) => w.detail), ["Kommunen (Bo Berg) 2026-11-10, telefon"]);
    // Older than 14 days before the contact's date: no warning.
    r = await c.bo.post("/api/v1/employers/6/contacts", contact({ date: "2026-11-20" }));
    assert.deepEqual(r.body.warnings, []); // AF's contact of 2026-03-10 is long gone
});

test("settings: recent_contact_days is read and changed through /settings", async () => {
    let r = await c.tore.get("/api/v1/settings");
    assert.equal(r.body.recent_contact_days, 14);
    assert.deepEqual(r.body.funding_benchmark, { individual: 60, structural: 30, competence: 10 });
    for (const bad of [0, 366, "7", 1.5])
        assert.deepEqual(invalidNames(await c.admin.patch("/api/v1/settings", { recent_contact_days: bad })), ["recent_contact_days"], String(bad));
    assertProblem(await c.anna.patch("/api/v1/settings", { recent_contact_days: 30 }), 403);
    r = await c.cilla.patch("/api/v1/settings", { recent_contact_days: 30 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.recent_contact_days, 30);
    assert.deepEqual(r.body.funding_benchmark, { individual: 60, structural: 30, competence: 10 });
    assert.match(s.sql("SELECT detail FROM audit_events WHERE entity = 'settings' ORDER BY id DESC LIMIT 1;"), /recent_contact_days/);
    r = await c.bo.get("/api/v1/employers/7/recent-contacts"); // AF's 2026-11-03 is 17 days old
    assert.equal(r.body.days, 30);
    assert.deepEqual(r.body.items.map((k) => k.date), ["2026-11-03", "2026-10-28"]);
    // The funding benchmark still changes on its own and keeps the days.
    r = await c.admin.patch("/api/v1/settings", { funding_benchmark: { individual: 50, structural: 40 } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.recent_contact_days, 30);
    r = await c.admin.patch("/api/v1/settings", { recent_contact_days: 14, funding_benchmark: { individual: 60, structural: 30 } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.recent_contact_days, 14);
});

test("weekly list: the week's contacts and next steps, ISO weeks validated", async () => {
    let r = await c.tore.get("/api/v1/employer-contacts?week=2026-W45");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.week, "2026-W45");
    assert.equal(r.body.from, "2026-11-02");
    assert.equal(r.body.to, "2026-11-08");
    assert.deepEqual(r.body.contacts.map((k) => [k.date, k.employer_id, k.employer_name, k.user_name, k.org_name, k.channel, k.purpose, k.stage, k.next_step_date]), [
        ["2026-11-03", 7, "Bygg Tre AB", "Anna Andersson", "AF Trollhättan", "meeting", "follow_up", 3, "2026-11-12"],
        ["2026-11-06", 7, "Bygg Tre AB", "Bo Berg", "Kommunen", "event", "information", null, null],
    ]);
    assert.deepEqual(r.body.next_steps.map((k) => [k.date, k.next_step_date]), [["2026-10-28", "2026-11-05"]]);
    r = await c.bo.get("/api/v1/employer-contacts?week=2026-W46");
    assert.deepEqual(r.body.contacts.map((k) => [k.date, k.org_name]), [["2026-11-10", "Kommunen"]]); // logged above
    assert.deepEqual(r.body.next_steps.map((k) => k.next_step_date), ["2026-11-12"]);

    // Default: this week (2026-11-20 is in W47), with the contacts logged above.
    r = await c.bo.get("/api/v1/employer-contacts");
    assert.equal(r.body.week, "2026-W47");
    assert.equal(r.body.from, "2026-11-16");
    assert.ok(r.body.contacts.length >= 5);
    assert.ok(r.body.contacts.every((k) => k.date >= "2026-11-16" && k.date <= "2026-11-22"));
    assert.ok(r.body.contacts.some((k) => k.employer_id === 1 && k.org_name === "Kommunen"));

    // 2026 has a week 53 (from Monday 2026-12-28); 2025 has not.
    r = await c.bo.get("/api/v1/employer-contacts?week=2026-W53");
    assert.equal(r.body.from, "2026-12-28");
    assert.equal(r.body.to, "2027-01-03");
    r = await c.bo.get("/api/v1/employer-contacts?week=2026-W01");
    assert.equal(r.body.from, "2025-12-29");
    for (const bad of ["2025-W53", "2026-W00", "2026-48", "2026-W5", "2026-w48", "W48"])
        assert.deepEqual(invalidNames(await c.bo.get(`/api/v1/employer-contacts?week=${bad}`)), ["week"], bad);
    assertProblem(await c.rut.get("/api/v1/employer-contacts"), 403);
});

const BOM = "\uFEFF";

test("weekly list as CSV and XLSX: the week's contacts by name in Swedish, then its next steps (a sheet of their own)", async () => {
    let r = await c.tore.get("/api/v1/employer-contacts?week=2026-W45&format=csv", { headers: {} });
    assert.equal(r.status, 200, r.text);
    assert.match(r.contentType, /^text\/csv; charset=utf-8/);
    assert.equal(r.headers.get("content-disposition"), 'attachment; filename="samsyn-veckolista-2026-W45.csv"');
    assert.deepEqual(r.text.replace(BOM, "").split("\r\n"), [
        "Datum;Arbetsgivare;Vem;Organisation;Kontaktsätt;Syfte;IPS-steg;Anteckning;Nästa steg",
        "2026-11-03;Bygg Tre AB;Anna Andersson;AF Trollhättan;möte;uppföljning;3;Kaffe;2026-11-12",
        "2026-11-06;Bygg Tre AB;Bo Berg;Kommunen;evenemang;information;;;",
        "Antal kontakter;2",
        "",
        "Nästa steg som infaller vecka 45",
        "Nästa steg;Arbetsgivare;Vem;Organisation;Från kontakten;Kontaktsätt;Anteckning",
        "2026-11-05;Bygg Tre AB;Anna Andersson;AF Trollhättan;2026-10-28;telefon;",
        "",
    ]);
    r = await c.tore.getBytes("/api/v1/employer-contacts?week=2026-W45&format=xlsx");
    assert.equal(r.status, 200);
    assert.equal(r.contentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert.equal(r.headers.get("content-disposition"), 'attachment; filename="samsyn-veckolista-2026-W45.xlsx"');
    const sheet = readSheet(r.bytes);
    assert.equal(sheet.rows.get(1)[0].value, "Veckolista: kontakter med arbetsgivare");
    assert.equal(sheet.rows.get(2)[0].value, "Vecka 45: 2026-11-02 – 2026-11-08");
    const h = sheet.frozenRows;
    assert.equal(rowValues(sheet.rows.get(h))[0], "Datum");
    assert.ok(sheet.rows.get(h).every((cell) => cell.bold));
    assert.deepEqual(rowValues(sheet.rows.get(h + 1)), [
        "2026-11-03", "Bygg Tre AB", "Anna Andersson", "AF Trollhättan", "möte", "uppföljning", 3, "Kaffe", "2026-11-12",
    ]);
    assert.equal(sheet.rows.get(h + 1)[6].type, "n");
    assert.deepEqual(rowValues(sheet.rows.get(h + 3)), ["Antal kontakter", 2]);
    assert.equal(sheet.rows.get(h + 4), undefined, "the next steps are not on the first sheet");
    // Each table's header bold and frozen: the next steps on a sheet of their own.
    assert.deepEqual(sheetNames(r.bytes), ["Tabell", "Nästa steg"]);
    const next = readSheet(r.bytes, 2);
    assert.equal(next.rows.get(1)[0].value, "Nästa steg som infaller vecka 45");
    assert.equal(next.frozenRows, 3);
    assert.deepEqual(rowValues(next.rows.get(3)), ["Nästa steg", "Arbetsgivare", "Vem", "Organisation", "Från kontakten", "Kontaktsätt", "Anteckning"]);
    assert.ok(next.rows.get(3).every((cell) => cell.bold));
    assert.deepEqual(rowValues(next.rows.get(4)).slice(0, 6), ["2026-11-05", "Bygg Tre AB", "Anna Andersson", "AF Trollhättan", "2026-10-28", "telefon"]);
    assert.ok(next.rows.get(4).every((cell) => !cell.bold));
    assert.ok(next.cols.length >= 6, "its own column widths");
    // A bad format or week changes nothing and names the parameter; a reader may not.
    assert.deepEqual(invalidNames(await c.bo.get("/api/v1/employer-contacts?week=2026-W45&format=ods")), ["format"]);
    assert.deepEqual(invalidNames(await c.bo.get("/api/v1/employer-contacts?week=2026-W00&format=xlsx")), ["week"]);
    assertProblem(await c.rut.get("/api/v1/employer-contacts?format=xlsx"), 403);
});

test("the employer list as CSV and XLSX: every employer the filters find, with industry and kommun by name", async () => {
    let r = await c.rut.get("/api/v1/employers?format=csv&municipality_code=1487&limit=1");
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get("content-disposition"), /^attachment; filename="samsyn-arbetsgivare-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = r.text.replace(BOM, "").split("\r\n").filter(Boolean);
    assert.equal(lines[0], "Organisationsnummer;Namn;SNI-kod;Bransch;Storleksklass (anställda);Kommunkod;Kommun;Adress;Postnummer;Ort;Huvudkontakt");
    assert.equal(lines.length, 4, lines.join("\n"));
    assert.ok(lines.some((l) => l.startsWith("5560000005;Bygg AB;41200;") && l.includes(";10-19;1487;Vänersborg;")), lines.join("\n"));
    r = await c.rut.getBytes("/api/v1/employers?format=xlsx&sni=C");
    assert.equal(r.contentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const sheet = readSheet(r.bytes);
    assert.equal(sheet.rows.get(1)[0].value, "Arbetsgivare");
    assert.equal(sheet.rows.get(2)[0].value, "Bransch (SNI): C");
    assert.equal(sheet.rows.get(3)[0].value, "4 arbetsgivare");
    assert.equal([...sheet.rows.keys()].filter((n) => n > sheet.frozenRows).length, 4);
    assert.ok(sheet.rows.get(sheet.frozenRows).every((cell) => cell.bold));
    assert.deepEqual(invalidNames(await c.rut.get("/api/v1/employers?format=pdf")), ["format"]);
});

test("industry report: SNI section × size class, municipality filter, CSV, suppress", async () => {
    let r = await c.rut.get("/api/v1/reports/employers?by=sni_section,size_class&municipality_code=1488,1487");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, {
        rows: [
            { key: { sni_section: "C", size_class: "1-4" }, count: 2 },
            { key: { sni_section: "C", size_class: "5-9" }, count: 1 },
            { key: { sni_section: "F", size_class: "10-19" }, count: 3 },
            { key: { sni_section: "G", size_class: "1-4" }, count: 1 },
            { key: { sni_section: null, size_class: null }, count: 1 },
        ],
        total: 8,
    });
    // The default grouping, all municipalities (1462's employer counts now).
    r = await c.rut.get("/api/v1/reports/employers");
    assert.deepEqual(r.body.rows[0], { key: { sni_section: "C", size_class: "1-4" }, count: 3 });
    assert.equal(r.body.total, 9);
    // Codes given twice count once.
    r = await c.rut.get("/api/v1/reports/employers?by=municipality&municipality_code=1487,1487");
    assert.deepEqual(r.body, { rows: [{ key: { municipality_code: "1487" }, count: 3 }], total: 3 });
    r = await c.rut.get("/api/v1/reports/employers?by=municipality");
    assert.deepEqual(r.body.rows.map((x) => [x.key.municipality_code, x.count]), [["1462", 1], ["1487", 3], ["1488", 5]]);
    // Size classes smallest first, not in text order.
    r = await c.rut.get("/api/v1/reports/employers?by=size_class");
    assert.deepEqual(r.body.rows.map((x) => [x.key.size_class, x.count]), [["1-4", 4], ["5-9", 1], ["10-19", 3], [null, 1]]);
    r = await c.rut.get("/api/v1/reports/employers?by=sni_division");
    assert.deepEqual(r.body.rows.map((x) => [x.key.sni_division, x.count]), [["25", 4], ["41", 1], ["43", 2], ["47", 1], [null, 1]]);
    r = await c.rut.get("/api/v1/reports/employers?by=size_class,sni_division&municipality_code=1462");
    assert.deepEqual(r.body, { rows: [{ key: { size_class: "1-4", sni_division: "25" }, count: 1 }], total: 1 });

    // suppress=2: the ones are hidden; the three would be 8 − 2 − 3 = 3
    // together, so 1 each: the 2 is hidden too, and the total stays.
    r = await c.rut.get("/api/v1/reports/employers?by=sni_section,size_class&municipality_code=1488,1487&suppress=2");
    assert.deepEqual(r.body, {
        rows: [
            { key: { sni_section: "C", size_class: "1-4" }, count: null, suppressed: true },
            { key: { sni_section: "C", size_class: "5-9" }, count: null, suppressed: true },
            { key: { sni_section: "F", size_class: "10-19" }, count: 3 },
            { key: { sni_section: "G", size_class: "1-4" }, count: null, suppressed: true },
            { key: { sni_section: null, size_class: null }, count: null, suppressed: true },
        ],
        total: 8,
        suppression: { threshold: 2, cells: ["/rows/0/count", "/rows/1/count", "/rows/3/count", "/rows/4/count"] },
    });

    // CSV for Swedish Excel.
    r = await c.rut.get("/api/v1/reports/employers?by=sni_section,size_class&municipality_code=1488,1487&format=csv");
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^text\/csv/);
    assert.match(r.headers.get("content-disposition"), /^attachment; filename="samsyn-naringslivsstruktur-sni_section,size_class-register\.csv"$/);
    assert.equal(r.text.replace(BOM, ""), ["SNI-avdelning;Storleksklass;Antal", "C;1-4;2", "C;5-9;1", "F;10-19;3", "G;1-4;1", ";;1", "Totalt;;8", ""].join("\r\n"));
    r = await c.rut.get("/api/v1/reports/employers?by=municipality&suppress=2", { headers: { Accept: "text/csv" } });
    assert.equal(
        r.text.replace(BOM, ""),
        ["Kommunkod;Antal", "1462;..", "1487;..", "1488;5", "Totalt;9", ".. = färre än 2 eller dold för att skydda en annan cell", ""].join("\r\n"),
    );

    // Parameter errors name the parameter.
    for (const q of ["by=sni_section,sni_section", "by=sni", "by=sni_section,size_class,municipality", "by=,size_class"])
        assert.deepEqual(invalidNames(await c.rut.get(`/api/v1/reports/employers?${q}`)), ["by"], q);
    assert.deepEqual(invalidNames(await c.rut.get("/api/v1/reports/employers?municipality_code=1488,9999")), ["municipality_code"]);
    assert.deepEqual(invalidNames(await c.rut.get("/api/v1/reports/employers?suppress=1")), ["suppress"]);
    assertProblem(await s.client().get("/api/v1/reports/employers"), 401);
});

test("needs, contacts and IPS reports", async () => {
    let r = await c.rut.get("/api/v1/reports/needs");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, {
        rows: [
            { key: { ssyk_code: "5120" }, headcount: 1, employers: 1 },
            { key: { ssyk_code: "7212" }, headcount: 5, employers: 2 },
        ],
        total: { headcount: 6, employers: 2 },
    });
    r = await c.rut.get("/api/v1/reports/needs?by=ssyk,municipality");
    assert.deepEqual(r.body.rows.map((x) => [x.key.ssyk_code, x.key.municipality_code, x.headcount, x.employers]), [
        ["5120", "1488", 1, 1], ["7212", "1487", 3, 1], ["7212", "1488", 2, 1],
    ]);
    r = await c.rut.get("/api/v1/reports/needs?by=municipality&format=csv");
    assert.equal(r.text.replace(BOM, ""), ["Kommunkod;Antal personer;Antal arbetsgivare", "1487;3;1", "1488;3;1", "Totalt;6;2", ""].join("\r\n"));

    r = await c.rut.get("/api/v1/reports/contacts?from=2026-03-01&to=2026-04-30");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, {
        rows: [
            { key: { org: "AF Trollhättan", month: "2026-03" }, count: 3 },
            { key: { org: "Kommunen", month: "2026-04" }, count: 1 },
        ],
        total: 4,
    });
    r = await c.rut.get("/api/v1/reports/contacts?from=2026-03-01&to=2026-04-30&by=channel");
    assert.deepEqual(r.body.rows.map((x) => [x.key.channel, x.count]), [["email", 1], ["phone", 2], ["visit", 1]]);
    assert.deepEqual(invalidNames(await c.rut.get("/api/v1/reports/contacts?from=2026-05-01&to=2026-04-30")), ["to"]);

    r = await c.bo.get("/api/v1/reports/ips?from=2026-03-01&to=2026-04-30");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, {
        rows: [
            { key: { user_id: users.anna.id, user: "Anna Andersson", week: "2026-W10" }, count: 2 },
            { key: { user_id: users.bo.id, user: "Bo Berg", week: "2026-W14" }, count: 1 },
        ],
        total: 3,
    });
    r = await c.bo.get("/api/v1/reports/ips?from=2026-03-01&to=2026-04-30&format=csv");
    assert.equal(r.text.replace(BOM, "").split("\r\n")[0], "Användar-id;Användare;Vecka;Antal");
    assertProblem(await c.rut.get("/api/v1/reports/ips"), 403);
});

test("a saved contact is corrected or removed by its author or an admin, audited", async () => {
    const K = "/api/v1/employers/8/contacts";
    let r = await c.anna.post(K, contact({ stage: 2, note: "Fel anteckning", next_step_date: "2026-11-30" }));
    assert.equal(r.status, 201, r.text);
    const k = r.body;
    const stored = () => s.sql(`SELECT date || ' ' || COALESCE(CAST(stage AS TEXT), '-') || ' ' || COALESCE(note, '-') FROM employer_contacts WHERE id = ${k.id};`).trim();
    const was = stored();

    // Others who read the log may not; a contact of another employer is not there.
    for (const who of ["bo", "cilla"]) assertProblem(await c[who].patch(`${K}/${k.id}`, { note: "Mitt" }), 403);
    for (const who of ["rut", "tore"]) assertProblem(await c[who].patch(`${K}/${k.id}`, { note: "Mitt" }), 403);
    assertProblem(await c.bo.del(`${K}/${k.id}`), 403);
    assertProblem(await c.anna.patch(`/api/v1/employers/7/contacts/${k.id}`, { note: "Mitt" }), 404);
    assertProblem(await c.anna.del(`/api/v1/employers/7/contacts/${k.id}`), 404);
    assertProblem(await c.anna.patch(`${K}/999999`, { note: "Mitt" }), 404);
    // The rules of a new contact: not in the future, next step not before it.
    assert.deepEqual(invalidNames(await c.anna.patch(`${K}/${k.id}`, { date: "2026-11-21" })), ["date"]);
    assert.deepEqual(invalidNames(await c.anna.patch(`${K}/${k.id}`, { next_step_date: "2026-11-01" })), ["next_step_date"]);
    assert.deepEqual(invalidNames(await c.anna.patch(`${K}/${k.id}`, { channel: "fax" })), ["channel"]);
    assert.equal(stored(), was, "nothing changed");

    // The author corrects what she sends; the rest stays.
    r = await c.anna.patch(`${K}/${k.id}`, { note: "Rätt anteckning", stage: null, date: "2026-11-17" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.note, "Rätt anteckning");
    assert.equal(r.body.stage, null);
    assert.equal(r.body.date, "2026-11-17");
    assert.equal(r.body.channel, "phone");
    assert.equal(r.body.next_step_date, "2026-11-30");
    assert.equal(r.body.user_id, users.anna.id);
    // An admin may too (a note that should not have been written).
    r = await c.admin.patch(`${K}/${k.id}`, { note: null });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.note, null);
    assert.equal(r.body.user_id, users.anna.id, "still the author's contact");

    r = await c.anna.del(`${K}/${k.id}`);
    assert.equal(r.status, 204, r.text);
    assert.ok(!(await c.anna.get(K)).body.items.some((x) => x.id === k.id));
    assertProblem(await c.anna.del(`${K}/${k.id}`), 404);
    const events = s.sql(`SELECT action || ' ' || user_id || ' ' || COALESCE(detail, '-') FROM audit_events WHERE entity = 'employer_contact' AND entity_id = ${k.id} ORDER BY id;`)
        .trim().split("\n");
    assert.deepEqual(events, [
        `create ${users.anna.id} -`,
        `update ${users.anna.id} employer 8`,
        `update 1 employer 8`,
        `delete ${users.anna.id} employer 8`,
    ]);
});

test("after recent_contact_days have passed there is no warning", async () => {
    // Employer 9: X (AF) on 2026-11-20.
    let r = await c.anna.post("/api/v1/employers/9/contacts", contact({ date: "2026-11-20" }));
    assert.deepEqual(r.body.warnings, []);
    const restartOn = async (today) => {
        await s.stop();
        s.log = s.stdout = ""; // start() looks for the new url= line
        process.env.SAMSYN_TODAY = today;
        await s.start();
        await loginAll();
    };
    // 14 days later the contact is still within the window…
    await restartOn("2026-12-04");
    r = await c.bo.get("/api/v1/employers/9/recent-contacts");
    assert.deepEqual(r.body.items.map((k) => k.detail), ["AF Trollhättan (Anna Andersson) 2026-11-20, telefon"]);
    // …15 days later it is not, neither before nor on saving.
    await restartOn("2026-12-05");
    r = await c.bo.get("/api/v1/employers/9/recent-contacts");
    assert.deepEqual(r.body.items, []);
    r = await c.bo.post("/api/v1/employers/9/contacts", contact({ date: "2026-12-05" }));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.warnings, []);
    // A longer setting brings it back.
    assert.equal((await c.admin.patch("/api/v1/settings", { recent_contact_days: 20 })).status, 200);
    r = await c.cilla.post("/api/v1/employers/9/contacts", contact({ date: "2026-12-05" }));
    assert.deepEqual(r.body.warnings.map((w) => w.detail), ["Kommunen (Bo Berg) 2026-12-05, telefon"]);
    r = await c.bo.post("/api/v1/employers/9/contacts", contact({ date: "2026-12-05" }));
    assert.deepEqual(r.body.warnings.map((w) => w.detail), [
        "AF Trollhättan (Cilla Ceder) 2026-12-05, telefon",
        "AF Trollhättan (Anna Andersson) 2026-11-20, telefon",
    ]);
});
