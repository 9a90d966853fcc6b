// participants.test.mjs — participants, consents, enrolments and code lists
// over the API: named participants from every usual written form of a
// personnummer (the shared test vectors) stored as 12 digits, anonymous ones,
// 422 naming "personnummer", 409 for the same person twice, search by
// personnummer or name in a POST body (never in the URL), who sees whom (404
// for a case worker of another organisation, 403 for kansli and readers), the
// audit events of reads, consent history, enrolment rules (codes, dates,
// membership of the intervention, enrolment by personnummer) and a förbund's
// own question used in an enrolment. Finally: no personnummer or name in the
// server's log.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ON_PG, REPO, Samsyn, assertProblem, created, invalidNames, swedishDate } from "./lib.mjs";

const vectors = JSON.parse(readFileSync(path.join(REPO, "tests", "data", "personnummer", "list.json"), "utf8"));
const interim = JSON.parse(readFileSync(path.join(REPO, "tests", "data", "personnummer", "interim.json"), "utf8"));

let s;
let admin, anna, fia, kim, kansli, reader; // logged-in clients

// Dates relative to the server's today (Sweden's date), for the follow-up rules.
const today = swedishDate();
function monthsBefore(n) {
    const d = new Date(today + "T00:00:00Z");
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - n);
    return d.toISOString().slice(0, 10);
}

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    // ---- Fixture: organisations and interventions (the interventions API is
    // built elsewhere; rows go straight into the test database). AF (2) owns
    // Steget (100) with FK (3) as partner; the kommun (4) owns its own (103).
    s.sql(`
        INSERT INTO orgs (id, name, kind, municipality_code, created_at, updated_at) VALUES
          (2, 'AF Trollhättan', 'af', NULL, 'x', 'x'), (3, 'FK Väst', 'fk', NULL, 'x', 'x'),
          (4, 'Vänersborgs kommun', 'kommun', '1487', 'x', 'x');
        INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at, updated_at) VALUES
          (100, 'Steget', 'individual', 2, '2020-01-01', NULL, 'active', 'participants', 'x', 'x'),
          (101, 'Mentorer', 'structural', 2, '2020-01-01', NULL, 'active', 'volume', 'x', 'x'),
          (102, 'Avslutad', 'individual', 2, '2020-01-01', '2023-06-30', 'ended', 'participants', 'x', 'x'),
          (103, 'Kommunens väg', 'individual', 4, '2020-01-01', NULL, 'active', 'participants', 'x', 'x');
        INSERT INTO intervention_partners (intervention_id, org_id) VALUES (100, 3);
    `);
    // ---- end of fixture
    s.addUser({ username: "anna", name: "Anna Handläggare", orgId: 2, roles: ["case_worker"] });
    s.addUser({ username: "fia", name: "Fia Handläggare", orgId: 3, roles: ["case_worker"] });
    s.addUser({ username: "kim", name: "Kim Handläggare", orgId: 4, roles: ["case_worker"] });
    s.addUser({ username: "kansli", name: "Kim Kansli", orgId: 1, roles: ["kansli"] });
    s.addUser({ username: "rut", name: "Rut Läsare", orgId: 1, roles: ["reader"] });
    await s.start();
    [admin, anna, fia, kim, kansli, reader] = await s.loginAll(["admin", "anna", "fia", "kim", "kansli", "rut"]);
});

after(() => s?.close());

const P = "/api/v1/participants";
const E = "/api/v1/enrolments";


// Its read events, list reads that named it included.
async function auditReads(participantId) {
    const r = await admin.get(`/api/v1/audit?entity=participant&entity_id=${participantId}&action=read&limit=500`);
    assert.equal(r.status, 200, r.text);
    return r.body.items;
}

// Forms of a test vector that name the same person. A 10-digit form
// without '+' is not the same person when she is 100 or older.
function forms(v) {
    const f = [v.long_format, v.separated_format, v.separated_long];
    if (!v.separated_format.includes("+")) f.push(v.short_format);
    return f;
}

