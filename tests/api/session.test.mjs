// session.test.mjs — authentication: login (cookie attributes, answer shape),
// wrong credentials, the forced change of a one-time password, CSRF, logout,
// the session idle timeout (and that activity keeps a session alive), and
// bearer tokens made with `samsyn token create` (and that they follow the
// account: a reset password, a lost role, deactivation), a password change
// ending the user's other sessions, and the limits of a session being those
// of the server that made it, when two servers with different limits share
// a database.
// Failed logins are sent from their own loopback addresses so they stay under
// the per-address throttle (tested in throttle.test.mjs).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, Samsyn, assertProblem, invalidNames, sourceRoutes, sleep } from "./lib.mjs";

const NEW_ADMIN_PASSWORD = "Ett-helt-nytt-lösenord-77";
let s;
let anna, bertil; // case_worker, reader (final passwords)
let chefC; // a session of "chef" (admin, final password)
// The idle-timeout server runs alongside the others: logged in at the start,
// checked at the end, so its wait overlaps the other tests. 3 s rather than 2:
// the keep-alive session must tolerate gaps of up to 2 s on a loaded machine
// (the server refreshes last-seen every idle/2 s when idle is short).
let idle, idleClient, idleSince;
let keepAlive; // a second session on it, used every 300 ms: must stay valid
const IDLE = 3;
// A second server on the idle server's database with the default limits
// (30 min idle): a session made on either keeps its maker's limits.
let lax, laxSession, strictSession;

before(async () => {
    idle = new Samsyn(); // admin keeps the one-time password: GET /session still works
    await idle.start(["--session-idle", String(IDLE)]);
    s = new Samsyn(); // admin keeps the one-time password from init
    anna = s.addUser({ username: "anna", name: "Anna Andersson", roles: ["case_worker"] });
    s.addUser({ username: "chef", name: "Chef Chefsson", roles: ["admin"] });
    s.addUser({ username: "cilla", name: "Cilla Ceder", roles: ["reader"] });
    s.addUser({ username: "dag", name: "Dag Dahl", roles: ["admin"] });
    bertil = s.addUser({ username: "bertil", name: "Bertil Berg", roles: ["reader"] });
    await s.start();
    chefC = await s.login("chef", GOOD_PASSWORD);
    const kc = await idle.login("admin", idle.oneTimePassword);
    keepAlive = { stop: false, since: Date.now(), answers: [] }; // answers: [sent (ms after login), status]
    keepAlive.done = (async () => {
        while (!keepAlive.stop) {
            const sent = Date.now() - keepAlive.since;
            keepAlive.answers.push([sent, (await kc.get("/api/v1/session")).status]);
            await sleep(300);
        }
    })();
    idleClient = await idle.login("admin", idle.oneTimePassword);
    idleSince = Date.now();
    assert.equal((await idleClient.get("/api/v1/session")).status, 200);
    lax = new Samsyn();
    lax.db = idle.db;
    await lax.start();
    laxSession = await lax.login("admin", idle.oneTimePassword);
    strictSession = await idle.login("admin", idle.oneTimePassword);
    strictSession.since = Date.now();
});

after(async () => {
    if (keepAlive) {
        keepAlive.stop = true;
        await keepAlive.done;
    }
    for (const x of [s, lax, idle]) await x?.close();
});

