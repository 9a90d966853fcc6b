// matching.test.mjs — open places and matching (docs/matching.md
// "Opportunities", "Matching"): a place made on its own or from a need with
// one call (the need's fields copied, the body's overriding, kind asked for
// when the need is open to several), validation naming fields, who may write,
// filters and audit; then matching both ways, ranked and explained, and who
// is shown as a candidate: only participants with a profile, the latest
// consent to share with employers given, and visible to the actor's
// organisation, however the query is built.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Samsyn, sqlDialect, assertProblem, invalidNames } from "./lib.mjs";

let s, admin, anna, kim, kansli, reader, trainer, ec;

const SEED = `
INSERT INTO orgs (id, name, kind, municipality_code, created_at, updated_at) VALUES
  (2, 'AF Trollhättan', 'af', NULL, 'x', 'x'), (4, 'Vänersborgs kommun', 'kommun', '1487', 'x', 'x');
INSERT INTO employers (id, orgnr, name, name_key, municipality_code, created_at, updated_at) VALUES
  (1, '5560000001', 'Kök AB', 'kök ab', '1488', 'x', 'x'), (2, '5560000002', 'Städ AB', 'städ ab', '1487', 'x', 'x');
INSERT INTO employer_contact_persons (id, employer_id, name, created_at, updated_at) VALUES (1, 1, 'Karin', 'x', 'x'), (2, 2, 'Sven', 'x', 'x');
INSERT INTO recruitment_needs (id, employer_id, ssyk_code, headcount, period_start, period_end, municipality_code,
  req_driving_licence, req_swedish_level, req_upper_secondary, req_vocational_certificate, open_praktik, open_work_training,
  active, created_at, updated_at) VALUES
  (1, 1, '5120', 3, '2030-01-01', '2030-06-30', NULL, 1, 'good', 0, 'Hygienkurs', 1, 0, 1, 'x', 'x'),
  (2, 2, '9111', 2, NULL, NULL, '1488', 0, NULL, 1, NULL, 1, 1, 1, 'x', 'x');
`;

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    s.sql(SEED);
    s.addUser({ username: "anna", orgId: 2, roles: ["case_worker"] });
    s.addUser({ username: "kim", orgId: 4, roles: ["case_worker"] });
    s.addUser({ username: "kansli", orgId: 1, roles: ["kansli"] });
    s.addUser({ username: "rut", orgId: 1, roles: ["reader"] });
    s.addUser({ username: "tora", orgId: 1, roles: ["trainer"] });
    s.addUser({ username: "eva", orgId: 1, roles: ["employer_contact"] });
    await s.start();
    [admin, anna, kim, kansli, reader, trainer, ec] = await s.loginAll(["admin", "anna", "kim", "kansli", "rut", "tora", "eva"]);
});

after(() => s?.close());

const PLACE = { employer_id: 2, kind: "praktik", ssyk_code: "9111", municipality_code: "1487", places: 2 };

test("a place on its own: the answer's shape, defaults and read-only fields", async () => {
    const r = await anna.post("/api/v1/opportunities", { ...PLACE, title: "Städare", contact_person_id: 2 });
    assert.equal(r.status, 201, r.text);
    const { id, created_at, updated_at, ...rest } = r.body;
    assert.ok(id > 0);
    assert.match(created_at, /^\d{4}-\d{2}-\d{2}T/);
    assert.deepEqual(rest, {
        ...PLACE, need_id: null, start_date: null, end_date: null,
        requirements: { driving_licence: false, swedish_level: null, upper_secondary: false, certificate: null },
        contact_person_id: 2, title: "Städare", note: null, status: "open", employer_name: "Städ AB", org_id: 2,
    });
    const g = await reader.get(`/api/v1/opportunities/${id}`);
    assert.equal(g.status, 200, g.text);
    assert.deepEqual(g.body, r.body);
    const ev = (await admin.auditEvents("opportunity", "create")).filter((a) => a.entity_id === id);
    assert.equal(ev.length, 1);
});

