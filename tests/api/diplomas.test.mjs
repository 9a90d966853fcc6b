// diplomas.test.mjs — the diplomas of docs/trainings.md ("Diplomas") against
// a real server: one person's and a whole session's PDF (application/pdf,
// opened by pdfinfo, its text read by pdftotext: the name, the title, the
// code; one page per diploma, by last name); 404/409 with a Swedish reason
// when there is none; who may (admin, kansli, the session's trainer; another
// trainer 404; other roles 403); the reads audited; and the public check of a
// code (valid, normalised, unknown, malformed, un-marked).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { GOOD_PASSWORD, assertProblem, signUp, startSamsyn } from "./lib.mjs";

let s, admin;
const c = {};
const ids = {};

const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // src/report/diploma.c

// An attended registration of a session, made through the API (lib.mjs
// signUp: the public sign-up, then attendance by admin, which makes the
// attendee and draws the diploma code). Returns {id, code}.
async function attended(sessionId, { first, last, email, sex = "female", attended = true }) {
    const r = await signUp(admin, sessionId, { first, last, email, sex }, { attended });
    assert.equal(Boolean(r.diploma_code), attended && sessionId !== ids.sessionPlain, `${email}: ${JSON.stringify(r)}`);
    return { id: r.id, code: r.diploma_code };
}

function pdf(bytes, name) {
    const file = path.join(s.dir, name);
    writeFileSync(file, bytes);
    const info = spawnSync("pdfinfo", [file], { encoding: "utf8" });
    assert.equal(info.status, 0, `pdfinfo: ${info.stderr}`);
    const text = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    assert.equal(text.status, 0, `pdftotext: ${text.stderr}`);
    return { file, pages: Number(/^Pages:\s+(\d+)/m.exec(info.stdout)[1]), text: text.stdout };
}

before(async () => {
    s = await startSamsyn({
        serveArgs: ["--public-rate-limit", "100000"],
        sql: "INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES (2, 'Kommunen A', 'kommun', 'x', 'x');",
    });
    admin = await s.login("admin", GOOD_PASSWORD);
    for (const [u, role] of [["kansli", "kansli"], ["tina", "trainer"], ["tom", "trainer"], ["cw", "case_worker"], ["reader", "reader"], ["ec", "employer_contact"]]) {
        ids[u] = s.addUser({ username: u, orgId: 2, roles: [role] }).id;
        c[u] = await s.login(u, GOOD_PASSWORD);
    }
    let r = await admin.patch("/api/v1/settings", { forbund_name: "Samordningsförbundet Älvdalen" });
    assert.equal(r.status, 200, r.text);
    r = await admin.post("/api/v1/interventions", {
        name: "Mentorskap", kind: "structural", owner_org_id: 2, start_date: "2020-01-01", measurement: "volume",
    });
    assert.equal(r.status, 201, r.text);
    const iv = r.body.id;
    const course = async (name, diploma_title) => {
        const x = await admin.post("/api/v1/courses", { name, intervention_id: iv, diploma_title });
        assert.equal(x.status, 201, x.text);
        return x.body.id;
    };
    const session = async (courseId, trainer, day) => {
        const x = await admin.post(`/api/v1/courses/${courseId}/sessions`, {
            format: "in_person", starts_at: `${day}T08:00:00Z`, ends_at: `${day}T16:00:00Z`, capacity: 30, trainer_user_id: trainer,
        });
        assert.equal(x.status, 201, x.text);
        return x.body.id;
    };
    ids.course = await course("Mentorskap grundutbildning", "Diplomerad mentor");
    ids.plain = await course("Mentorskap nätverksträff", null);
    ids.sessionTina = await session(ids.course, ids.tina, "2026-03-05");
    ids.sessionTom = await session(ids.course, ids.tom, "2026-04-09");
    ids.sessionEmpty = await session(ids.course, ids.tina, "2026-05-07");
    ids.sessionPlain = await session(ids.plain, ids.tina, "2026-03-12");
    ids.asa = await attended(ids.sessionTina, { first: "Åsa", last: "Öberg", email: "asa@example.se" });
    ids.bo = await attended(ids.sessionTina, { first: "Bo", last: "Andersson", email: "bo@example.se", sex: "male" });
    ids.cia = await attended(ids.sessionTina, { first: "Cia", last: "Ek", email: "cia@example.se" });
    // Swedish order: Å before Ä before Ö, all after Z (SQLite's bytes put Ä before Å).
    ids.anna = await attended(ids.sessionTina, { first: "Ulf", last: "Ängel", email: "ulf@example.se", sex: "male" });
    ids.stina = await attended(ids.sessionTina, { first: "Stina", last: "Åkesson", email: "stina@example.se" });
    ids.absent = await attended(ids.sessionTina, { first: "Dan", last: "Borta", email: "dan@example.se", sex: "male", attended: false });
    ids.tomsOwn = await attended(ids.sessionTom, { first: "Eva", last: "Lund", email: "eva@example.se" });
    ids.plainOne = await attended(ids.sessionPlain, { first: "Fia", last: "Holm", email: "fia@example.se" });
});

