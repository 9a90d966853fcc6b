// copy.test.mjs — `samsyn copy`: a förbund's whole database (a generated
// one, with the server's own writes and reads on top) copied into an empty
// database and back again, each table compared row by row with the source
// through the engines' own shells (sqlite3, psql), not through samsyn; the
// read log goes along; the copy is audited in both databases; a database
// with data of its own is never a target, and a missing source makes
// nothing. On PostgreSQL (pg_api_copy) the source is PostgreSQL, the first
// copy a SQLite file and the second a new PostgreSQL database: both ways.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { GOOD_PASSWORD, ON_PG, dropPgDatabase, newPgDatabase, runCli, sqlOn, startSamsyn } from "./lib.mjs";

let s;
const made = [];

before(async () => {
    s = await startSamsyn({ gen: { participants: 1500, seed: 9 } });
    const admin = await s.login("admin", GOOD_PASSWORD);
    // Rows the server writes itself, and reads for the read log.
    assert.equal((await admin.post("/api/v1/orgs", { name: "Flyttens kommun", kind: "kommun", municipality_code: "1488" })).status, 201);
    assert.equal((await admin.get("/api/v1/participants?limit=20")).status, 200);
    await s.stop(); // the source's writers stopped, as the command asks
    // A text with what a copy stream must escape: a tab, a line break, a backslash.
    const chr = ON_PG ? "chr" : "char";
    sqlOn(s.db, `UPDATE orgs SET name = 'Flyttens' || ${chr}(9) || 'kommun' || ${chr}(10) || 'C:\\rad' WHERE name = 'Flyttens kommun'`);
});

after(() => {
    for (const url of made) dropPgDatabase(url);
    s?.close();
});

const sql = (db, statement) => sqlOn(db, statement).trim();
const isPg = (db) => db.includes("://");

// Every table but the migrations' own record, every row (sorted here: the
// engines order text differently); the copy's own audit events (written
// after it) left out. The read log: its file beside a SQLite database, the
// schema reads of a PostgreSQL one.
function contents(db, { reads = false } = {}) {
    const tables = isPg(db)
        ? sql(db, `SELECT table_name FROM information_schema.tables WHERE table_schema = ${reads ? "'reads'" : "current_schema()"} AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY 1`)
        : sql(reads ? db + "-reads" : db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY 1");
    const out = {};
    for (const t of tables.split("\n")) {
        const where = t === "audit_events" ? " WHERE action <> 'copy'" : "";
        const from = isPg(db) && reads ? `reads."${t}"` : `"${t}"`;
        out[t] = sql(!isPg(db) && reads ? db + "-reads" : db, `SELECT * FROM ${from}${where}`).split("\n").sort();
    }
    return out;
}

// The first copy's target on the other engine, the second's on the source's.
function target(name, engine) {
    if (engine === "postgresql") {
        made.push(newPgDatabase());
        return made.at(-1);
    }
    return path.join(s.dir, name);
}

test("a database copied into an empty one and back has every row of every table", () => {
    const a = target("flytt-a.db", "sqlite"), b = target("flytt-b.db", ON_PG ? "postgresql" : "sqlite");
    const r = runCli(["copy", "--from", s.db, "--to", a]);
    assert.match(r.stdout, /Kopierade \d+ tabeller och \d+ rader; antal och kontrollsummor stämmer i målet\./);
    assert.match(r.stdout, /^participants\s+1500 rader/m);
    runCli(["copy", "--from", a, "--to", b]);

    const source = contents(s.db);
    assert.ok(source.participants.length === 1500 && source.orgs.some((row) => row.includes("Flyttens\tkommun")));
    assert.deepEqual(contents(a), source);
    assert.deepEqual(contents(b), source);
    const reads = contents(s.db, { reads: true });
    assert.ok(reads.audit_reads.filter(Boolean).length >= 1, "the source has logged reads");
    assert.deepEqual(contents(a, { reads: true }), reads);
    assert.deepEqual(contents(b, { reads: true }), reads);
    // Personal data: readable by its owner only.
    assert.equal(statSync(a).mode & 0o777, 0o600);
    // Audited in both: the source names the target, the target the source.
    assert.equal(sql(s.db, "SELECT detail FROM audit_events WHERE action = 'copy'"), `till ${a}`);
    assert.equal(sql(a, "SELECT detail FROM audit_events WHERE action = 'copy' ORDER BY id"), `från ${s.db}\ntill ${b}`);
    assert.equal(sql(b, "SELECT detail FROM audit_events WHERE action = 'copy' ORDER BY id"), `från ${s.db}\nfrån ${a}`);
    // The copies go on where the source stopped: a new user gets an id after the copied ones.
    const users = Number(sql(b, "SELECT MAX(id) FROM users"));
    runCli(["user", "add", "--db", b, "--username", "flyttad", "--name", "Efter Flytten", "--org-id", "1", "--role", "reader"]);
    assert.ok(Number(sql(b, "SELECT id FROM users WHERE username = 'flyttad'")) > users);
    // samsyn serves the copy as its own: the same schema version, nothing to migrate.
    assert.match(runCli(["init", "--db", b]).stdout, /schema version \d+ \(0 migrations applied\)/);
});

test("a database with data of its own is never a target, and nothing changes in it", () => {
    const full = path.join(s.dir, "flytt-a.db");
    const before = contents(full);
    const r = runCli(["copy", "--from", s.db, "--to", full], { expectStatus: 1 });
    assert.match(r.stderr, /Måldatabasen är inte tom \(\d+ användare, \d+ loggade händelser\): kopiera bara till en ny databas\./);
    assert.deepEqual(contents(full), before);
});

test("a source that does not exist makes nothing, and --to is required", () => {
    const missing = path.join(s.dir, "finns-inte.db"), nothing = path.join(s.dir, "flytt-c.db");
    const r = runCli(["copy", "--from", missing, "--to", nothing], { expectStatus: 1 });
    assert.match(r.stderr, /databasen .*finns-inte\.db finns inte/);
    assert.equal(existsSync(missing), false);
    assert.equal(existsSync(nothing), false);
    assert.match(runCli(["copy", "--from", s.db], { expectStatus: 2 }).stderr, /--to/);
});