test("made from a need with one call: the need's fields copied, the body's win", async () => {
    let r = await ec.post("/api/v1/opportunities", { need_id: 1 });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.employer_id, 1);
    assert.equal(r.body.need_id, 1);
    assert.equal(r.body.kind, "praktik", "the need is open to praktik alone");
    assert.equal(r.body.ssyk_code, "5120");
    assert.equal(r.body.places, 3);
    assert.equal(r.body.start_date, "2030-01-01");
    assert.equal(r.body.end_date, "2030-06-30");
    assert.equal(r.body.municipality_code, "1488", "the employer's, as the need has none");
    assert.deepEqual(r.body.requirements, { driving_licence: true, swedish_level: "good", upper_secondary: false, certificate: "Hygienkurs" });
    r = await ec.post("/api/v1/opportunities", { need_id: 1, places: 1, kind: "employment", requirements: { driving_licence: false } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.places, 1);
    assert.equal(r.body.kind, "employment");
    assert.equal(r.body.requirements.driving_licence, false);
    assert.equal(r.body.requirements.swedish_level, "good", "what the body leaves out comes from the need");
    // Need 2 is open to praktik and work training: kind must be given.
    r = await ec.post("/api/v1/opportunities", { need_id: 2 });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r), ["kind"]);
    r = await ec.post("/api/v1/opportunities", { need_id: 2, kind: "arbetstraning" });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.municipality_code, "1488", "the need's own municipality");
    assert.equal(r.body.requirements.upper_secondary, true);
    r = await ec.post("/api/v1/opportunities", { need_id: 999, kind: "apl" });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r), ["need_id"]);
});

test("validation names each field, in Swedish, and changes nothing", async () => {
    const before = s.sql("SELECT COUNT(*) FROM opportunities;").trim();
    let r = await anna.post("/api/v1/opportunities", {});
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r).sort(), ["employer_id", "kind", "municipality_code", "places", "ssyk_code"]);
    r = await anna.post("/api/v1/opportunities", {
        employer_id: 99, kind: "jobb", ssyk_code: "512", municipality_code: "9999", places: 0,
        start_date: "2030-02-01", end_date: "2030-01-01", status: "gone", contact_person_id: 1,
        requirements: { swedish_level: "perfect", certificate: "" },
    });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r).sort(), ["employer_id", "end_date", "kind", "municipality_code", "places",
        "requirements.certificate", "requirements.swedish_level", "ssyk_code", "status"]);
    assert.match(r.body.invalid_parameters.find((p) => p.name === "end_date").reason, /före startdatum/);
    r = await anna.post("/api/v1/opportunities", { ...PLACE, contact_person_id: 1 });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r), ["contact_person_id"], "Karin works at another employer");
    assert.equal(s.sql("SELECT COUNT(*) FROM opportunities;").trim(), before);
});

test("PATCH changes what is sent; the employer stays; audited", async () => {
    const { body: o } = await anna.post("/api/v1/opportunities", PLACE);
    let r = await kansli.patch(`/api/v1/opportunities/${o.id}`, { status: "filled", places: 5, requirements: { upper_secondary: true } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, "filled");
    assert.equal(r.body.places, 5);
    assert.equal(r.body.requirements.upper_secondary, true);
    assert.equal(r.body.ssyk_code, "9111");
    r = await kansli.patch(`/api/v1/opportunities/${o.id}`, { employer_id: 1 });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r), ["employer_id"]);
    r = await kansli.patch(`/api/v1/opportunities/${o.id}`, { status: "done" });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r), ["status"]);
    assertProblem(await kansli.patch("/api/v1/opportunities/99999", { status: "open" }), 404);
    const ev = (await admin.auditEvents("opportunity", "update")).filter((a) => a.entity_id === o.id);
    assert.equal(ev.length, 1);
});

