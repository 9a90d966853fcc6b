// audit.test.mjs — the audit log: the events written by logins (and failed
// ones), creating and changing orgs and users, reading a user, password
// changes, logouts, CLI set-up and reading the log itself; the event shape;
// the filters user_id, entity, entity_id (one record's events), action, from
// and to; paging; admins only; a list page of participants as one event that
// names them all and that each one's events include.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, Samsyn, assertProblem, invalidNames, sleep, waitFor } from "./lib.mjs";

const READER_NEW_PASSWORD = "Läsarens-nya-lösenord-5";
let s;
let admin, reader;
let readerId, orgId, userId;

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    readerId = s.addUser({ username: "rita", name: "Rita Läsare", roles: ["reader"] }).id;
    await s.start();
    [admin, reader] = await Promise.all([s.login("admin", GOOD_PASSWORD), s.login("rita", GOOD_PASSWORD)]);
    // The actions whose events are checked below.
    let r = await admin.post("/api/v1/orgs", { name: "Granskade kommunen", kind: "kommun", municipality_code: "1488" });
    assert.equal(r.status, 201, r.text);
    orgId = r.body.id;
    r = await admin.patch(`/api/v1/orgs/${orgId}`, { name: "Granskade kommunen 2" });
    assert.equal(r.status, 200, r.text);
    r = await admin.post("/api/v1/users", { username: "granskad", name: "G Granskad", org_id: orgId, roles: ["trainer"] });
    assert.equal(r.status, 201, r.text);
    userId = r.body.id;
    r = await admin.patch(`/api/v1/users/${userId}`, { roles: ["trainer", "reader"] });
    assert.equal(r.status, 200, r.text);
    assert.equal((await admin.get(`/api/v1/users/${userId}`)).status, 200);
    r = await reader.changePassword(GOOD_PASSWORD, READER_NEW_PASSWORD);
    assert.equal(r.status, 204, r.text);
    assertProblem(await s.client().login("rita", "fel-fel-fel-fel-fel"), 401);
    assert.equal((await reader.del("/api/v1/session")).status, 204);
});

after(() => s?.close());

const audit = async (query = "") => {
    const r = await admin.get(`/api/v1/audit${query}`);
    assert.equal(r.status, 200, r.text);
    return r.body;
};
const has = (items, pred) => items.some(pred);

test("events have the documented shape, newest first", async () => {
    const list = await audit("?limit=500");
    assert.deepEqual(Object.keys(list).sort(), ["items", "limit", "offset", "total"]);
    assert.equal(list.total, list.items.length);
    const ids = list.items.map((e) => e.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), "newest first");
    for (const e of list.items) {
        assert.deepEqual(
            Object.keys(e).sort(),
            ["action", "address", "at", "detail", "detail_text", "entity", "entity_count", "entity_id", "entity_ids", "entity_name", "id", "user_id", "username"],
        );
        // The detail in Swedish beside it (the page shows it, the file writes it).
        if (e.detail === null) assert.equal(e.detail_text, null);
        if (e.detail === "password_change") assert.equal(e.detail_text, "Fel nuvarande lösenord vid lösenordsbyte");
        assert.equal(e.entity_ids, null, "only a list read names several records");
        assert.equal(e.entity_count, null);
        assert.match(e.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        assert.ok(Math.abs(Date.parse(e.at) - Date.now()) < 10 * 60_000, `odd timestamp ${e.at}`);
        assert.ok(["127.0.0.1", "cli"].includes(e.address), `address ${e.address}`);
    }
    assert.ok(!JSON.stringify(list).includes(GOOD_PASSWORD));
    assert.ok(!JSON.stringify(list).includes(READER_NEW_PASSWORD));
});

test("logins, changes, reads, password change and logout are recorded", async () => {
    const items = (await audit("?limit=500")).items;
    const by = (action, entity, entity_id, user_id) =>
        has(items, (e) => e.action === action && e.entity === entity && e.entity_id === entity_id && e.user_id === user_id);
    assert.ok(by("login", "session", 1, 1), "admin login");
    assert.ok(by("login", "session", readerId, readerId), "reader login");
    assert.ok(by("create", "org", orgId, 1), "org created");
    assert.ok(by("update", "org", orgId, 1), "org updated");
    assert.ok(by("create", "user", userId, 1), "user created");
    assert.ok(by("update", "user", userId, 1), "user updated");
    assert.ok(by("read", "user", userId, 1), "user read");
    assert.ok(by("password_change", "user", readerId, readerId), "password changed");
    assert.ok(by("logout", "session", readerId, readerId), "logout");
    assert.ok(
        has(items, (e) => e.action === "login_failed" && e.username === "rita" && e.user_id === readerId && e.address === "127.0.0.1"),
        "failed login",
    );
    // Set-up through the CLI is recorded as the system, from "cli".
    assert.ok(
        has(items, (e) => e.action === "create" && e.entity === "user" && e.entity_id === readerId && e.user_id === null && e.address === "cli"),
        "CLI user add",
    );
    const login = items.find((e) => e.action === "login" && e.user_id === 1);
    assert.equal(login.username, "admin");
});