test("named participants from every written form: stored as 12 digits, sex and birth date derived", async () => {
    const valid = vectors.filter((v) => v.valid);
    assert.ok(valid.length >= 5);
    for (const [i, v] of valid.entries()) {
        const f = forms(v);
        const p = await created(await anna.post(P, { personnummer: f[i % f.length], first_name: "Test", last_name: `Vektor${i}` }));
        assert.equal(p.personnummer, v.long_format);
        assert.equal(p.sex, v.isMale ? "male" : "female");
        assert.equal(p.birth_year, Number(v.long_format.slice(0, 4)));
        assert.match(p.birth_date, /^\d{4}-\d{2}-\d{2}$/);
        assert.equal(p.anonymous, false);
        assert.equal(p.consent, null);
        // Every other form finds her, and registering her again is a
        // conflict for her own organisation, which sees her.
        for (const form of f) {
            const r = await anna.post(`${P}/search`, { personnummer: form });
            assert.equal(r.status, 200, r.text);
            assert.deepEqual(r.body.items.map((x) => x.id), [p.id], `search ${form}`);
            const again = await anna.post(P, { personnummer: form, first_name: "A", last_name: "B" });
            assertProblem(again, 409, "conflict");
            assert.equal(again.body.existing_id, p.id, "the conflict leads to the person she sees");
        }
    }
    // A samordningsnummer: the real birth day.
    const con = valid.find((v) => v.type === "con");
    const r = await anna.post(`${P}/search`, { personnummer: con.long_format });
    const day = Number(con.long_format.slice(6, 8)) - 60;
    assert.equal(r.body.items[0].birth_date.slice(8), String(day).padStart(2, "0"));
});

test("invalid personnummer: 422 with invalid_parameters[0].name == personnummer", async () => {
    const bad = [
        ...vectors.filter((v) => !v.valid).map((v) => v.separated_format),
        ...interim.map((v) => v.separated_format),
        "19900101-0018",
        "abc",
        "",
        "19900101-00170",
    ];
    for (const pnr of bad) {
        const r = await anna.post(P, { personnummer: pnr, first_name: "A", last_name: "B" });
        const names = invalidNames(r);
        assert.equal(names[0], "personnummer", `${pnr}: ${r.text}`);
        const rs = await anna.post(`${P}/search`, { personnummer: pnr });
        assert.equal(invalidNames(rs)[0], "personnummer", `search ${pnr}: ${rs.text}`);
    }
    // A missing one, names missing, a sex that disagrees.
    assert.deepEqual(invalidNames(await anna.post(P, { first_name: "A", last_name: "B" })), ["personnummer"]);
    assert.deepEqual(invalidNames(await anna.post(P, { personnummer: "19900101-0017" })), ["first_name", "last_name"]);
    assert.deepEqual(
        invalidNames(await anna.post(P, { personnummer: "19900101-0017", first_name: "A", last_name: "B", sex: "female" })),
        ["sex"],
    );
    assert.deepEqual(
        invalidNames(await anna.post(P, { personnummer: "19900101-0017", first_name: "A", last_name: "B", municipality_code: "0000" })),
        ["municipality_code"],
    );
    assert.deepEqual(invalidNames(await anna.post(P, { personnummer: 199001010017, first_name: "A", last_name: "B" })), ["personnummer"]);
});

test("anonymous participants carry sex, birth year, municipality and target groups only", async () => {
    const p = await created(
        await anna.post(P, { anonymous: true, sex: "female", birth_year: 1992, municipality_code: "1488", target_groups: ["A"], protected_identity: true }),
    );
    assert.deepEqual(Object.keys(p).sort(), [
        "anonymous", "birth_year", "consent", "id", "local_ref", "municipality_code", "protected_identity", "sex",
        "shares_with_employers", "target_groups",
    ]);
    assert.equal(p.local_ref, `A-${p.id}`);
    assert.deepEqual({ ...p, id: 0, local_ref: "" }, {
        id: 0, local_ref: "", anonymous: true, sex: "female", birth_year: 1992, municipality_code: "1488", target_groups: ["A"],
        protected_identity: true, consent: null, shares_with_employers: false,
    });
    assert.deepEqual(invalidNames(await anna.post(P, { anonymous: true, sex: "female" })), ["birth_year"]);
    assert.deepEqual(invalidNames(await anna.post(P, { anonymous: true, birth_year: 1990, sex: "x" })), ["sex"]);
    assert.deepEqual(
        invalidNames(await anna.post(P, { anonymous: true, sex: "male", birth_year: 1990, personnummer: "19900101-0017" })),
        ["personnummer"],
    );
    assert.deepEqual(invalidNames(await anna.post(P, { anonymous: true, sex: "male", birth_year: 1990, target_groups: ["Z"] })), ["target_groups"]);
    // Not back to named: that is a new registration.
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${p.id}`, { anonymous: false })), ["anonymous"]);
});

test("making a named participant anonymous erases name and personnummer", async () => {
    const p = await created(await anna.post(P, { personnummer: "19121212-1212", first_name: "Tolv", last_name: "Tolvsson", target_groups: ["B"] }));
    // A reason is required, and goes to the log.
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${p.id}`, { anonymous: true })), ["reason"]);
    let r = await anna.patch(`${P}/${p.id}`, { anonymous: true, reason: "Samtycket återkallat." });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.anonymous, true);
    for (const k of ["personnummer", "first_name", "last_name", "birth_date"]) assert.ok(!(k in r.body), `${k} kept`);
    assert.equal(r.body.sex, p.sex);
    assert.equal(r.body.birth_year, 1912);
    assert.deepEqual(r.body.target_groups, ["B"]);
    assert.equal(s.sql(`SELECT COUNT(*) FROM participants WHERE id = ${p.id} AND personnummer IS NULL AND first_name IS NULL AND last_name IS NULL`).trim(), "1");
    r = await anna.post(`${P}/search`, { personnummer: "19121212-1212" });
    assert.deepEqual(r.body.items, []);
    // The person may be registered again.
    await created(await anna.post(P, { personnummer: "191212121212", first_name: "Tolv", last_name: "Tolvsson" }));
});