after(() => s?.close());

test("one person's diploma: a PDF with her name, the title, the course, the förbund and the code", async () => {
    const r = await admin.getBytes(`/api/v1/registrations/${ids.asa.id}/diploma.pdf`);
    assert.equal(r.status, 200, r.bytes.toString());
    assert.equal(r.contentType, "application/pdf");
    assert.equal(r.headers.get("content-disposition"), 'attachment; filename="diplom-Asa-Oberg.pdf"');
    assert.equal(r.bytes.subarray(0, 5).toString(), "%PDF-");
    const p = pdf(r.bytes, "asa.pdf");
    assert.equal(p.pages, 1);
    for (const want of ["Åsa Öberg", "Diplomerad mentor", "Mentorskap grundutbildning", "Samordningsförbundet Älvdalen", ids.asa.code, "5 mars 2026"])
        assert.ok(p.text.includes(want), `"${want}" in the PDF's text:\n${p.text}`);
    assert.match(p.text, /\/utbildning\/diplom/, "where the code is checked");
});

test("no diploma: not attended, or the course gives none — 404 saying why", async () => {
    let r = await admin.get(`/api/v1/registrations/${ids.absent.id}/diploma.pdf`);
    assertProblem(r, 404);
    assert.match(r.body.detail, /närvarande/);
    r = await admin.get(`/api/v1/registrations/${ids.plainOne.id}/diploma.pdf`);
    assertProblem(r, 404);
    assert.match(r.body.detail, /ger inget diplom/);
    assertProblem(await admin.get("/api/v1/registrations/999999/diploma.pdf"), 404);
});

test("a session's diplomas: one PDF, one page per attendee, by last name in Swedish order", async () => {
    const r = await c.kansli.getBytes(`/api/v1/sessions/${ids.sessionTina}/diplomas.pdf`);
    assert.equal(r.status, 200, r.bytes.toString());
    assert.equal(r.contentType, "application/pdf");
    assert.match(r.headers.get("content-disposition"), /^attachment; filename="diplom-tillfalle-\d+\.pdf"$/);
    const p = pdf(r.bytes, "session.pdf");
    assert.equal(p.pages, 5, "Dan did not come");
    const order = ["Bo Andersson", "Cia Ek", "Stina Åkesson", "Ulf Ängel", "Åsa Öberg"];
    assert.deepEqual(order.map((n) => p.text.indexOf(n)).map((at, i, all) => at >= 0 && (i === 0 || at > all[i - 1])), order.map(() => true), p.text);
    assert.ok(!p.text.includes("Dan Borta"));
    for (const code of [ids.asa.code, ids.bo.code, ids.cia.code]) assert.ok(p.text.includes(code), code);
    assert.equal(p.text.split("\f").filter((page) => page.trim()).length, 5);

    let x = await admin.get(`/api/v1/sessions/${ids.sessionEmpty}/diplomas.pdf`);
    assertProblem(x, 409);
    assert.match(x.body.detail, /närvaron/);
    x = await admin.get(`/api/v1/sessions/${ids.sessionPlain}/diplomas.pdf`);
    assertProblem(x, 409);
    assert.match(x.body.detail, /ger inget diplom/);
    assertProblem(await admin.get("/api/v1/sessions/999999/diplomas.pdf"), 404);
});

test("who may: admin, kansli, the session's trainer; another trainer 404; other roles 403", async () => {
    const one = `/api/v1/registrations/${ids.asa.id}/diploma.pdf`;
    const all = `/api/v1/sessions/${ids.sessionTina}/diplomas.pdf`;
    for (const who of ["kansli", "tina"]) {
        assert.equal((await c[who].getBytes(one)).status, 200, who);
        assert.equal((await c[who].getBytes(all)).status, 200, who);
    }
    assertProblem(await c.tom.get(one), 404);
    assertProblem(await c.tom.get(all), 404);
    assert.equal((await c.tom.getBytes(`/api/v1/registrations/${ids.tomsOwn.id}/diploma.pdf`)).status, 200);
    assertProblem(await c.tina.get(`/api/v1/registrations/${ids.tomsOwn.id}/diploma.pdf`), 404);
    for (const who of ["cw", "reader", "ec"]) {
        assertProblem(await c[who].get(one), 403, "forbidden");
        assertProblem(await c[who].get(all), 403, "forbidden");
    }
    assertProblem(await s.client().get(one), 401);
});