test("who may: everyone logged in reads; reader and trainer may not write", async () => {
    for (const who of [reader, trainer]) {
        assertProblem(await who.post("/api/v1/opportunities", PLACE), 403);
        assert.equal((await who.get("/api/v1/opportunities")).status, 200);
    }
    const { body: o } = await admin.post("/api/v1/opportunities", PLACE);
    assertProblem(await reader.patch(`/api/v1/opportunities/${o.id}`, { status: "closed" }), 403);
});

test("the list: newest first, filtered, paged; bad filters named", async () => {
    const a = await admin.post("/api/v1/opportunities", { ...PLACE, employer_id: 1, ssyk_code: "5120", municipality_code: "1488", kind: "apl" });
    const b = await admin.post("/api/v1/opportunities", { ...PLACE, employer_id: 1, ssyk_code: "5120", municipality_code: "1488", kind: "apl", status: "closed" });
    let r = await anna.get("/api/v1/opportunities?employer_id=1&kind=apl");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((o) => o.id), [b.body.id, a.body.id]);
    assert.equal(r.body.total, 2);
    r = await anna.get("/api/v1/opportunities?employer_id=1&kind=apl&status=open");
    assert.deepEqual(r.body.items.map((o) => o.id), [a.body.id]);
    r = await anna.get("/api/v1/opportunities?kind=apl&ssyk_code=5120&municipality_code=1488&limit=1&offset=1");
    assert.deepEqual(r.body.items.map((o) => o.id), [a.body.id]);
    assert.equal(r.body.total, 2);
    r = await anna.get("/api/v1/opportunities?status=x&kind=y&ssyk_code=51&municipality_code=0000&employer_id=z");
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r).sort(), ["employer_id", "kind", "municipality_code", "ssyk_code", "status"]);
});

// ---- Matching ---------------------------------------------------------------

const P = "/api/v1/participants";
const M = {}; // participants by name: their ids
const O = {}; // the places of these tests: OA (no requirement), OB (driving licence)
const profile = (occupations, municipality_codes, driving_licence = true) =>
    ({ occupations, municipality_codes, driving_licence, open_to: ["praktik"], swedish_level: "good",
       limitations: "Hemlig begränsning" });

async function person(who, name, pnr, prof, consents = [["given", "2024-01-01"]]) {
    const r = await who.post(P, { personnummer: pnr, first_name: name, last_name: "Öberg" });
    assert.equal(r.status, 201, r.text);
    M[name] = r.body.id;
    const p = await who.put(`${P}/${r.body.id}/profile`, prof);
    assert.equal(p.status, 200, p.text);
    for (const [status, date] of consents) {
        const c = await who.post(`${P}/${r.body.id}/consents`, { status, date });
        assert.equal(c.status, 201, c.text);
    }
}

const ids = (r) => r.body.items.map((i) => i.participant_id);
const opps = (r) => r.body.items.map((i) => i.opportunity_id);

test("matching: the hand-made data", async () => {
    await person(anna, "Exakt", "199001010017", profile(["7212"], ["1488"]));
    await person(anna, "Grupp", "198505050123", profile(["7213"], ["1488"]));
    await person(anna, "Granne", "197003030132", profile(["7212"], ["1487"]));
    await person(anna, "Utankort", "196002020144", profile(["7212"], ["1488"], false));
    await person(anna, "Aldrig", "198002020157", profile(["7212"], ["1488"]), []);
    await person(anna, "Aterkallat", "199512120164", profile(["7212"], ["1488"]),
        [["given", "2024-01-01"], ["withdrawn", "2024-06-01"]]);
    await person(kim, "Kims", "197707070178", profile(["7212"], ["1488"]));
    const place = { employer_id: 1, kind: "praktik", ssyk_code: "7212", municipality_code: "1488", places: 1 };
    O.A = (await admin.post("/api/v1/opportunities", place)).body.id;
    O.B = (await admin.post("/api/v1/opportunities", { ...place, requirements: { driving_licence: true } })).body.id;
    assert.ok(O.A && O.B);
});