test("PATCH changes what is sent; sex follows the personnummer", async () => {
    const p = await created(await anna.post(P, { personnummer: "19800229-1238", first_name: "Skott", last_name: "Dagsson" }));
    let r = await anna.patch(`${P}/${p.id}`, { last_name: "Dagström", municipality_code: "1488", target_groups: ["A", "B"] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { ...p, last_name: "Dagström", municipality_code: "1488", target_groups: ["A", "B"] });
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${p.id}`, { sex: p.sex === "male" ? "female" : "male" })), ["sex"]);
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${p.id}`, { first_name: null })), ["first_name"]);
    assert.deepEqual(invalidNames(await anna.patch(`${P}/${p.id}`, { personnummer: "19800229-1237" })), ["personnummer"]);
    r = await anna.get(`${P}/${p.id}`);
    assert.equal(r.body.last_name, "Dagström");
});

test("search by name and personnummer goes in a POST body, never in the URL", async () => {
    const p = await created(await anna.post(P, { personnummer: "19750315-3459", first_name: "Sökbar", last_name: "Sökesson" }));
    // A name in the query string is refused.
    assert.deepEqual(invalidNames(await anna.get(`${P}?q=S%C3%B6kbar`)), ["q"]);
    assert.deepEqual(invalidNames(await anna.post(`${P}/search?q=x`, { q: "Sökbar" })), ["q"]);
    for (const q of ["Sökbar", "sökesson", "Sökbar Sökesson", "bar sök"]) {
        const r = await anna.post(`${P}/search`, { q });
        assert.equal(r.status, 200, r.text);
        assert.deepEqual(r.body.items.map((x) => x.id), [p.id], q);
    }
    let r = await anna.post(`${P}/search`, { q: "finns-inte" });
    assert.deepEqual(r.body, { items: [], total: 0, limit: 50, offset: 0 });
    assert.deepEqual(invalidNames(await anna.post(`${P}/search`, {})), ["personnummer"]);
    assert.deepEqual(invalidNames(await anna.post(`${P}/search`, { personnummer: "19750315-3459", q: "x" })), ["personnummer"]);
    // Another organisation's case worker finds nothing, by name or number.
    r = await kim.post(`${P}/search`, { q: "Sökbar" });
    assert.deepEqual(r.body.items, []);
    r = await kim.post(`${P}/search`, { personnummer: "197503153459" });
    assert.deepEqual(r.body.items, []);
    assertProblem(await kansli.post(`${P}/search`, { q: "Sökbar" }), 403, "forbidden");
    // GET filters that are no personal data.
    r = await anna.get(`${P}?municipality_code=1488&limit=500`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.items.every((x) => x.municipality_code === "1488"));
    assert.deepEqual(invalidNames(await anna.get(`${P}?intervention_id=abc`)), ["intervention_id"]);
});

test("who sees whom: another organisation's case worker gets 404, kansli and readers 403", async () => {
    const p = await created(await anna.post(P, { personnummer: "19660606-6667", first_name: "Synlig", last_name: "Annasdotter" }));
    for (const c of [kim, fia]) {
        assertProblem(await c.get(`${P}/${p.id}`), 404, "not-found");
        assertProblem(await c.patch(`${P}/${p.id}`, { first_name: "X" }), 404, "not-found");
        assertProblem(await c.get(`${P}/${p.id}/consents`), 404, "not-found");
        assertProblem(await c.post(`${P}/${p.id}/consents`, { status: "given", date: "2024-01-01" }), 404, "not-found");
        const r = await c.get(`${P}?limit=500`);
        assert.ok(!r.body.items.some((x) => x.id === p.id));
    }
    for (const c of [kansli, reader]) {
        assertProblem(await c.get(`${P}/${p.id}`), 403, "forbidden");
        assertProblem(await c.get(P), 403, "forbidden");
        assertProblem(await c.post(P, { personnummer: "19660606-6667", first_name: "A", last_name: "B" }), 403, "forbidden");
        assertProblem(await c.get(E), 403, "forbidden");
        assertProblem(await c.post(E, { participant_id: p.id, intervention_id: 100, start_date: "2024-01-01" }), 403, "forbidden");
    }
    assertProblem(await anna.get(`${P}/999999`), 404, "not-found");
    // Once enrolled in Steget, FK's case worker (partner) sees her; the kommun's still does not.
    await created(await anna.post(E, { participant_id: p.id, intervention_id: 100, start_date: "2024-01-01" }));
    assert.equal((await fia.get(`${P}/${p.id}`)).status, 200);
    assertProblem(await kim.get(`${P}/${p.id}`), 404, "not-found");
});

