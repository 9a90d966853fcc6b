// employer_import.test.mjs — a company register extract over HTTP (POST
// /employers/import, text/csv) and the CLI (samsyn import employers): a good
// file creates employers, a second one upserts by orgnr; a file with any bad
// line imports nothing and lists every bad line (422 problem+json with
// created/updated/errors); only admin and kansli may import; one audit event
// per import; a sole trader's number never reaches a reason or the log.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ON_PG, assertProblem, runCli, startSamsyn, csvLines as csv } from "./lib.mjs";

let s, admin, kansli, contact;

before(async () => {
    s = await startSamsyn({
        users: [
            { username: "kim", name: "Kim Kansli", roles: ["kansli"] },
            { username: "eva", name: "Eva Arbetsgivarkontakt", roles: ["employer_contact"] },
        ],
    });
    [admin, kansli, contact] = await s.loginAll(["admin", "kim", "eva"]);
});

after(() => s?.close());

const URL = "/api/v1/employers/import";
const post = (client, body, type) => client.postCsv(URL, body, type);
const count = (sql) => Number(s.sql(sql).trim());
const employers = () => count("SELECT COUNT(*) FROM employers;");

const GOOD = csv([
    "orgnr;name;sni_code;size_class;municipality_code;address;postal_code;city",
    "556036-0793;Volvo Personvagnar AB;29.101;500+;1488;Gamla vägen 1;46138;Trollhättan",
    '802002-1120;"Föreningen Ängen, ideell";94920;0;1488;;;',
    "19121212-1212;Tolvan Tolvanssons Måleri;43341;1-4;0180;;;Stockholm",
]);

test("only admin and kansli may import; the body must be text/csv", async () => {
    assertProblem(await post(contact, GOOD), 403);
    assertProblem(await post(admin, GOOD, "application/json"), 415);
    assert.equal(employers(), 0);
});

test("a file with bad lines imports nothing and lists every bad line", async () => {
    const audits = count("SELECT COUNT(*) FROM audit_events;");
    const bad = csv([
        "orgnr,name,sni_code,size_class,municipality_code",
        "5560360793,Volvo,29101,500+,1488", // fine on its own
        "5560360794,Fel,29101,0,1488", // check digit
        "8020021120,,29101,0,1488", // no name
        "2120000142,Stad,99999,0,1488", // unknown SNI
        "9696601237,Storlek,29101,5-10,1488", // unknown size class
        "5566778899,Kommun,29101,0,1400", // unknown municipality
        "556036-0793,Dubblett,29101,0,1488", // the number of line 2
        "19121212-1213,Fel personnummer,43341,0,0180", // a sole trader's check digit
        "5566778899,Få fält,29101", // too few fields
    ]);
    const r = await post(admin, bad);
    const body = assertProblem(r, 422, "validation");
    assert.deepEqual(body.errors.map((e) => e.line), [3, 4, 5, 6, 7, 8, 9, 10]);
    assert.match(body.errors[0].reason, /^orgnr: .*kontrollsiffra/);
    assert.match(body.errors[1].reason, /^name:/);
    assert.match(body.errors[2].reason, /^sni_code:/);
    assert.match(body.errors[3].reason, /^size_class:/);
    assert.match(body.errors[4].reason, /^municipality_code:/);
    assert.equal(body.errors[5].reason, "orgnr: Samma organisationsnummer som på rad 2.");
    assert.match(body.errors[7].reason, /fält/);
    for (const e of body.errors) assert.ok(!/1212/.test(e.reason), `a number echoed: ${e.reason}`);
    assert.equal(body.created, 0);
    assert.equal(body.updated, 0);
    assert.equal(body.bad_lines, 8);
    assert.equal(employers(), 0, "nothing imported");
    assert.equal(count("SELECT COUNT(*) FROM audit_events;"), audits, "no audit event of a rolled-back import");
    // Header problems are line 1.
    const h = await post(admin, csv(["orgnr,name,sni_code,size_class,municipality_code,skonummer", "5560360793,V,29101,0,1488,1"]));
    assert.deepEqual(assertProblem(h, 422).errors, [{ line: 1, reason: 'Okänd kolumn "skonummer".' }]);
    assert.equal(assertProblem(await post(admin, ""), 422).errors[0].line, 1);
});

/** The register's indexes by name and definition: an import into an empty register drops and rebuilds some. */
const indexes = () =>
    s.sql(ON_PG
        ? "SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE tablename = 'employers' ORDER BY 1;"
        : "SELECT name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'employers' ORDER BY 1;");