test("reading the log is itself recorded", async () => {
    const before = (await audit("?action=read&entity=audit")).total; // this read is counted in the next one
    const after = await audit("?action=read&entity=audit");
    assert.equal(after.total, before + 1);
    const e = after.items[0];
    assert.equal(e.user_id, 1);
    assert.equal(e.entity_id, null);
});

test("filters: user_id, entity, action, from, to", async () => {
    let l = await audit(`?user_id=${readerId}`);
    assert.ok(l.total >= 3, l.total);
    assert.ok(l.items.every((e) => e.user_id === readerId));
    assert.ok(has(l.items, (e) => e.action === "password_change"));

    l = await audit("?entity=org");
    assert.ok(l.items.length >= 3); // init + create + update
    assert.ok(l.items.every((e) => e.entity === "org"));
    // Each names its organisation as it is now (the log says what, not "org 2").
    for (const e of l.items.filter((x) => x.entity_id)) {
        const org = await admin.get(`/api/v1/orgs/${e.entity_id}`);
        assert.equal(e.entity_name, org.body.name);
    }

    l = await audit("?entity=user&action=create");
    assert.ok(l.items.every((e) => e.entity === "user" && e.action === "create"));
    assert.deepEqual(new Set(l.items.map((e) => e.entity_id)), new Set([1, readerId, userId]));
    assert.equal(l.total, 3);

    l = await audit(`?user_id=${readerId}&action=logout`);
    assert.equal(l.total, 1);

    // One record's events: who created, changed and read user ${userId}.
    l = await audit(`?entity=user&entity_id=${userId}`);
    assert.deepEqual(l.items.map((e) => e.action), ["read", "update", "create"]);
    assert.ok(l.items.every((e) => e.entity === "user" && e.entity_id === userId && e.username === "admin"));
    assert.equal(l.total, 3);
    assert.equal((await audit(`?entity=user&entity_id=${userId}&action=read`)).total, 1);
    assert.equal((await audit(`?entity=user&entity_id=${userId}&user_id=${readerId}`)).total, 0);
    assert.equal((await audit(`?entity=org&entity_id=${userId}&action=read`)).total, 0);
    assert.equal((await audit(`?entity=user&entity_id=999999`)).total, 0);

    // Dates are inclusive days in UTC; take "today" from the server's own stamps.
    const today = l.items[0].at.slice(0, 10);
    const day = (d, n) => new Date(Date.parse(d) + n * 86_400_000).toISOString().slice(0, 10);
    const all = (await audit("?limit=1")).total;
    assert.equal((await audit(`?from=${today}&limit=1`)).total, all + 1); // +1: the previous read
    assert.equal((await audit(`?to=${today}&limit=1`)).total, all + 2);
    assert.equal((await audit(`?from=${today}&to=${today}&limit=1`)).total, all + 3);
    assert.equal((await audit(`?from=${day(today, 1)}`)).total, 0);
    assert.equal((await audit(`?to=${day(today, -1)}`)).total, 0);
    assert.equal((await audit(`?from=${day(today, -1)}&to=${day(today, 1)}&action=logout`)).total, 1);

    // Paging.
    const page = await audit("?limit=2&offset=1");
    assert.equal(page.items.length, 2);
    assert.equal(page.limit, 2);
    assert.equal(page.offset, 1);
});