test("reads are audited: one event per participant read, listed or found", async () => {
    const p = await created(await anna.post(P, { personnummer: "19440404-4440", first_name: "Granskad", last_name: "Person" }));
    assert.equal((await auditReads(p.id)).length, 0);
    assert.equal((await anna.get(`${P}/${p.id}`)).status, 200);
    let reads = await auditReads(p.id);
    assert.equal(reads.length, 1);
    assert.equal(reads[0].username, "anna");
    assert.equal(reads[0].action, "read");
    assert.equal(reads[0].entity, "participant");
    await anna.post(`${P}/search`, { personnummer: "194404044440" });
    await anna.post(`${P}/search`, { q: "Granskad" });
    assert.equal((await auditReads(p.id)).length, 3);
    // A list page: one event naming the participants shown.
    const before = (await admin.get("/api/v1/audit?entity=participant&action=read&limit=1")).body.total;
    const r = await anna.get(`${P}?limit=5`);
    assert.equal(r.body.items.length, 5);
    const after = (await admin.get("/api/v1/audit?entity=participant&action=read&limit=1")).body;
    assert.equal(after.total - before, 1);
    assert.deepEqual(after.items[0].entity_ids, r.body.items.map((i) => i.id));
    // Refused reads write nothing; details never hold the personnummer.
    await kim.get(`${P}/${p.id}`);
    reads = await auditReads(p.id);
    assert.equal(reads.length, 4);
    assert.ok(reads.every((e) => e.username === "anna" && !String(e.detail).includes("4440")));
    // Create and update events.
    const changes = (await admin.get(`/api/v1/audit?entity=participant&limit=500`)).body.items.filter((e) => e.entity_id === p.id);
    assert.ok(changes.some((e) => e.action === "create"));
});

test("consents: history, the latest in force", async () => {
    const p = await created(await anna.post(P, { personnummer: "19550505-5557", first_name: "Samtycke", last_name: "Svensson" }));
    const k1 = await created(await anna.post(`${P}/${p.id}/consents`, { status: "given", date: "2024-02-01", scope: "Arbetsgivare i Trollhättan" }));
    assert.deepEqual({ ...k1, id: 0, created_at: "" }, {
        id: 0, status: "given", date: "2024-02-01", scope: "Arbetsgivare i Trollhättan", recorded_by_user_id: s.users.anna.id, created_at: "",
    });
    let r = await anna.get(`${P}/${p.id}`);
    assert.equal(r.body.consent.status, "given");
    const k2 = await created(await anna.post(`${P}/${p.id}/consents`, { status: "withdrawn", date: "2024-05-01" }));
    r = await anna.get(`${P}/${p.id}`);
    assert.deepEqual(r.body.consent, k2);
    r = await anna.get(`${P}/${p.id}/consents`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((k) => k.status), ["withdrawn", "given"]);
    assert.equal(r.body.total, 2);
    assert.deepEqual(invalidNames(await anna.post(`${P}/${p.id}/consents`, { status: "kanske", date: "2024-05-01" })), ["status"]);
    assert.deepEqual(invalidNames(await anna.post(`${P}/${p.id}/consents`, { status: "given", date: "2999-01-01" })), ["date"]);
    const anon = await created(await anna.post(P, { anonymous: true, sex: "male", birth_year: 1980 }));
    assertProblem(await anna.post(`${P}/${anon.id}/consents`, { status: "given", date: "2024-05-01" }), 409, "conflict");
});

