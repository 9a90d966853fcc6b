// admin.test.mjs — organisations and users over the API: create, read,
// change and list (paging, q), validation (422 with invalid_parameters names),
// conflicts (409), unknown ids (404), role checks (reader, case_worker),
// one-time passwords of POST /users, password reset and deactivation ending
// sessions (and, for deactivation, bearer tokens), the rule that the last
// active administrator stays, and parallel writes without 500s.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, assertProblem, invalidNames, startSamsyn } from "./lib.mjs";

let s;
let admin, reader, worker; // logged-in clients
let readerId;

before(async () => {
    s = await startSamsyn({
        users: [
            { username: "rut", name: "Rut Läsare", roles: ["reader"] },
            { username: "carl", name: "Carl Handläggare", roles: ["case_worker"] },
        ],
    });
    readerId = s.users.rut.id;
    [admin, reader, worker] = await Promise.all([
        s.login("admin", GOOD_PASSWORD),
        s.login("rut", GOOD_PASSWORD),
        s.login("carl", GOOD_PASSWORD),
    ]);
});

after(() => s?.close());

const orgKeys = ["id", "kind", "municipality_code", "name"];
const userKeys = ["active", "email", "id", "name", "org_id", "roles", "username"];

test("orgs: create, read, change", async () => {
    let r = await admin.post("/api/v1/orgs", { name: "Trollhättans stad", kind: "kommun", municipality_code: "1488" });
    assert.equal(r.status, 201, r.text);
    const org = r.body;
    for (const k of orgKeys) assert.ok(k in org, `org lacks ${k}`);
    assert.equal(typeof org.id, "number");
    assert.deepEqual({ ...org, id: 0 }, { id: 0, name: "Trollhättans stad", kind: "kommun", municipality_code: "1488" });

    r = await admin.get(`/api/v1/orgs/${org.id}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, org);

    r = await admin.post("/api/v1/orgs", { name: "Arbetsförmedlingen Väst", kind: "af" });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.municipality_code, null);
    const af = r.body;

    // PATCH changes only what is sent.
    r = await admin.patch(`/api/v1/orgs/${af.id}`, { name: "Arbetsförmedlingen Trollhättan" });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { ...af, name: "Arbetsförmedlingen Trollhättan" });
    r = await admin.patch(`/api/v1/orgs/${af.id}`, { municipality_code: "1488" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.municipality_code, "1488");
    r = await admin.patch(`/api/v1/orgs/${af.id}`, { municipality_code: null });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.municipality_code, null);
    r = await admin.get(`/api/v1/orgs/${af.id}`);
    assert.deepEqual(r.body, { ...af, name: "Arbetsförmedlingen Trollhättan" });
});

test("orgs: list with total, limit, offset and q", async () => {
    for (const name of ["Vänersborgs kommun", "Lilla Edets kommun", "Försäkringskassan"]) {
        const kind = name.includes("kommun") ? "kommun" : "fk";
        const code = { "Vänersborgs kommun": "1487", "Lilla Edets kommun": "1462" }[name];
        const r = await admin.post("/api/v1/orgs", { name, kind, municipality_code: code });
        assert.equal(r.status, 201, r.text);
    }
    let r = await reader.get("/api/v1/orgs");
    assert.equal(r.status, 200, r.text);
    const all = r.body;
    assert.deepEqual(Object.keys(all).sort(), ["items", "limit", "offset", "total"]);
    assert.equal(all.limit, 50);
    assert.equal(all.offset, 0);
    assert.equal(all.total, all.items.length);
    assert.ok(all.total >= 6, `total ${all.total}`);
    for (const o of all.items) assert.deepEqual(Object.keys(o).sort(), orgKeys);

    r = await reader.get("/api/v1/orgs?limit=2&offset=1");
    assert.equal(r.status, 200);
    assert.equal(r.body.total, all.total);
    assert.equal(r.body.limit, 2);
    assert.equal(r.body.offset, 1);
    assert.deepEqual(r.body.items, all.items.slice(1, 3));

    r = await reader.get(`/api/v1/orgs?offset=${all.total}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items, []);
    assert.equal(r.body.total, all.total);

    r = await reader.get("/api/v1/orgs?q=kommun");
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((o) => o.name).sort(), ["Lilla Edets kommun", "Vänersborgs kommun"]);
    assert.equal(r.body.total, 2);
    r = await reader.get(`/api/v1/orgs?q=${encodeURIComponent("Försäkrings")}`);
    assert.deepEqual(r.body.items.map((o) => o.name), ["Försäkringskassan"]);
    r = await reader.get("/api/v1/orgs?q=finns-inte-alls");
    assert.equal(r.body.total, 0);
    assert.deepEqual(r.body.items, []);
});

