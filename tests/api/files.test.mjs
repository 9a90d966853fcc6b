// files.test.mjs — the files that hold personal data are private: `samsyn
// init`, `gen` and `import` make a new database readable by its owner only
// (mode 0600, whatever the umask), the server's -wal and -shm files get the
// same mode, the read log beside the database (t.db-reads, who read whom)
// and its files too, and `serve` warns on standard error when the database
// file or the read log is open to group or others (one made before, or
// copied with cp).

import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GOOD_PASSWORD, Samsyn, runCli, waitFor, sqliteOnly } from "./lib.mjs";

// The common umask: without the fix SQLite made the files 0644 under it.
process.umask(0o022);

const mode = (f) => statSync(f).mode & 0o777;
const octal = (m) => m.toString(8).padStart(4, "0");

/** The database and whichever of its -wal, -shm and -journal files exist are 0600. */
function assertPrivate(db, what) {
    assert.equal(octal(mode(db)), "0600", `${what}: ${db}`);
    for (const suffix of ["-wal", "-shm", "-journal"])
        if (existsSync(db + suffix)) assert.equal(octal(mode(db + suffix)), "0600", `${what}: ${db}${suffix}`);
}

test("init, gen and import make a new database 0600", { skip: sqliteOnly("the modes of the database file and its -wal, -shm and -reads files") }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), "samsyn-files-"));
    try {
        const a = path.join(dir, "init.db");
        runCli(["init", "--db", a]);
        assertPrivate(a, "init");

        const b = path.join(dir, "gen.db");
        runCli(["gen", "--participants", "30", "--seed", "2", "--quiet", "--db", b]);
        assertPrivate(b, "gen");

        const csv = path.join(dir, "employers.csv");
        writeFileSync(csv, runCli(["gen", "employers-csv", "--seed", "3", "5"]).stdout);
        const c = path.join(dir, "import.db");
        runCli(["import", "employers", "--db", c, csv]);
        assertPrivate(c, "import employers");
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

test("serve: the -wal and -shm files are 0600 too, and a private database gets no warning", { skip: sqliteOnly("the modes of the database file and its -wal, -shm and -reads files") }, async () => {
    const s = new Samsyn();
    s.setAdminPassword();
    try {
        await s.start();
        const c = await s.login("admin", GOOD_PASSWORD); // a write: the -wal has pages
        assert.equal((await c.get("/api/v1/orgs")).status, 200);
        assert.ok(existsSync(s.db + "-wal") && existsSync(s.db + "-shm"), "the server has its -wal and -shm files");
        assertPrivate(s.db, "serve");
        assert.equal((await c.get("/api/v1/users/1")).status, 200); // a read: the read log has pages
        await waitFor(() => existsSync(s.db + "-reads-wal"), "the read log's -wal");
        assertPrivate(s.db + "-reads", "serve, the read log");
        assert.doesNotMatch(s.log, /varning/);
    } finally {
        await s.close();
    }
});

test("serve warns on standard error when the database is readable by group or others", { skip: sqliteOnly("the modes of the database file and its -wal, -shm and -reads files") }, async () => {
    const s = new Samsyn();
    chmodSync(s.db, 0o644);
    try {
        await s.start();
        assert.match(s.log, /samsyn: varning: databasen \S+t\.db kan läsas av fler än ägaren \(rättigheter 644\)/);
        assert.match(s.log, /chmod 600/);
        assert.doesNotMatch(s.log, /läsloggen/);
    } finally {
        await s.stop();
    }
    // The read log made open by hand: said just as clearly.
    chmodSync(s.db, 0o600);
    chmodSync(s.db + "-reads", 0o640);
    s.log = "";
    try {
        await s.start();
        assert.match(s.log, /samsyn: varning: läsloggen \S+t\.db-reads kan läsas av fler än ägaren \(rättigheter 640\)/);
        assert.doesNotMatch(s.log, /databasen \S+ kan läsas/);
    } finally {
        await s.close();
    }
});