test("a list page of participants is one read event naming them all, found from each of them", async () => {
    const N = 7;
    const ids = [];
    for (let i = 0; i < N + 2; i++) {
        const r = await admin.post("/api/v1/participants", { anonymous: true, sex: i % 2 ? "male" : "female", birth_year: 1970 + i });
        assert.equal(r.status, 201, r.text);
        ids.push(r.body.id);
    }
    // Reads are logged in the read log beside the database, changes in it.
    const count = (where = "1 = 1") => Number(s.sqlReads(`SELECT COUNT(*) FROM audit_reads WHERE ${where};`));
    const changes = Number(s.sql("SELECT COUNT(*) FROM audit_events;"));
    const before = count();
    const page = await admin.get(`/api/v1/participants?limit=${N}`);
    assert.equal(page.status, 200, page.text);
    const shown = page.body.items.map((p) => p.id);
    assert.equal(shown.length, N);
    // Written behind the answer: at once, but not before it.
    await waitFor(() => count() > before, "the page's read event");
    await sleep(100);
    assert.equal(count(), before + 1, "one event for the page, not one per participant");
    assert.equal(Number(s.sql("SELECT COUNT(*) FROM audit_events;")), changes, "a read is not in the database's log");

    const [ev] = (await audit("?entity=participant&action=read&limit=1")).items;
    assert.equal(ev.entity, "participant");
    assert.equal(ev.entity_id, null);
    assert.deepEqual(ev.entity_ids, shown, "the ids in the order shown");
    assert.equal(ev.entity_count, N);
    assert.equal(ev.username, "admin");
    assert.equal(ev.user_id, 1);
    assert.equal(ev.detail, null);

    // "Who has read participant X?" finds the event for every X shown, and
    // for none that was not.
    for (const id of shown) {
        const l = await audit(`?entity=participant&entity_id=${id}`);
        assert.equal(l.items[0].id, ev.id, "the page is its newest event");
        assert.ok(l.items.some((e) => e.action === "create" && e.entity_id === id), "its own events too");
        assert.equal((await audit(`?entity=participant&entity_id=${id}&action=read`)).total, 1);
        assert.equal((await audit(`?entity=participant&entity_id=${id}&action=read&user_id=${readerId}`)).total, 0);
    }
    for (const id of ids.filter((i) => !shown.includes(i)))
        assert.equal((await audit(`?entity=participant&entity_id=${id}&action=read`)).total, 0, `${id} was not shown`);
    assert.equal((await audit(`?entity=employer&entity_id=${shown[0]}&action=read`)).total, 0);

    // A second page is a second event; a page of one is a plain read.
    const reads = count("entity = 'participant' AND action = 'read'");
    const one = await admin.get(`/api/v1/participants?limit=1&offset=${N}`);
    assert.equal(one.body.items.length, 1);
    await waitFor(() => count("entity = 'participant' AND action = 'read'") === reads + 1, "a second event");
    const x = one.body.items[0].id;
    const [single] = (await audit(`?entity=participant&entity_id=${x}&action=read`)).items;
    assert.equal(single.entity_id, x);
    assert.equal(single.entity_ids, null);
    assert.equal(single.entity_count, null);

    // Every 16 list events the server indexes them in audit_read_subjects;
    // the answers are the same before and after.
    for (let i = 0; i < 16; i++) assert.equal((await admin.get(`/api/v1/participants?limit=${N}`)).status, 200);
    for (const id of shown) assert.equal((await audit(`?entity=participant&entity_id=${id}&action=read`)).total, 17);
    // Each record shown once a pass, however many lists of the pass named it.
    const indexed = (id) => Number(s.sqlReads(`SELECT COUNT(*) FROM audit_read_subjects WHERE entity = 'participant' AND entity_id = ${id};`));
    for (const id of shown) assert.ok(indexed(id) >= 1 && indexed(id) <= 2, `${id}: ${indexed(id)} entries`);
    assert.equal((await audit(`?entity=participant&entity_id=${x}&action=read`)).total, 1);

    // The read log and its index are append-only like the database's log.
    assert.throws(() => s.sqlReads("DELETE FROM audit_read_subjects;"), /append-only/);
    assert.throws(() => s.sqlReads("UPDATE audit_read_subjects SET entity_id = 1;"), /append-only/);
    assert.throws(() => s.sqlReads("DELETE FROM audit_reads;"), /append-only/);
    assert.throws(() => s.sqlReads("UPDATE audit_reads SET user_id = 2;"), /append-only/);

    // Newest first across both: a change after the reads comes before them.
    const p0 = shown[0];
    assert.equal((await admin.patch(`/api/v1/participants/${p0}`, { birth_year: 1960 })).status, 200);
    const both = await audit(`?entity=participant&entity_id=${p0}&limit=3`);
    assert.equal(both.items[0].action, "update");
    assert.equal(both.items[1].action, "read");
    assert.ok(both.items[0].id > both.items[1].id && both.items[1].id > both.items[2].id);
    const all = await audit("?limit=2");
    assert.equal(all.items[0].action, "read", "the newest event: the last reading of the log");
    assert.equal(all.items[0].entity, "audit");
    assert.equal(all.items[1].action, "update", "then the change before it");
    assert.ok(all.items[0].id > all.items[1].id);
});

test("bad filter values: 422 naming the parameter", async () => {
    for (const [q, name] of [
        ["from=2024-13-01", "from"],
        ["from=igår", "from"],
        ["to=2024-02-30", "to"],
        ["user_id=abc", "user_id"],
        ["user_id=0", "user_id"],
        ["entity=user&entity_id=x", "entity_id"],
        ["entity=user&entity_id=-3", "entity_id"],
        ["entity_id=2", "entity"],
        ["limit=0", "limit"],
        ["limit=501", "limit"],
        ["offset=-1", "offset"],
    ]) {
        const r = await admin.get(`/api/v1/audit?${q.replace("igår", encodeURIComponent("igår"))}`);
        assert.deepEqual(invalidNames(r), [name], q);
    }
});

test("only administrators read the log", async () => {
    const c = await s.login("rita", READER_NEW_PASSWORD);
    assertProblem(await c.get("/api/v1/audit"), 403, "forbidden");
    assertProblem(await c.get(`/api/v1/audit?user_id=${readerId}`), 403, "forbidden");
    assertProblem(await s.client().get("/api/v1/audit"), 401, "unauthorized");
});