test("shares_with_employers is the latest consent by date, whoever recorded it; consent is the reader's own", async () => {
    // Fia's organisation registers the same person (by personnummer): her
    // own consent is none, but the one that counts for matching and
    // placements is anyone's latest by date.
    const p = await created(await anna.post(P, { personnummer: "19600606-6069", first_name: "Delad", last_name: "Svensson" }));
    assert.equal(p.shares_with_employers, false, "no consent at all");
    await created(await anna.post(`${P}/${p.id}/consents`, { status: "given", date: "2024-03-01" }));
    const f = await fia.post(P, { personnummer: "196006066069", first_name: "Delad", last_name: "Svensson" });
    assert.ok(f.status === 200 || f.status === 201, f.text);
    assert.equal(f.body.id, p.id, "the same person");
    let r = await fia.get(`${P}/${p.id}`);
    assert.equal(r.body.consent, null, "Fia's organisation recorded none");
    assert.equal(r.body.shares_with_employers, true, "Anna's organisation's consent counts");
    // Fia records a withdrawal dated earlier: the latest by date is still given.
    await created(await fia.post(`${P}/${p.id}/consents`, { status: "withdrawn", date: "2024-01-01" }));
    r = await fia.get(`${P}/${p.id}`);
    assert.equal(r.body.consent.status, "withdrawn");
    assert.equal(r.body.shares_with_employers, true);
    // A later withdrawal, by either, ends it for both.
    await created(await fia.post(`${P}/${p.id}/consents`, { status: "withdrawn", date: "2024-06-01" }));
    for (const who of [anna, fia]) {
        r = await who.get(`${P}/${p.id}`);
        assert.equal(r.body.shares_with_employers, false);
    }
    r = await anna.get(`${P}/${p.id}`);
    assert.equal(r.body.consent.status, "given", "Anna's own latest is still hers");
});

test("enrolments: SUS variables, code and date rules", async () => {
    const p = await created(await anna.post(P, { personnummer: "19851010-1010", first_name: "Inskriven", last_name: "Deltagare" }));
    const end = "2022-06-30";
    const body = {
        participant_id: p.id, intervention_id: 100, start_date: "2021-03-01", end_date: end,
        background: { occupation: "job_seeking", education_level: "secondary", support_time: "3_4y", income_sources: ["social_assistance", "unknown"] },
        outcome: "work", exit_reason: "completed", exit: { income_sources: ["salary"] }, followup_6m: "work", followup_12m: "studies",
    };
    const e = await created(await anna.post(E, body));
    assert.deepEqual({ ...e, id: 0 }, {
        id: 0, participant_id: p.id, intervention_id: 100, start_date: "2021-03-01", end_date: end, status: "ended",
        background: { occupation: "job_seeking", education_level: "secondary", support_time: "3_4y", income_sources: ["social_assistance", "unknown"], answers: {} },
        outcome: "work", exit_reason: "completed", exit: { income_sources: ["salary"], answers: {} }, followup_6m: "work", followup_12m: "studies",
    });
    let r = await anna.get(`${E}/${e.id}`);
    assert.deepEqual(r.body, e);
    const reads = await auditReads(p.id);
    assert.ok(reads.some((x) => x.detail === `enrolment ${e.id}`), "the enrolment read is audited as a read of the participant");
    r = await anna.get(`${E}?participant_id=${p.id}`);
    assert.deepEqual(r.body.items, [e]);

    const bad = async (change, field) => {
        const names = invalidNames(await anna.post(E, { ...body, ...change }));
        assert.equal(names[0], field, JSON.stringify(change));
    };
    await bad({ background: { occupation: "astronaut" } }, "background.occupation");
    await bad({ background: { income_sources: ["salary", "lottery"] } }, "background.income_sources");
    await bad({ background: { income_sources: "salary" } }, "background.income_sources");
    await bad({ outcome: "retired" }, "outcome");
    await bad({ exit_reason: "bored" }, "exit_reason");
    await bad({ followup_6m: "nope" }, "followup_6m");
    await bad({ end_date: "2021-02-28" }, "end_date");
    await bad({ end_date: null }, "outcome"); // outcome without an end
    await bad({ start_date: "2019-12-31", end_date: null, outcome: null, exit_reason: null, exit: null, followup_6m: null, followup_12m: null }, "start_date");
    await bad({ end_date: monthsBefore(3) }, "followup_6m"); // too early for a follow-up
    await bad({ end_date: monthsBefore(8) }, "followup_12m");
    await bad({ intervention_id: 101 }, "intervention_id"); // volume only
    await bad({ intervention_id: 102, start_date: "2023-07-01", end_date: "2023-08-01" }, "start_date"); // ended
    await bad({ intervention_id: 999 }, "intervention_id");
    await bad({ participant_id: 999999 }, "participant_id");
    // A follow-up six months after an end date six months back is allowed.
    await created(await anna.post(E, { ...body, end_date: monthsBefore(7), followup_12m: null }));

    // PATCH: only what is sent; the merged enrolment must hold.
    r = await anna.patch(`${E}/${e.id}`, { exit_reason: "goal_reached" });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { ...e, exit_reason: "goal_reached" });
    assert.deepEqual(invalidNames(await anna.patch(`${E}/${e.id}`, { end_date: null })), ["outcome", "exit_reason", "exit.income_sources", "followup_6m", "followup_12m"]);
    assert.deepEqual(invalidNames(await anna.patch(`${E}/${e.id}`, { intervention_id: 103 })), ["intervention_id"]);
    r = await anna.patch(`${E}/${e.id}`, { background: { income_sources: [] } });
    assert.deepEqual(r.body.background, { ...e.background, income_sources: [] });
});

