// backup.test.mjs — `samsyn backup`: a consistent copy taken while the
// server writes (the copy passes SQLite's integrity check, has every
// participant, and its organisations are a whole prefix of what was being
// created), readable by its owner only, opened by samsyn itself; never over
// another file, a clear error for a folder that does not exist, and one
// audit event naming the copy; the database is copied as it is (not
// migrated first, not created when --db is mistyped).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BIN, GOOD_PASSWORD, ON_PG, assertNoSanitizerReport, runCli, startSamsyn, sqliteOnly } from "./lib.mjs";

let s, admin;

before(async () => {
    s = await startSamsyn({ gen: { participants: 3000, seed: 4 } });
    admin = await s.login("admin", GOOD_PASSWORD);
});

after(() => s?.close());

const sqlite = (db, sql) => {
    const r = spawnSync("sqlite3", ["-bail", db, sql], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
};

function backupAsync(out) {
    return new Promise((resolve) => {
        const p = spawn(BIN, ["backup", "--db", s.db, out], { stdio: ["ignore", "pipe", "pipe"] });
        let text = "";
        p.stdout.on("data", (d) => (text += d));
        p.stderr.on("data", (d) => (text += d));
        p.on("close", (code) => resolve({ code, text }));
    });
}

test("a copy taken while the server writes is whole and consistent", { skip: sqliteOnly("VACUUM INTO copies checked with sqlite3 (PostgreSQL: pg_dump, docs/postgresql.md)") }, async () => {
    const out = path.join(s.dir, "kopia.db");
    const participants = sqlite(s.db, "SELECT COUNT(*) FROM participants");
    assert.equal((await admin.get("/api/v1/participants?limit=5")).status, 200); // a read for the read log
    let done = false;
    const made = [];
    const writer = (async () => {
        for (let i = 0; !done || i < 5; i++) {
            const r = await admin.post("/api/v1/orgs", { name: `Under kopieringen ${String(i).padStart(4, "0")}`, kind: "other" });
            assert.equal(r.status, 201, r.text);
            made.push(r.body.name);
        }
    })();
    const b = await backupAsync(out);
    done = true;
    await writer;
    assertNoSanitizerReport(b.text, "samsyn backup");
    assert.equal(b.code, 0, b.text);
    assert.match(b.text, /Säkerhetskopia skriven till/);

    assert.equal(sqlite(out, "PRAGMA integrity_check"), "ok");
    assert.equal(sqlite(out, "SELECT COUNT(*) FROM participants"), participants);
    // A snapshot: the organisations made during the copy are in it up to some point, none after a gap.
    const copied = sqlite(out, "SELECT name FROM orgs WHERE name LIKE 'Under kopieringen%' ORDER BY id").split("\n").filter(Boolean);
    assert.deepEqual(copied, made.slice(0, copied.length));
    assert.ok(made.length > copied.length, "the server went on writing after the snapshot");
    // Personal data: readable by its owner only.
    assert.equal(statSync(out).mode & 0o777, 0o600);
    // The read log beside it, with the reads the server logged before the copy.
    assert.equal(statSync(out + "-reads").mode & 0o777, 0o600);
    assert.equal(sqlite(out + "-reads", "PRAGMA integrity_check"), "ok");
    assert.ok(Number(sqlite(out + "-reads", "SELECT COUNT(*) FROM audit_reads")) >= 1, "the read log is copied");
    // samsyn opens the copy as a database of its own.
    const init = runCli(["init", "--db", out]);
    assert.match(init.stdout, /schema version \d+ \(0 migrations applied\)/);
    // One audit event, naming the copy.
    const events = sqlite(s.db, "SELECT action || ' ' || entity || ' ' || detail FROM audit_events WHERE action = 'backup'");
    assert.equal(events, `backup database ${out}`);
});

test("never over another file; a folder that does not exist is a clear error", { skip: sqliteOnly("VACUUM INTO copies checked with sqlite3 (PostgreSQL: pg_dump, docs/postgresql.md)") }, () => {
    const taken = path.join(s.dir, "upptagen.db");
    writeFileSync(taken, "inte en databas\n");
    let r = runCli(["backup", "--db", s.db, taken], { expectStatus: 1 });
    assert.match(r.stderr, /finns redan/);
    assert.equal(readFileSync(taken, "utf8"), "inte en databas\n", "the other file is untouched");
    // Nor over a file where the read log's copy would go; the copy made first is removed again.
    const fresh = path.join(s.dir, "ny.db");
    writeFileSync(fresh + "-reads", "inte en logg\n");
    r = runCli(["backup", "--db", s.db, fresh], { expectStatus: 1 });
    assert.match(r.stderr, /ny\.db-reads finns redan/);
    assert.ok(!existsSync(fresh));
    assert.equal(readFileSync(fresh + "-reads", "utf8"), "inte en logg\n");
    const missing = path.join(s.dir, "saknas", "kopia.db");
    r = runCli(["backup", "--db", s.db, missing], { expectStatus: 1 });
    assert.match(r.stderr, /mappen finns inte/);
    assert.ok(!existsSync(missing));
    r = runCli(["backup", "--db", s.db], { expectStatus: 2 });
    assert.equal(sqlite(s.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'backup'"), "1", "failures are not copies");
});

test("the database is copied as it is: not migrated first, not created when missing", { skip: sqliteOnly("VACUUM INTO copies checked with sqlite3 (PostgreSQL: pg_dump, docs/postgresql.md)") }, () => {
    // A database one migration behind this binary (as before an upgrade).
    const old = path.join(s.dir, "gammal.db");
    runCli(["backup", "--db", s.db, old]);
    const latest = sqlite(old, "SELECT MAX(version) FROM schema_migrations");
    sqlite(old, `DELETE FROM schema_migrations WHERE version = ${latest}`);
    // The one before it (not latest - 1: branches number their migrations
    // apart, and a gap is allowed).
    const behind = sqlite(old, "SELECT MAX(version) FROM schema_migrations");
    const copy = path.join(s.dir, "gammal-kopia.db");
    runCli(["backup", "--db", old, copy]);
    assert.equal(sqlite(old, "SELECT MAX(version) FROM schema_migrations"), behind, "the source was not migrated");
    assert.equal(sqlite(copy, "SELECT MAX(version) FROM schema_migrations"), behind, "nor the copy");

    const typo = path.join(s.dir, "stavfel.db");
    const r = runCli(["backup", "--db", typo, path.join(s.dir, "stavfel-kopia.db")], { expectStatus: 1 });
    assert.match(r.stderr, /finns inte/);
    assert.ok(!existsSync(typo), "no empty database was made");
    assert.ok(!existsSync(path.join(s.dir, "stavfel-kopia.db")));
});

test("on PostgreSQL the copy is pg_dump's: the database in COPY, the read log (schema reads) in COPY-reads, 0600, audited",
    { skip: ON_PG ? false : "PostgreSQL only" }, async () => {
        const out = path.join(s.dir, "pg-copy.sql");
        const { code, text } = await backupAsync(out);
        assert.equal(code, 0, text);
        assertNoSanitizerReport(text, "samsyn backup");
        const dump = readFileSync(out, "utf8");
        assert.match(dump, /CREATE TABLE public\.participants/);
        assert.match(dump, /COPY public\.participants /);
        assert.ok(!/CREATE TABLE reads\./.test(dump), "the read log is in its own file");
        assert.match(readFileSync(out + "-reads", "utf8"), /CREATE TABLE reads\.audit_reads/);
        for (const f of [out, out + "-reads"]) assert.equal(statSync(f).mode & 0o777, 0o600, f);
        assert.equal(s.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'backup';").trim(), "1");
    });