test("orgs: 404 for unknown ids, 422 for bad values, 409 for a taken name", async () => {
    assertProblem(await admin.get("/api/v1/orgs/99999"), 404, "not-found");
    assertProblem(await admin.get("/api/v1/orgs/abc"), 404, "not-found");
    assertProblem(await admin.get("/api/v1/orgs/0"), 404, "not-found");
    assertProblem(await admin.patch("/api/v1/orgs/99999", { name: "Ingen" }), 404, "not-found");

    assert.deepEqual(invalidNames(await admin.post("/api/v1/orgs", { name: "Fel typ AB", kind: "bolag" })), ["kind"]);
    assert.deepEqual(
        invalidNames(await admin.post("/api/v1/orgs", { name: "Okänd kommun", kind: "kommun", municipality_code: "9999" })),
        ["municipality_code"],
    );
    assert.deepEqual(invalidNames(await admin.post("/api/v1/orgs", { name: "Kommun utan kod", kind: "kommun" })), ["municipality_code"]);
    assert.deepEqual(invalidNames(await admin.post("/api/v1/orgs", { kind: "other" })), ["name"]);
    assert.deepEqual(invalidNames(await admin.post("/api/v1/orgs", { name: "", kind: "other" })), ["name"]);
    assert.deepEqual(invalidNames(await admin.post("/api/v1/orgs", { name: "x".repeat(201), kind: "other" })), ["name"]);
    assert.deepEqual(new Set(invalidNames(await admin.post("/api/v1/orgs", {}))), new Set(["name", "kind"]));
    // Wrong JSON types are 422 too, naming the field.
    assert.deepEqual(invalidNames(await admin.post("/api/v1/orgs", { name: 5, kind: "other" })), ["name"]);
    assert.deepEqual(invalidNames(await admin.post("/api/v1/orgs", { name: "Typfel", kind: ["af"] })), ["kind"]);
    assert.deepEqual(invalidNames(await admin.patch("/api/v1/orgs/1", { municipality_code: 1488 })), ["municipality_code"]);
    assert.deepEqual(invalidNames(await admin.patch("/api/v1/orgs/1", { kind: "bolag" })), ["kind"]);
    const r = await admin.post("/api/v1/orgs", { name: "Okänd", kind: "kommun", municipality_code: "9999" });
    assert.equal(r.body.invalid_parameters[0].value, "9999");

    assertProblem(await admin.post("/api/v1/orgs", { name: "Samordningsförbundet", kind: "other" }), 409, "conflict");
    const made = await admin.post("/api/v1/orgs", { name: "Tillfälligt namn", kind: "other" });
    assert.equal(made.status, 201);
    assertProblem(await admin.patch(`/api/v1/orgs/${made.body.id}`, { name: "Samordningsförbundet" }), 409, "conflict");
    assert.equal((await admin.get(`/api/v1/orgs/${made.body.id}`)).body.name, "Tillfälligt namn");
});

test("orgs: any role reads, only admins change", async () => {
    assert.equal((await reader.get("/api/v1/orgs")).status, 200);
    assert.equal((await reader.get("/api/v1/orgs/1")).status, 200);
    assert.equal((await worker.get("/api/v1/orgs")).status, 200);
    assertProblem(await reader.post("/api/v1/orgs", { name: "Läsarens AB", kind: "other" }), 403, "forbidden");
    assertProblem(await worker.post("/api/v1/orgs", { name: "Handläggarens AB", kind: "other" }), 403, "forbidden");
    assertProblem(await worker.patch("/api/v1/orgs/1", { name: "Kapat" }), 403, "forbidden");
    assertProblem(await reader.patch("/api/v1/orgs/1", { name: "Kapat" }), 403, "forbidden");
    assert.equal((await admin.get("/api/v1/orgs/1")).body.name, "Samordningsförbundet");
});

