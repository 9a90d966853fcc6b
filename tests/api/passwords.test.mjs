// passwords.test.mjs — password strength wherever a password is set (the
// forced change, one's own change, an administrator's, `samsyn user add
// --password-stdin` and `user passwd`): libpwquality's rules and the
// commonest password words padded with digits are refused with a Swedish
// reason naming the field, and nothing changes; an administrator's reset
// (reset_password) gives a one-time password of the same readable form as a
// new user's.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, Samsyn, assertProblem, invalidNames } from "./lib.mjs";

const READABLE = /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/;
const WEAK = [
    ["password1234", /password1234/],
    ["Sommar2024!!", /password1234/],
    ["Lösenord-2025", /password1234/],
    ["Understanding", /vanligt ord/],
    ["123456789012", /i följd/],
];

let s;
let admin;

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    s.addUser({ username: "vera.svensson", name: "Vera Svensson", roles: ["case_worker"] });
    await s.start();
    admin = await s.login("admin", GOOD_PASSWORD);
});

after(() => s?.close());

test("a user's own change refuses weak passwords, the username, and keeps the old one", async () => {
    const vera = await s.login("vera.svensson", GOOD_PASSWORD);
    for (const [weak, reason] of [...WEAK, ["vera.svensson-2024", /användarnamnet/]]) {
        const res = await vera.changePassword(GOOD_PASSWORD, weak);
        assertProblem(res, 422);
        assert.deepEqual(invalidNames(res), ["new_password"], weak);
        assert.match(res.body.invalid_parameters[0].reason, reason, weak);
    }
    assert.equal((await vera.changePassword(GOOD_PASSWORD, "Tre-gröna-kaniner-hoppar")).status, 204);
    assert.equal((await s.client().login("vera.svensson", "Tre-gröna-kaniner-hoppar")).status, 200);
});

test("an administrator's password and the command line's are checked the same way", async () => {
    for (const [weak, reason] of WEAK) {
        const res = await admin.post("/api/v1/users", { username: "ny.person", name: "Ny Person", org_id: 1, roles: ["reader"], password: weak });
        assertProblem(res, 422);
        assert.deepEqual(invalidNames(res), ["password"]);
        assert.match(res.body.invalid_parameters[0].reason, reason);
    }
    assert.equal((await admin.get("/api/v1/users?q=ny.person")).body.items.filter((u) => u.username === "ny.person").length, 0);
    const vera = s.users["vera.svensson"].id;
    const patch = await admin.patch(`/api/v1/users/${vera}`, { password: "password1234" });
    assertProblem(patch, 422);
    assert.deepEqual(invalidNames(patch), ["password"]);

    const add = s.cli(["user", "add", "--username", "cli.person", "--name", "Cli", "--org-id", "1", "--role", "reader", "--password-stdin"], {
        input: "password1234\n",
        expectStatus: 1,
    });
    assert.match(add.stderr + add.stdout, /password1234/);
    const passwd = s.cli(["user", "passwd", "--username", "vera.svensson", "--password-stdin"], { input: "Sommar2024!!\n", expectStatus: 1 });
    assert.match(passwd.stderr + passwd.stdout, /lätt att gissa/);
    s.cli(["user", "add", "--username", "cli.person", "--name", "Cli", "--org-id", "1", "--role", "reader", "--password-stdin"], {
        input: "Fyra-ovanliga-ord-ihop\n",
    });
});

test("a reset gives a readable one-time password, made by the server, and logs the user out", async () => {
    const vera = s.users["vera.svensson"].id;
    const before_ = await s.login("vera.svensson", "Tre-gröna-kaniner-hoppar");
    const res = await admin.patch(`/api/v1/users/${vera}`, { reset_password: true });
    assert.equal(res.status, 200, res.text);
    assert.match(res.body.one_time_password, READABLE);
    assert.equal(res.body.must_change_password, true);
    assert.equal((await before_.get("/api/v1/session")).status, 401, "her session ended");
    const created = await admin.post("/api/v1/users", { username: "ny.person", name: "Ny Person", org_id: 1, roles: ["reader"] });
    assert.match(created.body.one_time_password, READABLE, "the same form as a new user's");
    const mixed = await admin.patch(`/api/v1/users/${vera}`, { reset_password: true, name: "Vera S" });
    assertProblem(mixed, 422);
    assert.deepEqual(invalidNames(mixed), ["reset_password"]);
    const nothing = await s.login("vera.svensson", res.body.one_time_password);
    assert.equal((await nothing.get("/api/v1/session")).body.must_change_password, true);
});