test("candidates: exact unit beats minor group, listed municipality beats a neighbouring one, explained", async () => {
    const r = await anna.get(`/api/v1/opportunities/${O.A}/candidates`);
    assert.equal(r.status, 200, r.text);
    // Exakt and Utankort 40+20+20+10 = 90; Grupp 30+20+20+10 and Granne 40+10+20+10 = 80; ties by id.
    assert.deepEqual(ids(r), [M.Exakt, M.Utankort, M.Grupp, M.Granne]);
    assert.deepEqual(r.body.items.map((i) => i.score), [90, 90, 80, 80]);
    const exakt = r.body.items[0], grupp = r.body.items[2], granne = r.body.items[3];
    assert.deepEqual(exakt.reasons.map((x) => x.factor), ["occupation", "municipality", "kind", "period"]);
    assert.equal(exakt.reasons[0].detail.startsWith("Samma yrke (7212"), true, exakt.reasons[0].detail);
    assert.match(grupp.reasons[0].detail, /^Samma yrkesgrupp 721/);
    assert.equal(granne.reasons[1].detail, "Trollhättan är grannkommun till Vänersborg");
    assert.equal(granne.reasons[1].met, true);
    assert.equal(exakt.first_name, "Exakt");
    assert.equal(exakt.last_name, "Öberg", "staff who may see her see her name");
    assert.ok(!r.text.includes("Hemlig") && !r.text.includes("limitations"), "never her limitations");
});

