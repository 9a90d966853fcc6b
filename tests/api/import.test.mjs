// import.test.mjs — participants with enrolments from CSV, over HTTP
// (POST /participants/import, text/csv) and the CLI (samsyn import
// participants): a good file creates participants (one per personnummer or
// anonymous ref, however many lines) and their enrolments; a file with any bad
// line imports nothing and lists every bad line with a Swedish reason; only an
// admin may import; the import is audited; a personnummer already in Samsyn
// gets the new enrolments; no personnummer reaches the server log.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Samsyn, assertProblem, csvLines as csv, startSamsyn, AF_STEGET_SQL } from "./lib.mjs";

let s, admin, anna;

before(async () => {
    // ---- Fixture: an organisation and two interventions, straight into the db.
    s = await startSamsyn({
        sql: AF_STEGET_SQL + `
        INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at, updated_at) VALUES
          (101, 'Avslutad', 'individual', 2, '2020-01-01', '2021-12-31', 'ended', 'participants', 'x', 'x');
    `,
        users: [
            { username: "anna", orgId: 2, roles: ["case_worker"] },
        ],
    });
    [admin, anna] = await s.loginAll(["admin", "anna"]);
});

after(() => s?.close());

const URL = "/api/v1/participants/import";
const post = (client, body, type) => client.postCsv(URL, body, type);
const count = async (what) => Number(s.sql(`SELECT COUNT(*) FROM ${what};`).trim());

const GOOD = csv([
    "ref,personnummer,first_name,last_name,anonymous,sex,birth_year,municipality_code,target_groups,intervention_id,start_date,end_date,occupation_before,income_sources_before,outcome,exit_reason,income_sources_after",
    ",19900101-0017,Sven,Svensson,,,,1488,A|B,100,2024-02-01,2024-06-30,job_seeking,social_assistance,work,completed,salary",
    ",199001010017,Sven,Svensson,,,,1488,A,100,2024-08-01,,job_seeking,social_assistance|other,,,",
    'a1,,,,ja,K,1985,1487,B,100,2024-03-01,,,,,,',
    'a1,,,,ja,K,1985,1487,B,100,2024-09-01,,,,,,',
    'a2,,,,ja,M,1970,1444,,100,2024-03-01,,,,,,',
    ",121212-1212,Tolva,\"Tolvansson, d.y.\",nej,,,1444,,,,,,,,,",
]);

test("only an admin may import; the body must be text/csv", async () => {
    assertProblem(await post(anna, GOOD), 403);
    assertProblem(await post(admin, GOOD, "application/json"), 415);
    assert.equal(await count("participants"), 0);
});