test("enrolments: membership of the intervention, enrolment by personnummer", async () => {
    const p = await created(await kim.post(P, { personnummer: "19700707-7071", first_name: "Kommun", last_name: "Deltagare" }));
    // Kim's kommun is not in Steget.
    assertProblem(await kim.post(E, { participant_id: p.id, intervention_id: 100, start_date: "2024-01-01" }), 403, "forbidden");
    // Anna cannot name a participant she does not see, nor enrol her by
    // personnummer: known elsewhere is answered as unknown.
    assert.deepEqual(invalidNames(await anna.post(E, { participant_id: p.id, intervention_id: 100, start_date: "2024-01-01" })), ["participant_id"]);
    assertProblem(await anna.get(`${P}/${p.id}`), 404, "not-found");
    const unknown = await anna.post(E, { personnummer: "19630303-4562", intervention_id: 100, start_date: "2024-01-01" });
    const known = await anna.post(E, { personnummer: "700707-7071", intervention_id: 100, start_date: "2024-01-01" });
    assert.deepEqual(invalidNames(known), ["personnummer"]);
    assert.equal(unknown.status, 422, unknown.text);
    assert.deepEqual(known.body.invalid_parameters, unknown.body.invalid_parameters);
    // She registers the person herself, then enrols her.
    const mine = await created(await anna.post(P, { personnummer: "700707-7071", first_name: "Kommun", last_name: "Deltagare" }));
    assert.equal(mine.id, p.id);
    const e = await created(await anna.post(E, { personnummer: "700707-7071", intervention_id: 100, start_date: "2024-01-01" }));
    assert.equal(e.participant_id, p.id);
    assert.equal((await anna.get(`${P}/${p.id}`)).status, 200);
    assert.deepEqual(invalidNames(await anna.post(E, { personnummer: "700707-7070", intervention_id: 100, start_date: "2024-01-01" })), ["personnummer"]);
    // Kim sees her participant but not Steget's enrolment, nor may change it.
    assertProblem(await kim.get(`${E}/${e.id}`), 404, "not-found");
    assert.deepEqual((await kim.get(`${E}?participant_id=${p.id}`)).body.items, []);
    assertProblem(await kim.patch(`${E}/${e.id}`, { end_date: "2024-02-01" }), 404, "not-found");
    assert.equal((await fia.patch(`${E}/${e.id}`, { end_date: "2024-02-01" })).status, 200); // FK is a partner
    // Kim enrols in her own intervention; Anna does not see that enrolment's anonymous participant.
    const anon = await created(await kim.post(P, { anonymous: true, sex: "female", birth_year: 1999 }));
    const ke = await created(await kim.post(E, { participant_id: anon.id, intervention_id: 103, start_date: "2024-01-01" }));
    assertProblem(await anna.get(`${E}/${ke.id}`), 404, "not-found");
    const r = await anna.get(`${E}?intervention_id=103`);
    assert.deepEqual(r.body.items, []);
});