test("a good file creates employers, a second upserts by orgnr; one audit event each", async () => {
    const before = indexes();
    assert.match(before, /employers_name_key/);
    let r = await post(kansli, GOOD);
    assert.equal(r.status, 200, r.text);
    assert.equal(indexes(), before, "the indexes dropped for the load are built again");
    assert.deepEqual(r.body, { created: 3, updated: 0, rows: 3, bad_lines: 0, errors: [] });
    assert.equal(
        s.sql("SELECT name, name_key, sni_code, sni_section, size_class, postal_code FROM employers WHERE orgnr = '5560360793';").trim(),
        "Volvo Personvagnar AB|volvo personvagnar ab|29101|C|500+|461 38",
    );
    assert.equal(s.sql("SELECT sole_trader FROM employers WHERE orgnr = '1212121212';").trim(), "1");
    r = await post(
        admin,
        csv(["orgnr,name,sni_code,size_class,municipality_code", "5560360793,Volvo Cars AB,29101,200-499,1488", "2120000142,Trollhättans stad,84111,500+,1488"]),
    );
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.created, 1);
    assert.equal(r.body.updated, 1);
    assert.equal(employers(), 4);
    // No address columns: the address stays.
    assert.equal(s.sql("SELECT name || '|' || address FROM employers WHERE orgnr = '5560360793';").trim(), "Volvo Cars AB|Gamla vägen 1");
    const ev = await admin.get("/api/v1/audit?action=import&limit=5");
    assert.equal(ev.status, 200);
    const details = ev.body.items.filter((e) => e.entity === "employer").map((e) => e.detail);
    assert.deepEqual(details.sort(), ["rows 2, created 1, updated 1", "rows 3, created 3, updated 0"]);
    // Readable through the register (when its endpoints are there).
    const got = await contact.get("/api/v1/employers?q=volvo");
    if (got.status === 200) assert.equal(got.body.items[0].name, "Volvo Cars AB");
});

test("the CLI imports the same format; bad lines on standard error, exit 1", async () => {
    const file = path.join(s.dir, "more.csv");
    writeFileSync(file, "\ufefforgnr,name,sni_code,scb_size_code,municipality_code\n9696601237,Bolaget HB,43341,2,1488\n5560360793,Volvo Cars AB,29101,9,1488\n");
    const out = s.cli(["import", "employers", file]);
    assert.match(out.stdout, /2 rader, 1 nya arbetsgivare, 1 uppdaterade/);
    assert.equal(s.sql("SELECT size_class FROM employers WHERE orgnr = '9696601237';").trim(), "1-4");
    const bad = path.join(s.dir, "bad.csv");
    writeFileSync(bad, "orgnr,name,sni_code,size_class,municipality_code\n5566778899,Ny,29101,0,1488\n121212-1213,X,29101,0,1488\n,Y,29101,0,1488\n");
    const r = s.cli(["import", "employers", bad], { expectStatus: 1 });
    assert.match(r.stderr, /rad 3: orgnr:/);
    assert.match(r.stderr, /rad 4: orgnr:/);
    assert.match(r.stderr, /Inget importerades: 2 rader har fel/);
    assert.ok(!r.stderr.includes("1213"));
    assert.equal(employers(), 5);
    // Standard input.
    const stdin = s.cli(["import", "employers", "-"], {
        input: "orgnr,name,sni_code,size_class,municipality_code\n5566778899,Nytt AB,29101,0,1488\n",
    });
    assert.match(stdin.stdout, /1 nya arbetsgivare/);
    s.cli(["import", "employers", "--help"]);
    s.cli(["import", "employers"], { expectStatus: 2 });
    // The generator writes a file the import takes as it is.
    const gen = runCli(["gen", "employers-csv", "--seed", "3", "200"]);
    const genFile = path.join(s.dir, "gen.csv");
    writeFileSync(genFile, gen.stdout);
    assert.match(s.cli(["import", "employers", genFile]).stdout, /200 rader, 200 nya arbetsgivare/);
});

test("a file far over --body-limit goes over HTTP (spooled to a temp file)", async () => {
    const before = employers();
    const gen = runCli(["gen", "employers-csv", "--seed", "11", "60000"]);
    assert.ok(gen.stdout.length > 2 * 1024 * 1024, `${gen.stdout.length} bytes`);
    const r = await post(admin, gen.stdout);
    assert.equal(r.status, 200, r.text.slice(0, 500));
    assert.equal(r.body.rows, 60000);
    assert.equal(r.body.created + r.body.updated, 60000);
    assert.equal(employers(), before + r.body.created);
});

test("no sole trader's number in the server log", async () => {
    for (const p of ["121212", "1212121212"]) assert.ok(!s.log.includes(p), `log holds ${p}`);
});