test("login: 200 with the user, csrf_token and an HttpOnly SameSite=Strict cookie", async () => {
    const c = s.client();
    const r = await c.login("anna", GOOD_PASSWORD);
    assert.equal(r.status, 200, r.text);
    assert.match(r.contentType, /^application\/json/);
    const cookies = r.headers.getSetCookie();
    assert.equal(cookies.length, 1, cookies.join(" | "));
    const parts = cookies[0].split(";").map((p) => p.trim());
    assert.match(parts[0], /^samsyn_session=[A-Za-z0-9_-]{32,}$/);
    const attrs = parts.slice(1).map((p) => p.toLowerCase());
    assert.ok(attrs.includes("httponly"), cookies[0]);
    assert.ok(attrs.includes("samesite=strict"), cookies[0]);
    assert.ok(attrs.includes("path=/"), cookies[0]);
    assert.ok(!attrs.includes("secure"), "plain HTTP must not set Secure");

    const b = r.body;
    assert.deepEqual(b.user, { id: anna.id, username: "anna", name: "Anna Andersson", org_id: 1, roles: ["case_worker"], kaa_staff: false });
    assert.equal(typeof b.csrf_token, "string");
    assert.ok(b.csrf_token.length >= 32);
    assert.equal(b.must_change_password, false);
    assert.ok(!r.text.includes(GOOD_PASSWORD));

    const me = await c.get("/api/v1/session");
    assert.equal(me.status, 200, me.text);
    assert.deepEqual(me.body.user, b.user);
    assert.equal(me.body.csrf_token, b.csrf_token, "GET /session gives the CSRF token back");
    assert.equal(me.body.must_change_password, false);

    // Every login is a new session with its own tokens.
    const c2 = s.client();
    const r2 = await c2.login("anna", GOOD_PASSWORD);
    assert.equal(r2.status, 200);
    assert.notEqual(c2.cookie, c.cookie);
    assert.notEqual(r2.body.csrf_token, b.csrf_token);
});

test("wrong password, unknown user, bad body: 401/400 problem and no cookie", async () => {
    const c = s.client({ localAddress: "127.0.10.1" });
    let r = await c.login("anna", "fel-lösenord-helt-klart");
    const first = assertProblem(r, 401, "unauthorized");
    assert.equal(r.headers.getSetCookie().length, 0);
    r = await c.login("nobody-here", "fel-lösenord-helt-klart");
    assert.equal(assertProblem(r, 401, "unauthorized").detail, first.detail, "unknown user and wrong password look alike");
    r = await c.post("/api/v1/session", { username: "anna" });
    assertProblem(r, 401);
    r = await c.post("/api/v1/session", { username: 5, password: GOOD_PASSWORD });
    assertProblem(r, 400);
    r = await c.req("POST", "/api/v1/session", { body: "{not json", headers: { "Content-Type": "application/json" } });
    assertProblem(r, 400, "malformed");
    assert.equal(c.cookie, null);
});

test("login takes only JSON: a form's text/plain, urlencoded or multipart body gets 415 and no cookie", async () => {
    // Over node:http: the exact headers, and nothing a fetch adds.
    const c = s.client({ localAddress: "127.0.10.2" });
    const creds = JSON.stringify({ username: "chef", password: GOOD_PASSWORD });
    // What an HTML form with enctype="text/plain" and one field named
    // '{"username":"chef","password":"…","x":"' would send.
    for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", null]) {
        const headers = type ? { "Content-Type": type } : {};
        const r = await c.req("POST", "/api/v1/session", { body: creds, headers });
        const p = assertProblem(r, 415, "unsupported-media-type");
        assert.match(p.detail, /JSON/, p.detail);
        assert.equal(r.headers.get("accept"), "application/json");
        assert.equal(r.headers.getSetCookie().length, 0, `${type}: no cookie`);
    }
    assert.equal(c.cookie, null);
    // JSON, also with a charset, logs in.
    const r = await c.req("POST", "/api/v1/session", { body: creds, headers: { "Content-Type": "application/json; charset=utf-8" } });
    assert.equal(r.status, 200, r.text);
    c.csrf = r.body.csrf_token;
    // Every other JSON endpoint too, before anything is changed.
    const body = JSON.stringify({ name: "Formulär AB", kind: "other" });
    assertProblem(await c.req("POST", "/api/v1/orgs", { body, headers: { "Content-Type": "text/plain" } }), 415, "unsupported-media-type");
    assertProblem(await c.req("PATCH", "/api/v1/orgs/1", { body, headers: { "Content-Type": "application/x-www-form-urlencoded" } }), 415);
    assertProblem(await c.req("POST", "/api/v1/session/password", { body: "{}", headers: { "Content-Type": "text/plain" } }), 415);
    assert.equal(s.sql("SELECT COUNT(*) FROM orgs WHERE name = 'Formulär AB';").trim(), "0");
    // A body-less DELETE needs no type.
    assert.equal((await c.del("/api/v1/session")).status, 204);
});

