// throttle.test.mjs — login throttling with the default limit (5 failures in
// 15 min): per username, per client address, the reset of the username count
// by a successful login, and the audit events of it all; a wrong current
// password on POST /session/password counted and throttled the same way; a
// database error while counting refusing the login. Each scenario sends
// from its own loopback addresses (127.0.x.y), so the two counters can be told
// apart: the server keys the address count on the peer address.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, Samsyn, assertProblem } from "./lib.mjs";

const WRONG = "helt-fel-lösenord-9";
let s;
let adminC;

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    for (const u of ["ulla", "vera", "wilma", "xena"]) s.addUser({ username: u, roles: ["reader"] });
    await s.start();
    adminC = await s.login("admin", GOOD_PASSWORD, { localAddress: "127.0.9.9" });
});

after(() => s?.close());

/** A login from its own address. */
const loginFrom = (addr, username, password) => s.client({ localAddress: addr }).login(username, password);

test("per username: 5 failures (from 5 addresses) → 429 even with the right password", async () => {
    for (let i = 1; i <= 5; i++) assertProblem(await loginFrom(`127.0.1.${i}`, "ulla", WRONG), 401, "unauthorized");
    const r = await loginFrom("127.0.1.6", "ulla", GOOD_PASSWORD);
    const p = assertProblem(r, 429, "too-many-attempts");
    assert.ok(p.detail.length > 0);
    assert.equal(r.headers.getSetCookie().length, 0);
    // Other users from the same fresh address are not affected.
    assert.equal((await loginFrom("127.0.1.7", "vera", GOOD_PASSWORD)).status, 200);
    assertProblem(await loginFrom("127.0.1.8", "ulla", GOOD_PASSWORD), 429);
});

test("per address: 5 failures over different usernames from one address → 429 for anyone there", async () => {
    const addr = "127.0.2.1";
    for (const u of ["nils", "olle", "pelle", "wilma", "qvist"])
        assertProblem(await loginFrom(addr, u, WRONG), 401, "unauthorized");
    assertProblem(await loginFrom(addr, "wilma", GOOD_PASSWORD), 429, "too-many-attempts");
    assertProblem(await loginFrom(addr, "admin", GOOD_PASSWORD), 429, "too-many-attempts");
    // The same user from another address is let in (wilma has only 1 failure).
    assert.equal((await loginFrom("127.0.2.2", "wilma", GOOD_PASSWORD)).status, 200);
    // Existing sessions from the throttled address keep working.
    const c = s.client({ localAddress: addr });
    c.cookie = adminC.cookie;
    assert.equal((await c.get("/api/v1/session")).status, 200);
});

test("a successful login resets the username count", async () => {
    for (let i = 1; i <= 4; i++) assertProblem(await loginFrom(`127.0.3.${i}`, "vera", WRONG), 401);
    assert.equal((await loginFrom("127.0.3.5", "vera", GOOD_PASSWORD)).status, 200);
    // Without the reset this would be failure 5 and the next login a 429.
    assertProblem(await loginFrom("127.0.3.6", "vera", WRONG), 401);
    assert.equal((await loginFrom("127.0.3.7", "vera", GOOD_PASSWORD)).status, 200);
});

test("failed and throttled logins are in the audit log", async () => {
    const r = await adminC.get("/api/v1/audit?action=login_failed&limit=500");
    assert.equal(r.status, 200, r.text);
    const failed = r.body.items;
    assert.equal(failed.filter((e) => e.username === "ulla").length, 5);
    assert.equal(failed.filter((e) => e.username === "nils" && e.user_id === null && e.address === "127.0.2.1").length, 1);
    const ulla = failed.find((e) => e.username === "ulla");
    assert.equal(ulla.entity, "session");
    assert.equal(typeof ulla.user_id, "number", "a known user's failures carry the user id");
    const t = await adminC.get("/api/v1/audit?action=login_throttled");
    assert.equal(t.status, 200);
    assert.ok(t.body.items.some((e) => e.username === "ulla" && e.address === "127.0.1.6"), t.text);
    assert.ok(t.body.items.some((e) => e.username === "admin" && e.address === "127.0.2.1"), t.text);
    for (const e of [...failed, ...t.body.items]) assert.ok(!JSON.stringify(e).includes(WRONG), "audit holds a password");
});

test("a wrong current password on POST /session/password counts as a failed login: 429 after 5", async () => {
    const c = await s.login("xena", GOOD_PASSWORD, { localAddress: "127.0.4.1" });
    const statuses = [];
    for (let i = 0; i < 8; i++) {
        const r = await c.changePassword(WRONG, "Ett-nytt-lösenord-för-xena");
        statuses.push(r.status);
        if (r.status === 429) {
            assertProblem(r, 429, "too-many-attempts");
            assert.equal(r.headers.get("retry-after"), "900");
        }
    }
    assert.deepEqual(statuses, [422, 422, 422, 422, 422, 429, 429, 429]);
    // Throttled even with the right password, and so is her login elsewhere.
    assertProblem(await c.changePassword(GOOD_PASSWORD, "Ett-nytt-lösenord-för-xena"), 429, "too-many-attempts");
    assertProblem(await loginFrom("127.0.4.2", "xena", GOOD_PASSWORD), 429, "too-many-attempts");
    // The session itself goes on; the failures are audited as logins.
    assert.equal((await c.get("/api/v1/session")).status, 200);
    const r = await adminC.get("/api/v1/audit?action=login_failed&limit=500");
    const mine = r.body.items.filter((e) => e.username === "xena");
    assert.equal(mine.length, 5, r.text);
    for (const e of mine) assert.equal(e.detail, "password_change");
});

test("a database error while counting failures refuses the login instead of letting it in", async () => {
    // One worker thread, so the login below has the counting statements
    // prepared on the connection that later meets the dropped table.
    const t = new Samsyn();
    t.setAdminPassword();
    try {
        await t.start(["--threads", "1"]);
        const c = await t.login("admin", GOOD_PASSWORD);
        t.sql("DROP TABLE login_failures;");
        assertProblem(await t.client().login("admin", GOOD_PASSWORD), 500, "internal");
        assertProblem(await t.client().login("admin", WRONG), 500, "internal");
        assertProblem(await c.changePassword(WRONG, "Ett-nytt-lösenord-för-admin"), 500, "internal");
        assertProblem(await c.changePassword(GOOD_PASSWORD, "Ett-nytt-lösenord-för-admin"), 500, "internal");
    } finally {
        await t.close();
    }
});