test("code lists: a förbund's own question, used in an enrolment without a code change", async () => {
    let r = await reader.get("/api/v1/code-lists");
    assert.equal(r.status, 200, r.text);
    const names = r.body.items.map((l) => l.name);
    assert.deepEqual(names.slice(0, 6), ["income_source", "occupation", "education_level", "support_time", "exit_reason", "attendee_format"]);
    const occ = r.body.items.find((l) => l.name === "occupation");
    assert.deepEqual(Object.keys(occ).sort(), ["active", "builtin", "codes", "label", "multiple", "name", "phase"]);
    assert.deepEqual(occ.codes[0], { code: "work", label: "Förvärvsarbete", active: true, builtin: true });

    assertProblem(await reader.post("/api/v1/code-lists", { name: "x", label: "X", phase: "start" }), 403, "forbidden");
    assertProblem(await anna.post("/api/v1/code-lists", { name: "x", label: "X", phase: "start" }), 403, "forbidden");
    r = await kansli.post("/api/v1/code-lists", { name: "driving_licence", label: "Har körkort", phase: "start" });
    const list = await created(r);
    assert.deepEqual(list, { name: "driving_licence", label: "Har körkort", phase: "start", multiple: false, builtin: false, active: true, codes: [] });
    assertProblem(await kansli.post("/api/v1/code-lists", { name: "driving_licence", label: "Igen", phase: "start" }), 409, "conflict");
    assert.deepEqual(invalidNames(await kansli.post("/api/v1/code-lists", { name: "Körkort", label: "X", phase: "later" })), ["name", "phase"]);
    await created(await kansli.post("/api/v1/code-lists", { name: "support_from", label: "Stöd från", phase: "start", multiple: true }));
    await created(await kansli.post("/api/v1/code-lists", { name: "satisfied", label: "Nöjd med insatsen", phase: "exit" }));
    for (const [l, c] of [["driving_licence", "yes"], ["driving_licence", "no"], ["support_from", "mentor"], ["support_from", "coach"], ["satisfied", "yes"]])
        await created(await kansli.post(`/api/v1/code-lists/${l}/codes`, { code: c, label: c }));
    assertProblem(await kansli.post(`/api/v1/code-lists/driving_licence/codes`, { code: "yes", label: "Ja" }), 409, "conflict");
    assertProblem(await kansli.post(`/api/v1/code-lists/finns_inte/codes`, { code: "yes", label: "Ja" }), 404, "not-found");
    r = await kansli.patch(`/api/v1/code-lists/driving_licence/codes/yes`, { label: "Ja" });
    assert.deepEqual(r.body, { code: "yes", label: "Ja", active: true, builtin: false });

    const p = await created(await anna.post(P, { anonymous: true, sex: "male", birth_year: 1995 }));
    const body = {
        participant_id: p.id, intervention_id: 100, start_date: "2024-01-01", end_date: "2024-03-01",
        background: { answers: { driving_licence: "yes", support_from: ["coach", "mentor"] } },
        exit: { answers: { satisfied: "yes" } },
    };
    const e = await created(await anna.post(E, body));
    assert.deepEqual(e.background.answers, { driving_licence: "yes", support_from: ["mentor", "coach"] });
    assert.deepEqual(e.exit.answers, { satisfied: "yes" });
    assert.deepEqual((await anna.get(`${E}/${e.id}`)).body, e);
    const bad = async (answers, field, where = "background") => {
        const names = invalidNames(await anna.post(E, { ...body, [where]: { answers } }));
        assert.equal(names[0], field, JSON.stringify(answers));
    };
    await bad({ driving_licence: "maybe" }, "background.answers.driving_licence");
    await bad({ driving_licence: ["yes"] }, "background.answers.driving_licence");
    await bad({ support_from: "coach" }, "background.answers.support_from");
    await bad({ satisfied: "yes" }, "background.answers.satisfied");
    await bad({ occupation: "work" }, "background.answers.occupation");
    await bad({ finns_inte: "yes" }, "background.answers.finns_inte");
    await bad({ driving_licence: "yes" }, "exit.answers.driving_licence", "exit");
    await bad({ driving_licence: 1 }, "background.answers.driving_licence");
    // An inactive code takes no new answers; a built-in code can be relabelled and deactivated.
    r = await kansli.patch(`/api/v1/code-lists/driving_licence/codes/no`, { active: false });
    assert.equal(r.body.active, false);
    await bad({ driving_licence: "no" }, "background.answers.driving_licence");
    r = await kansli.patch(`/api/v1/code-lists/occupation/codes/moved`, { label: "Flyttat från kommunen", active: false });
    assert.deepEqual(r.body, { code: "moved", label: "Flyttat från kommunen", active: false, builtin: true });
    assert.deepEqual(invalidNames(await anna.post(E, { ...body, outcome: "moved" })), ["outcome"]);
    await kansli.patch(`/api/v1/code-lists/occupation/codes/moved`, { active: true });
    assertProblem(await kansli.patch(`/api/v1/code-lists/occupation/codes/finns_inte`, { active: true }), 404, "not-found");
    r = await reader.get("/api/v1/code-lists");
    assert.equal(r.body.items.find((l) => l.name === "occupation").codes.find((c) => c.code === "moved").label, "Flyttat från kommunen");
    assert.ok(r.body.items.some((l) => l.name === "satisfied" && l.phase === "exit"));
});