test("login and logout refuse another site's page (Origin, Sec-Fetch-Site): 403; without Origin they work", async () => {
    const c = s.client({ localAddress: "127.0.10.3" });
    const creds = { username: "chef", password: GOOD_PASSWORD };
    const own = new URL(s.url);
    const login = (headers) => c.req("POST", "/api/v1/session", { json: creds, headers });
    for (const headers of [
        { Origin: "http://angripare.example" },
        { Origin: `http://angripare.example:${own.port}` },
        { Origin: `http://127.0.0.1:${Number(own.port) + 1}` },
        { Origin: `http://localhost:${own.port}` },
        { Origin: "null" },
        { Origin: "http://127.0.0.1" },
        { "Sec-Fetch-Site": "cross-site" },
        { "Sec-Fetch-Site": "cross-site", Origin: s.url },
    ]) {
        const r = await login(headers);
        const p = assertProblem(r, 403, "cross-site");
        assert.ok(p.detail.length > 0);
        assert.equal(r.headers.getSetCookie().length, 0, `${JSON.stringify(headers)}: no cookie`);
    }
    assert.equal(c.cookie, null);
    // Same origin (what the login page sends), same-origin fetch metadata, or no Origin at all (curl): logged in.
    for (const headers of [{ Origin: s.url }, { Origin: s.url, "Sec-Fetch-Site": "same-origin" }, { "Sec-Fetch-Site": "none" }, {}]) {
        const r = await login(headers);
        assert.equal(r.status, 200, `${JSON.stringify(headers)}: ${r.text}`);
        c.csrf = r.body.csrf_token;
    }
    // Behind a TLS proxy: Host without a port, Origin https without one.
    let r = await login({ Host: "samsyn.example", Origin: "https://samsyn.example" });
    assert.equal(r.status, 200, r.text);
    c.csrf = r.body.csrf_token;
    assertProblem(await login({ Host: "samsyn.example", Origin: "https://samsyn.example:8443" }), 403, "cross-site");
    assertProblem(await login({ Host: "samsyn.example", Origin: "https://annan.example" }), 403, "cross-site");
    // Logout from another site is refused and the session stays.
    assertProblem(await c.del("/api/v1/session", { headers: { Origin: "http://angripare.example" } }), 403, "cross-site");
    assert.equal((await c.get("/api/v1/session")).status, 200);
    assert.equal((await c.del("/api/v1/session", { headers: { Origin: s.url } })).status, 204);
});

test("without a valid session: 401 problem", async () => {
    const c = s.client();
    assertProblem(await c.get("/api/v1/session"), 401, "unauthorized");
    assertProblem(await c.get("/api/v1/orgs"), 401, "unauthorized");
    assertProblem(await c.post("/api/v1/orgs", { name: "x", kind: "other" }), 401);
    c.cookie = "A".repeat(43);
    assertProblem(await c.get("/api/v1/session"), 401, "unauthorized");
    c.cookie = "x".repeat(500);
    assertProblem(await c.get("/api/v1/users"), 401, "unauthorized");
});

