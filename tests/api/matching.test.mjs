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
import { Samsyn, assertProblem, invalidNames } from "./lib.mjs";

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
