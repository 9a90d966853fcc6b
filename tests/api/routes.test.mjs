// routes.test.mjs — every route of src/api/app.c, swept from the route table
// itself so that a route added later is covered without a new test: only the
// public ones answer without a login; every state-changing one refuses a
// session without its CSRF token; and none answers 5xx to an empty, wrong or
// missing body, or to an id that is unknown, not a number or too big, on a
// database with data in it. Every error is a problem document.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { GOOD_PASSWORD, Samsyn, assertProblem, sourceRoutes } from "./lib.mjs";

let s, admin;
const routes = sourceRoutes();
const changes = (m) => m !== "GET" && m !== "HEAD";
const fill = (p, value) => p.replace(/\{[a-z_]+\}/g, value);
// Logging out would end the sweep's own session (session.test.mjs covers it).
const LOGOUT = (r) => r.method === "DELETE" && r.path === "/api/v1/session";

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    // Rows behind id 1 of most resources: organisations, users, interventions,
    // participants, enrolments (gen) and employers (import).
    s.cli(["gen", "--participants", "40", "--seed", "3", "--quiet"]);
    const csv = path.join(s.dir, "employers.csv");
    writeFileSync(csv, "orgnr,name,sni_code,size_class,municipality_code\n5560000001,Svepet AB,25620,5-9,1488\n");
    s.cli(["import", "employers", csv]);
    await s.start();
    admin = await s.login("admin", GOOD_PASSWORD);
});

after(async () => {
    if (!s) return;
    await s.stop();
    s.cleanup();
});

test("the route table is read whole", () => {
    assert.ok(routes.length >= 70, `${routes.length} routes`);
    assert.deepEqual(
        routes.filter((r) => r.public).map((r) => `${r.method} ${r.path}`),
        ["GET /api/v1/health", "GET /api/v1/openapi.json", "POST /api/v1/session"],
    );
});

test("without a login every route but the public ones answers 401", async () => {
    const anon = s.client();
    const badBearer = s.client({ bearer: "A".repeat(43) });
    for (const r of routes.filter((x) => !x.public)) {
        const p = fill(r.path, "1");
        const json = changes(r.method) ? {} : undefined;
        for (const c of [anon, badBearer]) {
            const res = await c.req(r.method, p, { json });
            assert.equal(res.status, 401, `${r.method} ${p}: ${res.status} ${res.text.slice(0, 200)}`);
            assertProblem(res, 401, "unauthorized");
        }
    }
});

test("a session without the CSRF token changes nothing on any route", async () => {
    const before = s.sql("SELECT COUNT(*) FROM audit_events WHERE action <> 'read';");
    for (const r of routes.filter((x) => !x.public && changes(x.method))) {
        const p = fill(r.path, "1");
        const res = await admin.req(r.method, p, { json: {}, csrf: false });
        assert.equal(res.status, 403, `${r.method} ${p}: ${res.status} ${res.text.slice(0, 200)}`);
        assertProblem(res, 403, "forbidden");
    }
    assert.equal(s.sql("SELECT COUNT(*) FROM audit_events WHERE action <> 'read';"), before, "no change was audited");
});

test("no route answers 5xx to odd bodies or ids; every error is a problem document", async () => {
    const ids = ["1", "999999999", "abc", "99999999999999999999999", "-1", "0"];
    const bodies = [
        { json: {} },
        { json: [] },
        { json: { name: 5, id: "x", date: [], items: {}, code: null, orgnr: 1e30 } },
        { body: "orgnr,name\n1,2\n", headers: { "Content-Type": "text/csv" } },
        { body: "{\"name\": \"unterminated", headers: { "Content-Type": "application/json" } },
        {},
    ];
    let asked = 0;
    const found = new Set(); // GETs of id 1 that found their row
    for (const r of routes.filter((x) => !x.public && !LOGOUT(x))) {
        const paths = r.path.includes("{") ? ids.map((id) => fill(r.path, id)) : [r.path];
        for (const p of paths) {
            for (const b of changes(r.method) ? bodies : [{}]) {
                const res = await admin.req(r.method, p, b);
                asked++;
                const what = `${r.method} ${p} ${JSON.stringify(b).slice(0, 80)}`;
                assert.ok(res.status < 500, `${what}: ${res.status} ${res.text.slice(0, 300)}`);
                if (res.status >= 400) assertProblem(res, res.status);
                if (r.method === "GET" && p.endsWith("/1") && res.status === 200) found.add(r.path);
            }
        }
    }
    assert.ok(asked > 500, `${asked} requests`);
    // The ids reached real rows, not only 404s.
    for (const p of ["orgs", "users", "interventions", "participants", "enrolments", "employers"])
        assert.ok(found.has(`/api/v1/${p}/{id}`), `GET /api/v1/${p}/1 found nothing`);
    // Still logged in and working after all that.
    assert.equal((await admin.get("/api/v1/session")).status, 200);
});