test("a download is a read of the registrations, in the audit log", async () => {
    await c.kansli.getBytes(`/api/v1/sessions/${ids.sessionTina}/diplomas.pdf`);
    const events = await admin.auditEvents("training_registration", "read");
    const one = events.find((e) => e.entity_id === ids.asa.id && e.username === "admin");
    assert.ok(one, JSON.stringify(events));
    assert.equal(one.entity_name, "Åsa Öberg");
    assert.equal(one.detail_text, "Diplom");
    const list = events.find((e) => e.username === "kansli" && e.entity_id === null);
    assert.ok(list, JSON.stringify(events));
    assert.equal(list.entity_count, 5);
    assert.equal(list.detail_text, `Diplomen för tillfälle ${ids.sessionTina}`);
});

test("the public check: the name, course, title and date of a valid code, nothing else", async () => {
    const anon = s.client();
    let r = await anon.get(`/api/v1/public/diplomas/${ids.asa.code}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, {
        name: "Åsa Öberg", course: "Mentorskap grundutbildning", title: "Diplomerad mentor", date: "2026-03-05", valid: true,
    });
    // As a person types it: small letters, a space for the hyphen, or none.
    const typed = [ids.asa.code.toLowerCase(), ids.asa.code.replace("-", " "), ids.asa.code.replace("-", "")];
    const checks = async () => (await admin.auditEvents("training_registration", "read")).filter((e) => e.detail === "public diploma check");
    const before = (await checks()).length;
    for (const t of typed) {
        r = await anon.get(`/api/v1/public/diplomas/${encodeURIComponent(t)}`);
        assert.equal(r.status, 200, `${t}: ${r.text}`);
        assert.equal(r.body.name, "Åsa Öberg");
    }
    // Each check that shows a name is a read of the registration, by no one logged in.
    const logged = await checks();
    assert.equal(logged.length, before + typed.length);
    assert.ok(logged.every((e) => e.entity_id === ids.asa.id && !e.user_id), JSON.stringify(logged[0]));
    // Unknown, malformed (0 and O, 1 and I are not in the alphabet; too short, too long).
    for (const bad of ["ZZZZZ-ZZZZZ", "00000-OOOOO", "K7QM2", `${ids.asa.code}2`, "x".repeat(60)]) {
        r = await anon.get(`/api/v1/public/diplomas/${encodeURIComponent(bad)}`);
        assertProblem(r, 404);
        assert.ok(!r.text.includes("Öberg"));
    }
});

test("a registration un-marked (attendance taken back) no longer verifies", async () => {
    const who = await attended(ids.sessionTina, { first: "Gun", last: "Ångström", email: "gun@example.se" });
    const anon = s.client();
    assert.equal((await anon.get(`/api/v1/public/diplomas/${who.code}`)).status, 200);
    const r = await admin.patch(`/api/v1/registrations/${who.id}`, { attended: false });
    assert.equal(r.status, 200, r.text);
    assertProblem(await anon.get(`/api/v1/public/diplomas/${who.code}`), 404);
    assertProblem(await admin.get(`/api/v1/registrations/${who.id}/diploma.pdf`), 404);
});

test("guessing codes is rate-limited per address: 429 with Retry-After, other addresses go on", async () => {
    const small = await startSamsyn({ serveArgs: ["--public-rate-limit", "5"] });
    try {
        const guesser = small.client({ localAddress: "127.0.0.7" });
        for (let i = 0; i < 5; i++) assertProblem(await guesser.get(`/api/v1/public/diplomas/ZZZZZ-ZZZZ${ALPHABET[i]}`), 404);
        const r = await guesser.get("/api/v1/public/diplomas/ZZZZZ-ZZZZZ");
        assertProblem(r, 429);
        assert.match(r.headers.get("retry-after") ?? "", /^\d+$/);
        assertProblem(await small.client({ localAddress: "127.0.0.8" }).get("/api/v1/public/diplomas/ZZZZZ-ZZZZZ"), 404);
    } finally {
        await small.close();
    }
});