test("one-time password from init: must_change_password, 403 elsewhere, change, then work", async () => {
    const c = s.client();
    let r = await c.login("admin", s.oneTimePassword);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.must_change_password, true);
    assert.deepEqual(r.body.user.roles, ["admin"]);

    // Allowed before the change (API.md): public routes and the session itself.
    const allowed = new Set([
        "GET /api/v1/health",
        "GET /api/v1/openapi.json",
        "POST /api/v1/session",
        "GET /api/v1/session",
        "DELETE /api/v1/session",
        "POST /api/v1/session/password",
    ]);
    let checked = 0;
    for (const { method, path, public: open } of sourceRoutes()) {
        // The public pages' routes (API_PUBLIC_PAGE) need no login at all.
        if (allowed.has(`${method} ${path}`) || open) continue;
        const url = path.replaceAll(/\{[a-z_]+\}/g, "1");
        const res = await c.req(method, url, method === "GET" ? {} : { json: {} });
        assertProblem(res, 403, "must-change-password");
        checked++;
    }
    assert.ok(checked >= 9, `only ${checked} routes checked`);
    r = await c.get("/api/v1/session");
    assert.equal(r.status, 200);
    assert.equal(r.body.must_change_password, true);

    // Wrong inputs: 422 naming the field.
    assert.deepEqual(invalidNames(await c.changePassword(s.oneTimePassword, "kort")), ["new_password"]);
    assert.deepEqual(invalidNames(await c.changePassword("inte-det-nuvarande", NEW_ADMIN_PASSWORD)), ["current_password"]);
    assertProblem(await c.req("POST", "/api/v1/session/password", { body: "[]", headers: { "Content-Type": "application/json" } }), 400);
    assertProblem(await c.post("/api/v1/session/password", { current_password: 1, new_password: NEW_ADMIN_PASSWORD }), 422);
    // Without CSRF even this is refused.
    const body = { current_password: s.oneTimePassword, new_password: NEW_ADMIN_PASSWORD };
    assertProblem(await c.post("/api/v1/session/password", body, { csrf: false }), 403, "forbidden");

    r = await c.changePassword(s.oneTimePassword, NEW_ADMIN_PASSWORD);
    assert.equal(r.status, 204, r.text);
    assert.equal(r.text, "");
    r = await c.get("/api/v1/session");
    assert.equal(r.status, 200);
    assert.equal(r.body.must_change_password, false);
    r = await c.get("/api/v1/orgs");
    assert.equal(r.status, 200, r.text);

    // The one-time password is gone; the new one works without a forced change.
    r = await s.client({ localAddress: "127.0.10.2" }).login("admin", s.oneTimePassword);
    assertProblem(r, 401);
    const c2 = s.client();
    r = await c2.login("admin", NEW_ADMIN_PASSWORD);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.must_change_password, false);
    assert.equal((await c2.get("/api/v1/users")).status, 200);
});

test("CSRF: a cookie without the right X-CSRF-Token cannot change state", async () => {
    const c = chefC;
    const other = await s.login("chef", GOOD_PASSWORD);
    const org = { name: "CSRF-kontroll AB", kind: "other" };
    assertProblem(await c.post("/api/v1/orgs", org, { csrf: false }), 403, "forbidden");
    assertProblem(await c.post("/api/v1/orgs", org, { csrf: "fel-token" }), 403, "forbidden");
    assertProblem(await c.post("/api/v1/orgs", org, { csrf: "" }), 403, "forbidden");
    assertProblem(await c.post("/api/v1/orgs", org, { csrf: other.csrf }), 403, "forbidden");
    assertProblem(await c.patch("/api/v1/orgs/1", { name: "Kapat" }, { csrf: false }), 403, "forbidden");
    assertProblem(await c.del("/api/v1/session", { csrf: false }), 403, "forbidden");
    // Nothing was made.
    const list = await c.get("/api/v1/orgs?q=CSRF");
    assert.equal(list.status, 200, "GET needs no CSRF token");
    assert.equal(list.body.total, 0);
    const r = await c.post("/api/v1/orgs", org);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.name, org.name);
});

test("logout: 204, the cookie is cleared and no longer works", async () => {
    const c = await s.login("anna", GOOD_PASSWORD);
    const cookie = c.cookie;
    const r = await c.del("/api/v1/session");
    assert.equal(r.status, 204, r.text);
    assert.equal(r.text, "");
    const sc = r.headers.getSetCookie();
    assert.equal(sc.length, 1);
    assert.match(sc[0], /^samsyn_session=;/);
    assert.match(sc[0], /Max-Age=0/i);
    assert.equal(c.cookie, null);
    c.cookie = cookie; // a copy kept by an attacker
    assertProblem(await c.get("/api/v1/session"), 401, "unauthorized");
    assertProblem(await c.get("/api/v1/orgs"), 401, "unauthorized");
    assertProblem(await c.del("/api/v1/session"), 401);
});

