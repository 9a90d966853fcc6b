// migrations.test.mjs — the checksums of applied migrations as `samsyn init`
// and `samsyn serve` see them: a database whose migration differs from the
// binary's (its checksum changed) or that has a migration the binary does
// not know is refused by both, with a Swedish message naming it, exit 1
// and the database unchanged; a database from before checksums gets them
// and is served.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Samsyn } from "./lib.mjs";

const DUMP = "SELECT version || ' ' || name || ' ' || COALESCE(checksum, '-') FROM schema_migrations ORDER BY version;";

/** init and serve both refuse s's database, naming `name`, and leave it as it was. */
function assertRefused(s, name, reason) {
    const before = s.sql(DUMP);
    for (const args of [["init"], ["serve", "--listen", "127.0.0.1:0", "--web-root", s.webRoot]]) {
        const r = s.cli(args, { expectStatus: 1 });
        assert.ok(r.stderr.includes(name), `samsyn ${args[0]}: ${r.stderr}`);
        assert.match(r.stderr, reason);
        assert.match(r.stderr, /Databasen har inte ändrats/);
        assert.doesNotMatch(r.stdout + r.stderr, /url=/, "serve did not start");
        assert.equal(s.sql(DUMP), before, `samsyn ${args[0]} changed schema_migrations`);
    }
}

test("a migration whose checksum differs from the binary's is refused by init and serve", () => {
    const s = new Samsyn();
    try {
        s.sql("UPDATE schema_migrations SET checksum = 'f00d' WHERE version = 2;");
        // With the newest one pending: it is not applied either.
        s.sql("DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations);");
        assertRefused(s, "0002_followup.sql", /kontrollsumman skiljer sig/);
    } finally {
        s.cleanup();
    }
});

test("a migration the binary does not know (a newer binary's database) is refused by init and serve", () => {
    const s = new Samsyn();
    try {
        s.sql("INSERT INTO schema_migrations VALUES (9001, '9001_from_the_future.sql', '2030-01-01T00:00:00Z', 'f00d');");
        assertRefused(s, "9001_from_the_future.sql", /nyare samsyn/);
    } finally {
        s.cleanup();
    }
});

test("a database from before checksums gets the binary's and is served", async () => {
    const s = new Samsyn();
    try {
        const sums = s.sql(DUMP);
        s.sql("ALTER TABLE schema_migrations DROP COLUMN checksum;");
        await s.start();
        await s.stop();
        assert.equal(s.sql(DUMP), sums);
        assert.match(sums, /^1 0001_foundation\.sql [0-9a-f]{64}$/m);
        const r = s.cli(["init"]);
        assert.match(r.stdout, /0 migrations applied/);
    } finally {
        s.cleanup();
    }
});