test("a file with bad lines imports nothing and lists every bad line", async () => {
    const before = await count("audit_events");
    const bad = csv([
        "personnummer;first_name;last_name;intervention_id;start_date;end_date;outcome",
        "19900101-0017;Sven;Svensson;100;2024-02-01;;", // fine on its own
        "19900101-0018;A;B;;;;", // check digit
        "20000101-0024;Anna;Berg;100;2024-02-01;2024-01-01;work", // end before start
        "20000101-0024;Annie;Berg;100;2024-03-01;;", // same person, other name
        "20100101-0022;C;D;99;2024-02-01;;", // no such intervention
        "20100101-0022;C;D;101;2023-02-01;;", // starts after the ended intervention's end
        "20100101-0022;C;D;100;2024-02-01;;flyttat", // unknown code, outcome without end
        "20100101-0022;;;100;2024-02-01;;;", // too many fields
    ]);
    const r = await post(admin, bad);
    const body = assertProblem(r, 422, "validation");
    assert.deepEqual(body.errors.map((e) => e.line), [3, 4, 5, 6, 7, 8, 9]);
    for (const e of body.errors) assert.ok(e.reason.length > 5, JSON.stringify(e));
    assert.match(body.errors[0].reason, /kontrollsiffra/);
    assert.match(body.errors[1].reason, /^end_date:/);
    assert.match(body.errors[2].reason, /rad 4/);
    assert.match(body.errors[3].reason, /^intervention_id:/);
    assert.match(body.errors[5].reason, /outcome( "[^"]*")?:/);
    assert.match(body.errors[6].reason, /fält/);
    assert.equal(body.created, 0);
    assert.equal(body.bad_lines, 7);
    assert.equal(await count("participants"), 0, "nothing imported");
    assert.equal(await count("enrolments"), 0);
    assert.equal(await count("audit_events"), before, "no audit events of a rolled-back import");
    // Header problems are line 1.
    const h = await post(admin, csv(["personnummer,skonummer", "19900101-0017,42"]));
    assert.deepEqual(assertProblem(h, 422).errors, [{ line: 1, reason: 'Okänd kolumn "skonummer".' }]);
    assert.equal(assertProblem(await post(admin, ""), 422).errors[0].line, 1);
    // Past 1 000 bad lines: one entry for the rest, every line counted.
    const many = csv(["personnummer;first_name;last_name", ...Array.from({ length: 1005 }, () => "19900101-0018;A;B")]);
    const m = assertProblem(await post(admin, many), 422, "validation");
    assert.equal(m.bad_lines, 1005);
    assert.equal(m.errors.length, 1001);
    assert.deepEqual(m.errors[1000], { line: 1002, reason: "… och 5 fler rader med fel." });
    assert.equal(await count("participants"), 0);
});

test("a good file creates one participant per person and all enrolments, audited", async () => {
    const r = await post(admin, GOOD);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { created: 4, updated: 0, enrolments: 5, bad_lines: 0, errors: [] });
    const sven = s.sql("SELECT id, personnummer, sex, municipality_code FROM participants WHERE first_name = 'Sven';").trim();
    assert.match(sven, /^\d+\|199001010017\|male\|1488$/);
    assert.equal(s.sql("SELECT COUNT(*) FROM participants WHERE anonymous = 1;").trim(), "2");
    assert.equal(s.sql("SELECT last_name FROM participants WHERE personnummer = '201212121212';").trim(), "Tolvansson, d.y.");
    const svenId = sven.split("|")[0];
    assert.equal(s.sql(`SELECT COUNT(*) FROM enrolments WHERE participant_id = ${svenId};`).trim(), "2");
    assert.equal(
        s.sql(`SELECT code FROM enrolment_income_sources WHERE phase = 'exit';`).trim(),
        "salary",
    );
    const ev = await admin.get("/api/v1/audit?action=import&limit=5");
    assert.equal(ev.status, 200);
    assert.equal(ev.body.items.length, 1);
    assert.match(ev.body.items[0].detail, /created 4, updated 0, enrolments 5/);
    assert.equal(s.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'create' AND entity = 'participant';").trim(), "4");
});

test("the CLI imports the same format; a known personnummer gets new enrolments", async () => {
    const file = path.join(s.dir, "more.csv");
    writeFileSync(file, "\ufeffpersonnummer;first_name;last_name;intervention_id;start_date\n199001010017;Sven;Svensson;100;2025-01-10\n");
    const out = s.cli(["import", "participants", file]);
    assert.match(out.stdout, /0 nya deltagare, 1 befintliga, 1 inskrivningar/);
    const bad = path.join(s.dir, "bad.csv");
    writeFileSync(bad, "personnummer,first_name,last_name\n19900101-0018,X,Y\n");
    const r = s.cli(["import", "participants", bad], { expectStatus: 1 });
    assert.match(r.stderr, /rad 2: personnummer:/);
    assert.equal(await count("participants"), 4);
    s.cli(["import", "participants", "--help"]);
    s.cli(["import", "participants"], { expectStatus: 2 });
});

test("no personnummer in the server log", async () => {
    for (const p of ["19900101", "199001010017", "9001010017", "121212"]) assert.ok(!s.log.includes(p), `log holds ${p}`);
});

test("a bad line lists every fault it has, not only the first", async () => {
    // The line of issue 11: a bad municipality, an unknown target group, an
    // end before the start and three unknown codes.
    const body = csv([
        "personnummer,first_name,last_name,municipality_code,target_groups,intervention_id,start_date,end_date,occupation_before,education_level,support_time",
        "19850412-0042,Eva,Ek,9999,Z,100,2024-05-01,2024-04-01,jobbar,kanske,länge",
    ]);
    const before = await count("participants");
    const p = assertProblem(await post(admin, body), 422, "validation");
    assert.equal(p.bad_lines, 1);
    assert.equal(p.errors.length, 1);
    const reason = p.errors[0].reason;
    for (const part of [
        /municipality_code "9999": /,
        /target_groups "Z": Okänd eller inaktiv målgrupp\./,
        /end_date: Slutdatumet får inte vara före startdatumet\./,
        /occupation_before "jobbar": Okänd/,
        /education_level "kanske": Okänd/,
        /support_time "länge": Okänd/,
    ])
        assert.match(reason, part);
    assert.equal(await count("participants"), before, "nothing imported");
});

test("the Swedish labels are read as codes, and the template is a file that imports", async () => {
    const t = await admin.get("/api/v1/participants/import/template.csv");
    assert.equal(t.status, 200, t.text);
    assert.match(t.headers.get("content-type"), /^text\/csv/);
    assert.equal(t.headers.get("content-disposition"), 'attachment; filename="deltagare-mall.csv"');
    const lines = t.text.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    assert.equal(lines.length, 2, "a header and one example row");
    assert.match(lines[1], /Aktivt arbetssökande/, "the example writes labels, as a person would");
    // The example row, with its intervention id made one of this database's, imports.
    const header = lines[0].split(";");
    const row = lines[1].split(";");
    assert.equal(row.length, header.length);
    row[header.indexOf("intervention_id")] = "100";
    const r = await post(admin, csv([lines[0], row.join(";")]));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.created, 1);
    assert.equal(r.body.enrolments, 1);
    const stored = s.sql("SELECT occupation_before FROM enrolments ORDER BY id DESC LIMIT 1;").trim();
    assert.equal(stored, "job_seeking");
    // Only those who may import get it.
    assertProblem(await anna.get("/api/v1/participants/import/template.csv"), 403);
});