test("bearer tokens: work without CSRF, wrong or revoked ones get 401", async () => {
    const reader = s.createToken("bertil");
    const admin = s.createToken("chef");
    assert.match(reader.token, /^[A-Za-z0-9_-]{40,}$/);
    assert.notEqual(reader.id, admin.id);

    const rc = s.client({ bearer: reader.token });
    let r = await rc.get("/api/v1/session");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.user.username, "bertil");
    assert.equal(r.body.user.id, bertil.id);
    assert.equal(r.body.csrf_token, undefined, "no CSRF token for bearer callers");
    assert.equal((await rc.get("/api/v1/orgs")).status, 200);
    assertProblem(await rc.post("/api/v1/orgs", { name: "Läsare AB", kind: "other" }), 403, "forbidden");

    const ac = s.client({ bearer: admin.token });
    r = await ac.post("/api/v1/orgs", { name: "Token AB", kind: "other" });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.getSetCookie().length, 0, "no cookie for bearer callers");

    assertProblem(await s.client({ bearer: reader.token + "x" }).get("/api/v1/orgs"), 401, "unauthorized");
    assertProblem(await s.client({ bearer: "" }).get("/api/v1/orgs"), 401);
    assertProblem(
        await s.client().get("/api/v1/orgs", { headers: { Authorization: `Basic ${Buffer.from("chef:" + GOOD_PASSWORD).toString("base64")}` } }),
        401,
    );
    // A bearer header wins over a (valid) cookie: a bad token is not rescued by it.
    assertProblem(await chefC.get("/api/v1/orgs", { headers: { Authorization: "Bearer invalid-token" } }), 401);
    assert.equal((await chefC.get("/api/v1/orgs")).status, 200);

    const out = s.revokeToken(reader.id);
    assert.match(out.stdout, new RegExp(`Token ${reader.id} revoked`));
    assertProblem(await rc.get("/api/v1/orgs"), 401, "unauthorized");
    assert.equal((await ac.get("/api/v1/orgs")).status, 200, "other tokens still work");
    // Revoking twice or an unknown id fails.
    s.cli(["token", "revoke", "--id", String(reader.id)], { expectStatus: 1 });
    s.cli(["token", "create", "--username", "nobody"], { expectStatus: 1 });
});

test("the server log holds no password, session token or bearer token", async () => {
    const c = await s.login("anna", GOOD_PASSWORD);
    const tok = s.createToken("anna");
    await s.client({ bearer: tok.token }).get("/api/v1/orgs");
    await s.client({ localAddress: "127.0.10.3" }).login("anna", "hemligt-fel-lösenord-123");
    await s.waitForLog(/path="\/api\/v1\/session" status=401/);
    await s.waitForLog(/path="\/api\/v1\/orgs" status=200 .*user=\d+/);
    for (const secret of [GOOD_PASSWORD, NEW_ADMIN_PASSWORD, s.oneTimePassword, "hemligt-fel-lösenord-123", c.cookie, c.csrf, tok.token])
        assert.ok(!s.log.includes(secret), `server log contains a secret (${secret.slice(0, 4)}…)`);
});

test("changing one's password ends the user's other sessions and keeps this one", async () => {
    const here = await s.login("cilla", GOOD_PASSWORD);
    const elsewhere = await s.login("cilla", GOOD_PASSWORD);
    const other = await s.login("bertil", GOOD_PASSWORD);
    const pw2 = "Hennes-andra-lösenord-2";
    let r = await here.changePassword(GOOD_PASSWORD, pw2);
    assert.equal(r.status, 204, r.text);
    assert.equal((await here.get("/api/v1/session")).status, 200, "the session that changed it stays");
    assert.equal((await here.get("/api/v1/orgs")).status, 200);
    assertProblem(await elsewhere.get("/api/v1/session"), 401, "unauthorized");
    assert.equal((await other.get("/api/v1/session")).status, 200, "other users' sessions stay");
    // Changed with a bearer token: no session is the caller's, all end.
    const again = await s.login("cilla", pw2);
    const tc = s.client({ bearer: s.createToken("cilla").token });
    r = await tc.changePassword(pw2, "Hennes-tredje-lösenord-3");
    assert.equal(r.status, 204, r.text);
    assertProblem(await again.get("/api/v1/session"), 401, "unauthorized");
    assertProblem(await here.get("/api/v1/session"), 401, "unauthorized");
    assert.equal((await tc.get("/api/v1/session")).status, 200, "the token itself is not a session");
});