test("users: create with a password (one-time), read, change, list", async () => {
    let r = await admin.post("/api/v1/users", {
        username: "eva.ek",
        name: "Eva Ek",
        email: "eva@example.se",
        org_id: 1,
        roles: ["case_worker", "trainer"],
        password: "Satt-av-admin-123",
    });
    assert.equal(r.status, 201, r.text);
    const eva = r.body;
    for (const k of userKeys) assert.ok(k in eva, `user lacks ${k}`);
    assert.equal(eva.one_time_password, undefined, "no generated password when one was given");
    assert.deepEqual(
        { username: eva.username, name: eva.name, email: eva.email, org_id: eva.org_id, roles: [...eva.roles].sort(), active: eva.active },
        { username: "eva.ek", name: "Eva Ek", email: "eva@example.se", org_id: 1, roles: ["case_worker", "trainer"], active: true },
    );
    for (const k of Object.keys(eva)) assert.ok(!/hash|^password$/.test(k), `user answer carries ${k}`);

    r = await admin.get(`/api/v1/users/${eva.id}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, eva);

    r = await admin.patch(`/api/v1/users/${eva.id}`, { name: "Eva Ekström", email: null, roles: ["kansli"] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.name, "Eva Ekström");
    assert.equal(r.body.email, null);
    assert.deepEqual(r.body.roles, ["kansli"]);
    assert.equal(r.body.username, "eva.ek");
    assert.deepEqual((await admin.get(`/api/v1/users/${eva.id}`)).body, r.body);

    r = await admin.get("/api/v1/users");
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body).sort(), ["items", "limit", "offset", "total"]);
    assert.equal(r.body.total, 4);
    assert.equal(r.body.items.length, 4);
    for (const u of r.body.items) for (const k of userKeys) assert.ok(k in u, `listed user lacks ${k}`);
    r = await admin.get(`/api/v1/users?q=${encodeURIComponent("Ekström")}`);
    assert.deepEqual(r.body.items.map((u) => u.username), ["eva.ek"]);
    r = await admin.get("/api/v1/users?q=carl");
    assert.deepEqual(r.body.items.map((u) => u.username), ["carl"]);
    r = await admin.get("/api/v1/users?limit=1&offset=1");
    assert.equal(r.body.total, 4);
    assert.equal(r.body.items.length, 1);

    // An admin-set password is one-time (API.md).
    const c = s.client();
    r = await c.login("eva.ek", "Satt-av-admin-123");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.must_change_password, true);
    assertProblem(await c.get("/api/v1/orgs"), 403, "must-change-password");
});

test("users: without a password the answer carries a one-time password to change at login", async () => {
    const r = await admin.post("/api/v1/users", { username: "fia", name: "Fia Fors", org_id: 1, roles: ["reader"] });
    assert.equal(r.status, 201, r.text);
    assert.match(r.body.one_time_password, /^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
    const got = await admin.get(`/api/v1/users/${r.body.id}`);
    assert.equal(got.body.one_time_password, undefined, "the password is shown once");
    const c = s.client();
    const l = await c.login("fia", r.body.one_time_password);
    assert.equal(l.status, 200, l.text);
    assert.equal(l.body.must_change_password, true);
    assertProblem(await c.get("/api/v1/orgs/1"), 403, "must-change-password");
});

test("users: 422 for bad values, 409 for a taken username, 404 for unknown ids", async () => {
    const ok = { username: "gustav", name: "Gustav G", org_id: 1, roles: ["reader"] };
    const bad = async (patch) => invalidNames(await admin.post("/api/v1/users", { ...ok, ...patch }));
    assert.deepEqual(await bad({ password: "kort" }), ["password"]);
    assert.deepEqual(await bad({ username: "Gustav Gran" }), ["username"]);
    assert.deepEqual(await bad({ username: "g" }), ["username"]);
    assert.deepEqual(await bad({ org_id: 99999 }), ["org_id"]);
    assert.deepEqual(await bad({ roles: [] }), ["roles"]);
    assert.deepEqual(await bad({ roles: ["boss"] }), ["roles"]);
    assert.deepEqual(await bad({ email: "inte-en-adress" }), ["email"]);
    assert.deepEqual(await bad({ name: "" }), ["name"]);
    // Wrong JSON types.
    assert.deepEqual(await bad({ org_id: "1" }), ["org_id"]);
    assert.deepEqual(await bad({ roles: "reader" }), ["roles"]);
    assert.deepEqual(await bad({ username: 7 }), ["username"]);
    assert.deepEqual(invalidNames(await admin.patch(`/api/v1/users/${readerId}`, { active: "nej" })), ["active"]);
    assert.deepEqual(invalidNames(await admin.patch(`/api/v1/users/${readerId}`, { password: "kort" })), ["password"]);
    assert.deepEqual(new Set(await bad({ username: "X", name: "", org_id: 99999, roles: [] })), new Set(["username", "name", "org_id", "roles"]));

    assertProblem(await admin.post("/api/v1/users", { ...ok, username: "rut" }), 409, "conflict");
    assertProblem(await admin.get("/api/v1/users/99999"), 404, "not-found");
    assertProblem(await admin.patch("/api/v1/users/99999", { name: "Ingen" }), 404, "not-found");
    // Nothing above was created.
    assert.equal((await admin.get("/api/v1/users?q=gustav")).body.total, 0);
});

test("users: only admins manage users; others read only themselves", async () => {
    const r = await reader.post("/api/v1/users", { username: "hugo", name: "Hugo", org_id: 1, roles: ["admin"] });
    assertProblem(r, 403, "forbidden");
    assertProblem(await reader.get("/api/v1/users"), 403, "forbidden");
    assertProblem(await worker.get("/api/v1/users"), 403, "forbidden");
    assertProblem(await reader.patch(`/api/v1/users/${readerId}`, { roles: ["admin"] }), 403, "forbidden");
    const me = await reader.get(`/api/v1/users/${readerId}`);
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.username, "rut");
    // Another user's record is "not found", not "forbidden" (API.md).
    assertProblem(await reader.get("/api/v1/users/1"), 404, "not-found");
    assert.equal((await admin.get("/api/v1/users?q=hugo")).body.total, 0);
});

test("users: a password reset ends the sessions; deactivation ends them, blocks login and tokens", async () => {
    const made = await admin.post("/api/v1/users", {
        username: "dora", name: "Dora D", org_id: 1, roles: ["reader"], password: "Första-lösenordet-1",
    });
    assert.equal(made.status, 201, made.text);
    const id = made.body.id;
    const dora = await s.login("dora", "Första-lösenordet-1");
    assert.equal((await dora.get("/api/v1/session")).status, 200);

    let r = await admin.patch(`/api/v1/users/${id}`, { password: "Nytt-från-admin-22" });
    assert.equal(r.status, 200, r.text);
    assertProblem(await dora.get("/api/v1/session"), 401, "unauthorized");
    const again = s.client();
    r = await again.login("dora", "Nytt-från-admin-22");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.must_change_password, true, "an admin reset is one-time");

    // Her token stops while the reset password is unchanged (the account may
    // be in other hands), and works again once she has chosen her own.
    const bearer = s.client({ bearer: s.createToken("dora").token });
    assertProblem(await bearer.get("/api/v1/session"), 403, "must-change-password");
    r = await again.changePassword("Nytt-från-admin-22", "Hennes-egna-lösenord-3");
    assert.equal(r.status, 204, r.text);
    assert.equal((await bearer.get("/api/v1/session")).status, 200);

    r = await admin.patch(`/api/v1/users/${id}`, { active: false });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.active, false);
    assertProblem(await again.get("/api/v1/session"), 401, "unauthorized");
    assertProblem(await bearer.get("/api/v1/session"), 401, "unauthorized");
    assertProblem(await s.client({ localAddress: "127.0.20.1" }).login("dora", "Hennes-egna-lösenord-3"), 401, "unauthorized");
    const listed = (await admin.get("/api/v1/users?q=dora")).body.items[0];
    assert.equal(listed.active, false);
});

test("users: the last active administrator cannot be deactivated or demoted", async () => {
    assertProblem(await admin.patch("/api/v1/users/1", { active: false }), 409, "conflict");
    assertProblem(await admin.patch("/api/v1/users/1", { roles: ["reader"] }), 409, "conflict");
    let r = await admin.get("/api/v1/users/1");
    assert.equal(r.body.active, true);
    assert.deepEqual(r.body.roles, ["admin"]);
    // With a second admin, one of them may go.
    r = await admin.patch(`/api/v1/users/${readerId}`, { roles: ["admin", "reader"] });
    assert.equal(r.status, 200, r.text);
    r = await admin.patch(`/api/v1/users/${readerId}`, { active: false });
    assert.equal(r.status, 200, r.text);
    assertProblem(await reader.get("/api/v1/session"), 401, "unauthorized");
    assertProblem(await admin.patch("/api/v1/users/1", { active: false }), 409, "conflict");
    assert.equal((await admin.get("/api/v1/users")).status, 200, "admin still works");
});

test("parallel writes and audited reads all succeed (no 500 from a busy database)", async () => {
    const before = (await admin.get("/api/v1/orgs?limit=1")).body.total;
    const writes = Array.from({ length: 24 }, (_, i) => admin.post("/api/v1/orgs", { name: `Parallell ${i}`, kind: "other" }));
    const reads = Array.from({ length: 24 }, () => admin.get(`/api/v1/users/${readerId}`));
    const patches = Array.from({ length: 8 }, (_, i) => admin.patch("/api/v1/orgs/1", { municipality_code: i % 2 ? "1488" : null }));
    const all = await Promise.all([...writes, ...reads, ...patches]);
    const statuses = all.map((r) => r.status);
    assert.deepEqual(statuses, [...Array(24).fill(201), ...Array(24).fill(200), ...Array(8).fill(200)], all.find((r) => r.status >= 300)?.text);
    assert.equal((await admin.get("/api/v1/orgs?limit=1")).body.total, before + 24);
});