test("an anonymous participant's local reference finds her again, for those who see her", async () => {
    const her = await created(await anna.post(P, { anonymous: true, sex: "female", birth_year: 1977, municipality_code: "1488" }));
    assert.match(her.local_ref, /^A-[1-9][0-9]*$/);
    assert.equal((await anna.get(`${P}/${her.id}`)).body.local_ref, her.local_ref);
    // Named participants have none.
    const named = await created(await anna.post(P, { personnummer: "19770707-7777", first_name: "Nils", last_name: "Namn" }));
    assert.ok(!("local_ref" in named));
    // The list's free-text search: as written, and as it is often typed.
    const digits = her.local_ref.slice(2);
    for (const q of [her.local_ref, `a-${digits}`, `A ${digits}`, ` a${digits} `]) {
        const r = await anna.post(`${P}/search`, { q });
        assert.equal(r.status, 200, r.text);
        assert.deepEqual(r.body.items.map((p) => p.id), [her.id], q);
        assert.equal(r.body.total, 1);
    }
    // Not part of another reference, and not another organisation's.
    assert.deepEqual((await anna.post(`${P}/search`, { q: `A-${digits}0` })).body.items, []);
    assert.deepEqual((await kim.post(`${P}/search`, { q: her.local_ref })).body.items, []);
    assert.deepEqual((await admin.post(`${P}/search`, { q: her.local_ref })).body.items.map((p) => p.id), [her.id]);
    // Made anonymous, a named participant gets one; it stays.
    let r = await anna.patch(`${P}/${named.id}`, { anonymous: true, reason: "Begärde det" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.local_ref, `A-${named.id}`);
    r = await anna.patch(`${P}/${named.id}`, { municipality_code: "1487" });
    assert.equal(r.body.local_ref, `A-${named.id}`);
});

test("migration 0009 gives the anonymous participants of an older database their reference", async () => {
    const old = new Samsyn();
    try {
        // The database as it was before the migration, with one anonymous and
        // one named participant.
        // Migrations apply after the newest applied, so the ones after 0009
        // are undone too.
        // PostgreSQL drops a table another's foreign key names only with CASCADE.
        const cascade = (sql) => (ON_PG ? sql.replace(/DROP TABLE (\w+);/g, "DROP TABLE $1 CASCADE;") : sql);
        const dropTriggers = ON_PG
            ? "DROP TRIGGER participants_local_ref ON participants; DROP FUNCTION participants_local_ref();"
            : "DROP TRIGGER participants_local_ref_insert; DROP TRIGGER participants_local_ref_update;";
        old.sql(cascade(`
            ${dropTriggers}
            DROP INDEX participants_local_ref;
            ALTER TABLE participants DROP COLUMN local_ref;
            DROP INDEX enrolments_state; DROP INDEX enrolments_start; DROP INDEX enrolments_followup_open;
            DROP INDEX enrolments_work; DROP INDEX enrolments_without_outcome; DROP INDEX participants_municipality;
            DROP TABLE survey_answers; DROP TABLE survey_responses; DROP TABLE survey_invitations;
            DROP TABLE survey_questions; DROP TABLE training_registrations;
            DROP TABLE training_sessions; DROP TABLE courses; DROP TABLE surveys; DROP TABLE mail_outbox;
            DROP TABLE work_profile_occupations; DROP TABLE work_profile_municipalities;
            DROP TABLE work_profile_certificates; DROP TABLE work_profile_open_to; DROP TABLE work_profiles;
            DROP TABLE guidance_bookings; DROP TABLE guidance_times;
            DROP TABLE placements;
            DROP TABLE opportunities;
            DROP TABLE job_track_stage_history; DROP TABLE job_track_candidates; DROP TABLE job_track_steps;
            DROP TABLE job_track_interventions; DROP TABLE job_track_employers; DROP TABLE job_tracks;
            DROP TABLE plan_feedback_reads; DROP TABLE plan_feedback; DROP TABLE plan_handovers;
            DROP TABLE plan_versions; DROP TABLE plan_assessments; DROP TABLE plan_steps; DROP TABLE plan_partners;
            DROP TABLE plans; DROP TABLE toolbox_items;
            ALTER TABLE users DROP COLUMN ips_specialist; DROP INDEX employer_contacts_participant;
            ALTER TABLE employer_contacts DROP COLUMN participant_id;
            DELETE FROM settings WHERE key LIKE 'matching_weight_%';
            DROP INDEX consents_latest;
            DROP TABLE kaa_measures; DROP TABLE kaa_contacts; DROP TABLE kaa_youths;
            ALTER TABLE users DROP COLUMN kaa_staff;
            DROP TABLE rate_limits; DROP TABLE job_leases;
            DELETE FROM schema_migrations WHERE version >= 9;
            INSERT INTO participants (id, personnummer, first_name, last_name, anonymous, sex, birth_year, created_at, updated_at) VALUES
              (41, NULL, NULL, NULL, 1, 'female', 1980, 'x', 'x'), (42, '199001010017', 'Ada', 'Ek', 0, 'female', 1990, 'x', 'x');
        `));
        old.cli(["init"]);
        assert.equal(old.sql("SELECT id || ' ' || COALESCE(local_ref, '-') FROM participants ORDER BY id;").trim(), "41 A-41\n42 -");
        assert.throws(() => old.sql("UPDATE participants SET local_ref = 'A-41' WHERE id = 42;"), /UNIQUE|unique constraint/);
    } finally {
        old.cleanup();
    }
});

test("no personnummer or participant name reaches the server log", async () => {
    await s.waitForLog(/code-lists/);
    const secrets = ["199001010017", "19851010", "700707", "Sökbar", "Tolvsson", "Granskad", "Samtycke"];
    for (const v of vectors) secrets.push(v.long_format, v.separated_format);
    for (const x of secrets) assert.ok(!s.log.includes(x), `the log holds ${x}`);
    assert.ok(s.accessLines().length > 50);
});