test("a bearer token follows its user: reset password, lost role, deactivation", async () => {
    const dag = s.users.dag;
    const tc = s.client({ bearer: s.createToken("dag").token });
    assert.equal((await tc.get("/api/v1/users")).status, 200);
    // An administrator resets the password: the token reads nothing (no
    // names, no personnummer) until dag has chosen a new one.
    const reset = "Återställt-av-chef-9";
    let r = await chefC.patch(`/api/v1/users/${dag.id}`, { password: reset });
    assert.equal(r.status, 200, r.text);
    for (const path of ["/api/v1/users", "/api/v1/participants", "/api/v1/session"])
        assertProblem(await tc.get(path), 403, "must-change-password");
    assertProblem(await tc.changePassword(reset, "Dags-eget-lösenord-44"), 403, "must-change-password");
    const dc = await s.login("dag", reset);
    assert.equal((await dc.changePassword(reset, "Dags-eget-lösenord-44")).status, 204);
    assert.equal((await tc.get("/api/v1/users")).status, 200, "works again after the change");
    // The admin role taken away: its routes are closed to the token at once.
    r = await chefC.patch(`/api/v1/users/${dag.id}`, { roles: ["reader"] });
    assert.equal(r.status, 200, r.text);
    assertProblem(await tc.get("/api/v1/users"), 403, "forbidden");
    assert.deepEqual((await tc.get("/api/v1/session")).body.user.roles, ["reader"]);
    // Deactivated: nothing.
    r = await chefC.patch(`/api/v1/users/${dag.id}`, { active: false });
    assert.equal(r.status, 200, r.text);
    assertProblem(await tc.get("/api/v1/session"), 401, "unauthorized");
});

test("session idle timeout (--session-idle 3): 401 after 4 s without requests", async () => {
    await sleep(Math.max(0, (IDLE + 1) * 1000 + 100 - (Date.now() - idleSince)));
    assertProblem(await idleClient.get("/api/v1/session"), 401, "unauthorized");
    assertProblem(await idleClient.get("/api/v1/session"), 401, "unauthorized");
    // The session used all along outlived the idle limit: activity resets the
    // idle clock. (Not "every answer 200": on an overloaded machine a stall
    // longer than the limit may legitimately end it.)
    keepAlive.stop = true;
    await keepAlive.done;
    const log = JSON.stringify(keepAlive.answers);
    assert.equal(keepAlive.answers[0][1], 200, log);
    assert.ok(keepAlive.answers.some(([sent, status]) => status === 200 && sent >= IDLE * 1000 + 250), `no 200 past the idle limit: ${log}`);
});

test("a session keeps the limits of the server that made it (two servers, one database)", async () => {
    // Both sessions have been idle for more than IDLE seconds. The one made
    // by the server with 30 minutes is alive on the strict server too; the
    // one made by the strict server is over on the lax one as well.
    await sleep(Math.max(0, (IDLE + 1) * 1000 + 100 - (Date.now() - strictSession.since)));
    const onStrict = idle.client();
    onStrict.cookie = laxSession.cookie;
    assert.equal((await onStrict.get("/api/v1/session")).status, 200, "the lax server's session ended by the strict one");
    const onLax = lax.client();
    onLax.cookie = strictSession.cookie;
    assertProblem(await onLax.get("/api/v1/session"), 401, "unauthorized");
});
