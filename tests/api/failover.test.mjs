// failover.test.mjs — a server on PostgreSQL when the database goes away
// and comes back (issue 16: the database made highly available the
// standard way, a failover drops every connection): while the database
// takes no connections, GET /api/v1/health says so with 503 and a write is
// refused with 503, Retry-After and a Swedish problem, not a crash or a 500; when it takes them again the
// same server answers and writes without a restart, its connections made
// anew. Runs as pg_api_failover; skipped on SQLite, whose file does not go
// away under a running server.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, ON_PG, sqlOn, startSamsyn, waitFor } from "./lib.mjs";

const skip = ON_PG ? false : "a database that drops its connections: PostgreSQL only (pg_api_failover)";
let s, admin;

before(async () => {
    if (skip) return;
    s = await startSamsyn();
    admin = await s.login("admin", GOOD_PASSWORD);
});

after(() => s?.close());

// On the cluster's maintenance database: the test's own one is the one cut off.
const onCluster = (statement) => sqlOn(s.db.replace(/\/[^/]+$/, "/postgres"), statement);
const dbName = () => s.db.slice(s.db.lastIndexOf("/") + 1);
const dropConnections = () => onCluster(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${dbName()}'`);

test("the database away: health 503 and writes refused; back: the same server goes on", { skip }, async () => {
    assert.equal((await admin.post("/api/v1/participants", { anonymous: true, sex: "female", birth_year: 1990 })).status, 201);

    onCluster(`ALTER DATABASE ${dbName()} ALLOW_CONNECTIONS false`);
    dropConnections();
    const health = await admin.get("/api/v1/health");
    assert.equal(health.status, 503, health.text);
    assert.equal(health.body.db, "error");
    const refused = await admin.post("/api/v1/participants", { anonymous: true, sex: "male", birth_year: 1991 });
    assert.equal(refused.status, 503, refused.text);
    assert.match(refused.contentType, /problem\+json/);
    assert.ok(Number(refused.headers.get("retry-after")) > 0, "Retry-After");
    assert.ok(s.proc && s.proc.exitCode === null, "the server is still running");

    onCluster(`ALTER DATABASE ${dbName()} ALLOW_CONNECTIONS true`);
    await waitFor(async () => (await admin.get("/api/v1/health")).status === 200, "health after the database is back", 10_000);
    const again = await admin.post("/api/v1/participants", { anonymous: true, sex: "male", birth_year: 1991 });
    assert.equal(again.status, 201, again.text);
    // Dropped connections alone (a failover to a replica): the next requests reconnect.
    dropConnections();
    await waitFor(async () => (await admin.get("/api/v1/participants?limit=1")).status === 200, "a list after the connections were dropped", 10_000);
    assert.equal((await admin.post("/api/v1/participants", { anonymous: true, sex: "female", birth_year: 1992 })).status, 201);
});
