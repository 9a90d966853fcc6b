// copy.test.mjs — `samsyn copy`: a förbund's whole database (a generated
// one, with the server's own writes and reads on top) copied into an empty
// database and back again, each table compared row by row with the source
// through the sqlite3 shell, not through samsyn; the read log goes along;
// the copy is audited in both databases; a database with data of its own
// is never a target, and a missing source makes nothing.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { GOOD_PASSWORD, runCli, startSamsyn } from "./lib.mjs";

let s;

before(async () => {
    s = await startSamsyn({ gen: { participants: 1500, seed: 9 } });
    const admin = await s.login("admin", GOOD_PASSWORD);
    // Rows the server writes itself, and reads for the read log.
    assert.equal((await admin.post("/api/v1/orgs", { name: "Flyttens kommun", kind: "kommun", municipality_code: "1488" })).status, 201);
    assert.equal((await admin.get("/api/v1/participants?limit=20")).status, 200);
    await s.stop(); // the source's writers stopped, as the command asks
});

after(() => s?.close());

const sqlite = (db, sql) => {
    const r = spawnSync("sqlite3", ["-bail", db, sql], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
};

// Every table but the migrations' own record, every row in a fixed order; the
// copy's own audit events (written after it) left out.
function contents(db, schema = "main") {
    const tables = sqlite(db, `SELECT name FROM ${schema}.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY 1`).split("\n");
    const out = {};
    for (const t of tables) {
        const where = t === "audit_events" ? " WHERE action <> 'copy'" : "";
        out[t] = sqlite(db, `SELECT * FROM ${schema}."${t}"${where} ORDER BY 1, 2`);
    }
    return out;
}

test("a database copied into an empty one and back has every row of every table", () => {
    const a = path.join(s.dir, "flytt-a.db"), b = path.join(s.dir, "flytt-b.db");
    const r = runCli(["copy", "--from", s.db, "--to", a]);
    assert.match(r.stdout, /Kopierade \d+ tabeller och \d+ rader; antal och kontrollsummor stämmer i målet\./);
    assert.match(r.stdout, /^participants\s+1500 rader/m);
    runCli(["copy", "--from", a, "--to", b]);

    const source = contents(s.db);
    assert.ok(source.participants.split("\n").length === 1500 && source.orgs.includes("Flyttens kommun"));
    assert.deepEqual(contents(a), source);
    assert.deepEqual(contents(b), source);
    const reads = sqlite(s.db + "-reads", "SELECT COUNT(*) FROM audit_reads");
    assert.ok(Number(reads) >= 1, "the source has logged reads");
    assert.deepEqual(contents(b + "-reads"), contents(s.db + "-reads"));
    // Personal data: readable by its owner only.
    assert.equal(statSync(a).mode & 0o777, 0o600);
    // Audited in both: the source names the target, the target the source.
    assert.equal(sqlite(s.db, "SELECT detail FROM audit_events WHERE action = 'copy'"), `till ${a}`);
    assert.equal(sqlite(a, "SELECT detail FROM audit_events WHERE action = 'copy' ORDER BY id"), `från ${s.db}\ntill ${b}`);
    // samsyn serves the copy as its own: the same schema version, nothing to migrate.
    assert.match(runCli(["init", "--db", b]).stdout, /schema version \d+ \(0 migrations applied\)/);
});

test("a database with data of its own is never a target, and nothing changes in it", () => {
    const target = path.join(s.dir, "flytt-a.db");
    const before = contents(target);
    const r = runCli(["copy", "--from", s.db, "--to", target], { expectStatus: 1 });
    assert.match(r.stderr, /Måldatabasen är inte tom \(\d+ användare, \d+ loggade händelser\): kopiera bara till en ny databas\./);
    assert.deepEqual(contents(target), before);
});

test("a source that does not exist makes nothing, and --to is required", () => {
    const missing = path.join(s.dir, "finns-inte.db"), target = path.join(s.dir, "flytt-c.db");
    const r = runCli(["copy", "--from", missing, "--to", target], { expectStatus: 1 });
    assert.match(r.stderr, /databasen .*finns-inte\.db finns inte/);
    assert.equal(existsSync(missing), false);
    assert.equal(existsSync(target), false);
    assert.match(runCli(["copy", "--from", s.db], { expectStatus: 2 }).stderr, /--to/);
});