test("a hard requirement failing ranks below every match that meets them all, and says which", async () => {
    const r = await anna.get(`/api/v1/opportunities/${O.B}/candidates`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(ids(r), [M.Exakt, M.Grupp, M.Granne, M.Utankort]);
    const last = r.body.items[3];
    assert.equal(last.score, 90);
    assert.equal(last.hard_requirements_met, false);
    assert.deepEqual(last.reasons.find((x) => x.factor === "driving_licence"), { factor: "driving_licence", met: false, detail: "Körkort krävs och saknas" });
    const m = await anna.get(`${P}/${M.Utankort}/matches`);
    assert.equal(m.status, 200, m.text);
    assert.deepEqual(opps(m), [O.A, O.B], "the place she meets first, the one requiring a licence after");
    assert.deepEqual(m.body.items.map((i) => i.hard_requirements_met), [true, false]);
    assert.equal(m.body.items[0].employer_name, "Kök AB");
    assert.equal(m.body.items[0].ssyk_code, "7212");
    assert.ok(!m.text.includes("Hemlig"));
});

test("no candidate without consent: never given, or given and then withdrawn", async () => {
    for (const who of [anna, admin, ec]) for (const o of [O.A, O.B]) {
        const r = await who.get(`/api/v1/opportunities/${o}/candidates?limit=100`);
        assert.equal(r.status, 200, r.text);
        assert.ok(!ids(r).includes(M.Aldrig) && !ids(r).includes(M.Aterkallat), JSON.stringify(ids(r)));
    }
    // Given again later (by anyone): she is a candidate again.
    const c = await anna.post(`${P}/${M.Aterkallat}/consents`, { status: "given", date: "2024-09-01" });
    assert.equal(c.status, 201, c.text);
    assert.ok(ids(await anna.get(`/api/v1/opportunities/${O.A}/candidates?limit=100`)).includes(M.Aterkallat));
    await anna.post(`${P}/${M.Aterkallat}/consents`, { status: "withdrawn", date: "2024-10-01" });
    assert.ok(!ids(await anna.get(`/api/v1/opportunities/${O.A}/candidates?limit=100`)).includes(M.Aterkallat));
});

test("no participant of an organisation that may not see her, however the query is built", async () => {
    for (const o of [O.A, O.B]) for (const q of ["", "?limit=1", "?limit=2", "?limit=100", "?limit=100&offset=3"]) {
        const a = await anna.get(`/api/v1/opportunities/${o}/candidates${q}`);
        assert.equal(a.status, 200, a.text);
        assert.ok(!ids(a).includes(M.Kims), `anna ${o}${q}`);
        const k = await kim.get(`/api/v1/opportunities/${o}/candidates${q}`);
        assert.equal(k.status, 200, k.text);
        assert.deepEqual(ids(k), [M.Kims], `kim ${o}${q}`);
    }
    assert.equal((await anna.get(`/api/v1/opportunities/${O.A}/candidates?limit=1`)).body.items.length, 1);
    const all = await admin.get(`/api/v1/opportunities/${O.A}/candidates`);
    assert.deepEqual(ids(all), [M.Exakt, M.Utankort, M.Kims, M.Grupp, M.Granne]);
    // Another organisation's participant's matches: 404, as her record.
    assertProblem(await kim.get(`${P}/${M.Exakt}/matches`), 404);
    assertProblem(await anna.get(`${P}/${M.Kims}/matches`), 404);
    assert.equal((await kim.get(`${P}/${M.Kims}/matches`)).status, 200);
});

test("an employer contact sees consented candidates of every organisation, only as far as the consent covers", async () => {
    const r = await ec.get(`/api/v1/opportunities/${O.A}/candidates`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(ids(r), [M.Exakt, M.Utankort, M.Kims, M.Grupp, M.Granne]);
    for (const i of r.body.items) {
        assert.deepEqual(Object.keys(i).sort(), ["first_name", "hard_requirements_met", "last_name", "participant_id", "reasons", "score"]);
        assert.equal(i.last_name, "Ö.");
    }
    assert.ok(!r.text.includes("Öberg") && !r.text.includes("Hemlig"));
    assertProblem(await ec.get(`${P}/${M.Exakt}/matches`), 403);
});

test("kansli, reader and trainer may not see candidates or matches; a closed place has none (409)", async () => {
    for (const who of [kansli, reader, trainer]) {
        assertProblem(await who.get(`/api/v1/opportunities/${O.A}/candidates`), 403);
        assertProblem(await who.get(`${P}/${M.Exakt}/matches`), 403);
    }
    const { body: closed } = await admin.post("/api/v1/opportunities", { employer_id: 1, kind: "apl", ssyk_code: "7212", municipality_code: "1488", places: 1, status: "closed" });
    assertProblem(await anna.get(`/api/v1/opportunities/${closed.id}/candidates`), 409);
    assertProblem(await anna.get("/api/v1/opportunities/99999/candidates"), 404);
    // A closed place is no match.
    assert.ok(!opps(await anna.get(`${P}/${M.Exakt}/matches`)).includes(closed.id));
    for (const bad of ["0", "101", "x"]) {
        const r = await anna.get(`/api/v1/opportunities/${O.A}/candidates?limit=${bad}`);
        assertProblem(r, 422);
        assert.deepEqual(invalidNames(r), ["limit"]);
    }
});

test("reads are audited: matches as a read of her, candidates as a list read naming who was shown", async () => {
    await anna.get(`${P}/${M.Granne}/matches`);
    const reads = await admin.auditEvents("participant", "read");
    assert.ok(reads.some((e) => e.entity_id === M.Granne && e.detail === "matches" && e.username === "anna"));
    await kim.get(`/api/v1/opportunities/${O.A}/candidates`);
    const again = await admin.auditEvents("participant", "read");
    const ev = again.find((e) => e.detail === "candidates" && e.username === "kim");
    assert.ok(ev, "kim's candidates read");
    assert.equal(ev.entity_id, M.Kims);
    const list = again.find((e) => e.detail === "candidates" && e.username === "eva" && e.entity_count === 5);
    assert.ok(list, "the employer contact's read names the five shown");
    assert.deepEqual(list.entity_ids, [M.Exakt, M.Utankort, M.Kims, M.Grupp, M.Granne]);
});

test("the weights are a setting: admin changes them (0–100), and the order follows", async () => {
    let r = await admin.get("/api/v1/settings");
    assert.deepEqual(r.body.matching_weights, { occupation: 40, municipality: 30, kind: 20, period: 10 });
    assertProblem(await kansli.patch("/api/v1/settings", { matching_weights: { occupation: 100 } }), 403);
    r = await admin.patch("/api/v1/settings", { matching_weights: { occupation: 101, municipality: -1 } });
    assertProblem(r, 422);
    assert.deepEqual(invalidNames(r).sort(), ["matching_weights.municipality", "matching_weights.occupation"]);
    r = await admin.patch("/api/v1/settings", { matching_weights: { occupation: 100, municipality: 0, kind: 0, period: 0 } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.matching_weights, { occupation: 100, municipality: 0, kind: 0, period: 0 });
    // Occupation alone: Granne (exact, 100) now above Grupp (minor group, 75).
    r = await anna.get(`/api/v1/opportunities/${O.A}/candidates`);
    assert.deepEqual(ids(r), [M.Exakt, M.Granne, M.Utankort, M.Grupp]);
    assert.deepEqual(r.body.items.map((i) => i.score), [100, 100, 100, 75]);
    r = await admin.patch("/api/v1/settings", { matching_weights: { occupation: 40, municipality: 30, kind: 20, period: 10 } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(ids(await anna.get(`/api/v1/opportunities/${O.A}/candidates`)), [M.Exakt, M.Utankort, M.Grupp, M.Granne]);
});

test("the candidate set: within reach and the same major group, or exactly her unit group anywhere", async () => {
    // Homes (participants.municipality_code) rather than listed
    // municipalities: Hemma lives in Trollhättan, Hemgranne in the
    // neighbouring Vänersborg, both in major group 7 only; the three from
    // Stockholm are out of reach of a place in Trollhättan.
    const who = [["Fjarrexakt", "198808081239", "0180", ["7212"], []], ["Fjarrgrupp", "197506062343", "0180", ["7213"], []],
        ["Fjarrstor", "199209093450", "0180", ["7111"], ["2480"]], ["Hemma", "196604044567", "1488", ["7111"], []],
        ["Hemgranne", "198303035672", "1487", ["7411"], []]];
    for (const [name, pnr, home, occupations, listed] of who) {
        const r = await anna.post(P, { personnummer: pnr, first_name: name, last_name: "Öberg", municipality_code: home });
        assert.equal(r.status, 201, r.text);
        M[name] = r.body.id;
        assert.equal((await anna.put(`${P}/${r.body.id}/profile`, profile(occupations, listed))).status, 200);
        assert.equal((await anna.post(`${P}/${r.body.id}/consents`, { status: "given", date: "2024-01-01" })).status, 201);
    }
    const r = await anna.get(`/api/v1/opportunities/${O.A}/candidates?limit=100`);
    assert.equal(r.status, 200, r.text);
    // Fjarrexakt 40+0+20+10, Hemma 10+30+20+10, Hemgranne 10+10+20+10.
    assert.deepEqual(ids(r), [M.Exakt, M.Utankort, M.Grupp, M.Granne, M.Fjarrexakt, M.Hemma, M.Hemgranne]);
    assert.deepEqual(r.body.items.map((i) => i.score), [90, 90, 80, 80, 70, 70, 50]);
    const far = r.body.items[4];
    assert.deepEqual(far.reasons.find((x) => x.factor === "municipality").met, false, "exact unit, far away: listed, place not met");
    assert.equal(r.body.items[5].reasons.find((x) => x.factor === "municipality").met, true);
    // Her matches mirror it: a place in her minor group far away is none,
    // one near her home is.
    const near = (await admin.post("/api/v1/opportunities", { employer_id: 1, kind: "praktik", ssyk_code: "7211",
        municipality_code: "0180", places: 1 })).body.id;
    const m = await anna.get(`${P}/${M.Fjarrgrupp}/matches?limit=100`);
    assert.equal(m.status, 200, m.text);
    assert.ok(opps(m).includes(near) && !opps(m).includes(O.A) && !opps(m).includes(O.B), JSON.stringify(opps(m)));
    const e = await anna.get(`${P}/${M.Fjarrexakt}/matches?limit=100`);
    assert.ok(opps(e).includes(O.A) && opps(e).includes(near), "her exact unit anywhere, and the place near her home");
    assert.deepEqual(opps(await anna.get(`${P}/${M.Fjarrstor}/matches?limit=100`)), [near], "only the place within reach");
});

test("her home beside her wishes (migration 0023) follows every writer: a move brings her within reach or out of it", async () => {
    // The candidates find the people living within reach through the home
    // kept beside each wish (work_profile_occupations.home_municipality_code):
    // the profile's PUT writes it, a change of the participant's
    // municipality rewrites it. Flyttar wants 3313, a place in Kiruna is
    // 3312 (the same minor group, not her unit): only her home can bring
    // her into its candidate set.
    const r = await anna.post(P, { personnummer: "198112123453", first_name: "Flyttar", last_name: "Öberg", municipality_code: "0180" });
    assert.equal(r.status, 201, r.text);
    const id = r.body.id;
    assert.equal((await anna.put(`${P}/${id}/profile`, profile(["3313"], []))).status, 200);
    assert.equal((await anna.post(`${P}/${id}/consents`, { status: "given", date: "2024-01-01" })).status, 201);
    const place = (await admin.post("/api/v1/opportunities", { employer_id: 1, kind: "praktik", ssyk_code: "3312",
        municipality_code: "2584", places: 1 })).body.id;
    const homes = () => s.sql(`SELECT ${sqlDialect.groupConcat("ssyk_code || ':' || COALESCE(home_municipality_code, '-')", " ")}
        FROM (SELECT * FROM work_profile_occupations WHERE participant_id = ${id} ORDER BY ssyk_code) AS o;`).trim();
    const candidates = async () => {
        const c = await admin.get(`/api/v1/opportunities/${place}/candidates?limit=100`);
        assert.equal(c.status, 200, c.text);
        return ids(c);
    };
    assert.equal(homes(), "3313:0180");
    assert.deepEqual(await candidates(), [], "Stockholm is out of Kiruna's reach");

    let p = await anna.patch(`${P}/${id}`, { municipality_code: "2584" });
    assert.equal(p.status, 200, p.text);
    assert.equal(homes(), "3313:2584", "the move rewrites the home beside her wish");
    const c = await admin.get(`/api/v1/opportunities/${place}/candidates?limit=100`);
    assert.deepEqual(ids(c), [id]);
    assert.equal(c.body.items[0].reasons.find((x) => x.factor === "municipality").met, true);

    assert.equal((await anna.put(`${P}/${id}/profile`, profile(["3313", "3314"], []))).status, 200);
    assert.equal(homes(), "3313:2584 3314:2584", "a new wish gets her home");
    // Gällivare borders Kiruna: within reach; Göteborg is not.
    p = await anna.patch(`${P}/${id}`, { municipality_code: "2523" });
    assert.equal(p.status, 200, p.text);
    assert.deepEqual(await candidates(), [id]);
    p = await anna.patch(`${P}/${id}`, { municipality_code: "1480" });
    assert.equal(p.status, 200, p.text);
    assert.equal(homes(), "3313:1480 3314:1480");
    assert.deepEqual(await candidates(), []);
    // A PATCH of something else leaves it as it is.
    p = await anna.patch(`${P}/${id}`, { last_name: "Öbergsson" });
    assert.equal(p.status, 200, p.text);
    assert.equal(homes(), "3313:1480 3314:1480");
    // Every wish in the database carries its participant's home.
    assert.equal(s.sql(`SELECT COUNT(*) FROM work_profile_occupations w JOIN participants p ON p.id = w.participant_id
        WHERE w.home_municipality_code IS DISTINCT FROM p.municipality_code;`).trim(), "0");
    assert.equal((await admin.patch(`/api/v1/opportunities/${place}`, { status: "closed" })).status, 200);
});

test("the candidates tier by tier are exact: every limit answers the first rows of the whole ranking, under any weights", async () => {
    // match.c ranks the candidates tier by tier and stops when no later
    // tier can outrank what it holds; whatever the weights, a short list
    // must be the head of the long one. Two more people: Certifierad
    // holds the certificate a place requires (written in other case), in
    // the minor group; Listad lists the place's municipality.
    const more = [["Certifierad", "197901019104", "1488", ["7213"], [], ["HYGIENKURS"]],
        ["Listad", "198606061102", "0180", ["7212"], ["1488"], []]];
    for (const [name, pnr, home, occupations, listed, certificates] of more) {
        const r = await anna.post(P, { personnummer: pnr, first_name: name, last_name: "Öberg", municipality_code: home });
        assert.equal(r.status, 201, r.text);
        M[name] = r.body.id;
        assert.equal((await anna.put(`${P}/${r.body.id}/profile`, { ...profile(occupations, listed), certificates })).status, 200);
        assert.equal((await anna.post(`${P}/${r.body.id}/consents`, { status: "given", date: "2024-01-01" })).status, 201);
    }
    const cert = (await admin.post("/api/v1/opportunities", { employer_id: 1, kind: "employment", ssyk_code: "7212",
        municipality_code: "1488", places: 1, requirements: { certificate: "Hygienkurs" } })).body.id;
    const weights = [{ occupation: 40, municipality: 30, kind: 20, period: 10 }, { occupation: 0, municipality: 100, kind: 0, period: 0 },
        { occupation: 10, municipality: 0, kind: 100, period: 50 }, { occupation: 0, municipality: 0, kind: 0, period: 0 }];
    try {
        for (const w of weights) {
            assert.equal((await admin.patch("/api/v1/settings", { matching_weights: w })).status, 200);
            for (const place of [O.A, O.B, cert]) {
                const all = await admin.get(`/api/v1/opportunities/${place}/candidates?limit=100`);
                assert.equal(all.status, 200, all.text);
                const rank = all.body.items.map((i) => [i.participant_id, i.hard_requirements_met, i.score]);
                assert.equal(new Set(rank.map((x) => x[0])).size, rank.length, "each candidate once, whatever tiers find her");
                // The order itself: requirements met first, then score, then id.
                const sorted = [...rank].sort((a, b) => (b[1] - a[1]) || (b[2] - a[2]) || (a[0] - b[0]));
                assert.deepEqual(rank, sorted, `place ${place}, ${JSON.stringify(w)}`);
                for (let limit = 1; limit < rank.length; limit++) {
                    const r = await admin.get(`/api/v1/opportunities/${place}/candidates?limit=${limit}`);
                    assert.deepEqual(r.body.items.map((i) => [i.participant_id, i.hard_requirements_met, i.score]),
                        rank.slice(0, limit), `place ${place}, limit ${limit}, ${JSON.stringify(w)}`);
                }
                if (place === cert) {
                    assert.equal(rank[0][0], M.Certifierad, "the holder, whatever the case of the certificate");
                    assert.equal(rank.filter((x) => x[1]).length, 1, "no one else holds it");
                }
            }
        }
    } finally {
        await admin.patch("/api/v1/settings", { matching_weights: weights[0] });
    }
    assert.ok(ids(await admin.get(`/api/v1/opportunities/${O.A}/candidates?limit=100`)).includes(M.Listad));
});
