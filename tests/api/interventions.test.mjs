// interventions.test.mjs — interventions, their volumes and attendees,
// target groups and settings over the API: create, read, change (lists
// replaced as a whole) and list with filters; 422 answers naming each wrong
// field (budgets[0].amount_sek …); the role rules (a reader may not create;
// a case worker of another organisation may not add volumes or attendees
// while one of the owner or a partner may); and the audit events for every
// read and change of attendees (personal data).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { GOOD_PASSWORD, assertProblem, invalidNames, startSamsyn } from "./lib.mjs";

let s;
let admin, kansli, reader, trainer, cwOwner, cwPartner, cwOther;
let ownerOrg, partnerOrg, otherOrg;

before(async () => {
    s = await startSamsyn();
    admin = await s.login("admin", GOOD_PASSWORD);
    const org = async (name, kind, municipality_code) => {
        const r = await admin.post("/api/v1/orgs", { name, kind, municipality_code });
        assert.equal(r.status, 201, r.text);
        return r.body.id;
    };
    ownerOrg = await org("Trollhättans stad", "kommun", "1488");
    partnerOrg = await org("Arbetsförmedlingen Trollhättan", "af");
    otherOrg = await org("Vänersborgs kommun", "kommun", "1487");
    s.addUser({ username: "kim", name: "Kim Kansli", orgId: 1, roles: ["kansli"] });
    s.addUser({ username: "rut", name: "Rut Läsare", orgId: ownerOrg, roles: ["reader"] });
    s.addUser({ username: "tove", name: "Tove Tränare", orgId: otherOrg, roles: ["trainer"] });
    s.addUser({ username: "olle", name: "Olle Ägare", orgId: ownerOrg, roles: ["case_worker"] });
    s.addUser({ username: "pia", name: "Pia Partner", orgId: partnerOrg, roles: ["case_worker"] });
    s.addUser({ username: "ulf", name: "Ulf Utanför", orgId: otherOrg, roles: ["case_worker"] });
    [kansli, reader, trainer, cwOwner, cwPartner, cwOther] = await s.loginAll(["kim", "rut", "tove", "olle", "pia", "ulf"]);
});

after(() => s?.close());

const ivKeys = [
    "budgets", "description", "end_date", "goals", "id", "kind", "measurement", "name", "owner_org_id",
    "partner_org_ids", "start_date", "status", "target_groups",
];

function mentorship(extra = {}) {
    return {
        name: "Mentorskap Trollhättan",
        kind: "structural",
        owner_org_id: ownerOrg,
        partner_org_ids: [partnerOrg],
        start_date: "2024-01-01",
        end_date: "2025-12-31",
        target_groups: ["A", "B"],
        description: "Mentorer på arbetsplatser",
        budgets: [
            { year: 2024, funder: "state", amount_sek: 700000, actual_sek: null },
            { year: 2024, funder: "municipality", amount_sek: 350000, actual_sek: 340000 },
        ],
        goals: [{ year: 2024, indicator: "mentors_trained", target: 65 }],
        ...extra,
    };
}

async function create(body, as = kansli) {
    const r = await as.post("/api/v1/interventions", body);
    assert.equal(r.status, 201, r.text);
    return r.body;
}

test("interventions: create, read, change with lists replaced as a whole", async () => {
    const iv = await create(mentorship());
    assert.deepEqual(Object.keys(iv).sort(), ivKeys);
    assert.equal(iv.measurement, "volume", "structural defaults to volume");
    assert.equal(iv.status, "planned");
    assert.deepEqual(iv.partner_org_ids, [partnerOrg]);
    assert.deepEqual(iv.target_groups, ["A", "B"]);

    // Stored order: budgets by year and funder.
    assert.deepEqual(iv.budgets, [
        { year: 2024, funder: "municipality", amount_sek: 350000, actual_sek: 340000 },
        { year: 2024, funder: "state", amount_sek: 700000, actual_sek: null },
    ]);
    let r = await reader.get(`/api/v1/interventions/${iv.id}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, iv);

    r = await kansli.patch(`/api/v1/interventions/${iv.id}`, {
        budgets: [{ year: 2025, funder: "esf", amount_sek: 120000 }],
        status: "active",
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.budgets, [{ year: 2025, funder: "esf", amount_sek: 120000, actual_sek: null }]);
    assert.equal(r.body.status, "active");
    assert.deepEqual(r.body.goals, iv.goals, "lists not sent stay");
    assert.equal(r.body.name, iv.name);

    r = await admin.patch(`/api/v1/interventions/${iv.id}`, { goals: [], partner_org_ids: [], end_date: null });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.goals, []);
    assert.deepEqual(r.body.partner_org_ids, []);
    assert.equal(r.body.end_date, null);
    assert.deepEqual((await reader.get(`/api/v1/interventions/${iv.id}`)).body, r.body);

    const ind = await create({ name: "Steget vidare", kind: "individual", owner_org_id: partnerOrg, start_date: "2024-03-01" });
    assert.equal(ind.measurement, "participants");
    assert.deepEqual([ind.partner_org_ids, ind.target_groups, ind.budgets, ind.goals], [[], [], [], []]);
    assert.equal(ind.description, null);

    const events = (await admin.auditEvents("intervention", "update")).filter((e) => e.entity_id === iv.id);
    assert.equal(events.length, 2);
});

test("interventions: list with q, kind, status, org_id, year and paging", async () => {
    const a = await create(mentorship({ name: "Lista Alfa", status: "active" }));
    const b = await create({ name: "Lista Beta", kind: "individual", owner_org_id: partnerOrg, start_date: "2020-01-01",
        end_date: "2021-06-30", status: "ended" });
    const c = await create({ name: "Lista Gamma", kind: "competence", owner_org_id: otherOrg, start_date: "2026-01-01" });
    const names = async (query) => {
        const r = await reader.get(`/api/v1/interventions?q=Lista&${query}`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.total, r.body.items.length);
        return r.body.items.map((i) => i.name);
    };
    assert.deepEqual(await names(""), ["Lista Alfa", "Lista Beta", "Lista Gamma"]);
    assert.deepEqual(await names("kind=individual"), ["Lista Beta"]);
    assert.deepEqual(await names("status=active"), ["Lista Alfa"]);
    assert.deepEqual(await names(`org_id=${partnerOrg}`), ["Lista Alfa", "Lista Beta"]);
    assert.deepEqual(await names(`org_id=${otherOrg}`), ["Lista Gamma"]);
    assert.deepEqual(await names("year=2021"), ["Lista Beta"]);
    assert.deepEqual(await names("year=2030"), ["Lista Gamma"], "open-ended");
    assert.deepEqual(await names("year=2019"), []);
    assert.deepEqual(await names(`year=2024&org_id=${ownerOrg}`), ["Lista Alfa"]);

    let r = await reader.get("/api/v1/interventions?q=Lista&limit=1&offset=1");
    assert.deepEqual([r.body.total, r.body.limit, r.body.offset, r.body.items.map((i) => i.id)], [3, 1, 1, [b.id]]);
    assert.deepEqual(Object.keys(r.body.items[0]).sort(), ivKeys);
    r = await reader.get("/api/v1/interventions?q=Lista&limit=2");
    assert.deepEqual(r.body.items.map((i) => i.id), [a.id, b.id]);
    assert.ok(c.id);

    assert.deepEqual(invalidNames(await reader.get("/api/v1/interventions?kind=annan")), ["kind"]);
    assert.deepEqual(invalidNames(await reader.get("/api/v1/interventions?year=tjugo")), ["year"]);
    assert.deepEqual(invalidNames(await reader.get("/api/v1/interventions?year=1800")), ["year"]);
    assert.deepEqual(invalidNames(await reader.get("/api/v1/interventions?org_id=-1")), ["org_id"]);
    assert.deepEqual(new Set(invalidNames(await reader.get("/api/v1/interventions?status=x&limit=0"))), new Set(["status", "limit"]));
});

test("interventions: 422 names every wrong field, 404 for unknown ids", async () => {
    const bad = async (patch) => invalidNames(await kansli.post("/api/v1/interventions", mentorship(patch)));
    assert.deepEqual(await bad({ budgets: [{ year: 2024, funder: "state", amount_sek: -5 }] }), ["budgets[0].amount_sek"]);
    assert.deepEqual(await bad({ budgets: [{ year: 2024, funder: "state", amount_sek: "700000" }] }), ["budgets[0].amount_sek"]);
    assert.deepEqual(await bad({ budgets: [{ year: 2024, funder: "state" }] }), ["budgets[0].amount_sek"]);
    assert.deepEqual(await bad({ budgets: [{ year: 2024, funder: "bank", amount_sek: 1 }] }), ["budgets[0].funder"]);
    assert.deepEqual(await bad({ budgets: [{ year: 1900, funder: "esf", amount_sek: 1 }] }), ["budgets[0].year"]);
    assert.deepEqual(await bad({ budgets: [{ year: 2024, funder: "esf", amount_sek: 1, actual_sek: -1 }] }), ["budgets[0].actual_sek"]);
    assert.deepEqual(
        await bad({ budgets: [{ year: 2024, funder: "esf", amount_sek: 1 }, { year: 2024, funder: "esf", amount_sek: 2 }] }),
        ["budgets[1].funder"],
    );
    assert.deepEqual(await bad({ budgets: [7] }), ["budgets[0]"]);
    assert.deepEqual(await bad({ budgets: null }), ["budgets"]);
    assert.deepEqual(await bad({ goals: [{ year: 2024, indicator: "lycka", target: 5 }] }), ["goals[0].indicator"]);
    assert.deepEqual(await bad({ goals: [{ year: 2024, indicator: "volume", target: 0 }] }), ["goals[0].target"]);
    assert.deepEqual(await bad({ owner_org_id: 99999 }), ["owner_org_id"]);
    assert.deepEqual(await bad({ owner_org_id: "1" }), ["owner_org_id"]);
    assert.deepEqual(await bad({ partner_org_ids: [partnerOrg, 99999] }), ["partner_org_ids[1]"]);
    assert.deepEqual(await bad({ partner_org_ids: [ownerOrg] }), ["partner_org_ids[0]"]);
    assert.deepEqual(await bad({ partner_org_ids: ["x"] }), ["partner_org_ids[0]"]);
    assert.deepEqual(await bad({ partner_org_ids: 5 }), ["partner_org_ids"]);
    assert.deepEqual(await bad({ target_groups: ["A", "Ö"] }), ["target_groups[1]"]);
    assert.deepEqual(await bad({ target_groups: [1] }), ["target_groups[0]"]);
    assert.deepEqual(await bad({ kind: "individuell" }), ["kind"]);
    assert.deepEqual(await bad({ status: "klar" }), ["status"]);
    assert.deepEqual(await bad({ measurement: "both" }), ["measurement"]);
    assert.deepEqual(await bad({ start_date: "2024-02-30" }), ["start_date"]);
    assert.deepEqual(await bad({ end_date: "2023-12-31" }), ["end_date"]);
    assert.deepEqual(await bad({ name: "" }), ["name"]);
    assert.deepEqual(await bad({ name: "x".repeat(201) }), ["name"]);
    assert.deepEqual(new Set(invalidNames(await kansli.post("/api/v1/interventions", {}))), new Set(["name", "kind", "owner_org_id", "start_date"]));
    const r = await kansli.post("/api/v1/interventions", mentorship({ budgets: [{ year: 2024, funder: "bank", amount_sek: 1 }] }));
    const p = r.body.invalid_parameters[0];
    assert.equal(p.value, "bank");
    assert.match(p.reason, /finansiär/);
    assertProblem(await kansli.post("/api/v1/interventions", undefined, { body: "{", headers: { "Content-Type": "application/json" } }), 400, "malformed");

    assertProblem(await reader.get("/api/v1/interventions/99999"), 404, "not-found");
    assertProblem(await reader.get("/api/v1/interventions/abc"), 404, "not-found");
    assertProblem(await kansli.patch("/api/v1/interventions/99999", { name: "Ingen" }), 404, "not-found");
    assert.equal((await reader.get("/api/v1/interventions?q=Mentorskap&kind=structural")).body.total, 1, "nothing above was created");
});

test("interventions: anyone reads, only admin and kansli change", async () => {
    const iv = await create(mentorship({ name: "Rollprov" }));
    for (const c of [reader, trainer, cwOwner, cwOther]) {
        assert.equal((await c.get(`/api/v1/interventions/${iv.id}`)).status, 200);
        assert.equal((await c.get("/api/v1/interventions")).status, 200);
        assertProblem(await c.post("/api/v1/interventions", mentorship({ name: "Otillåten" })), 403, "forbidden");
        assertProblem(await c.patch(`/api/v1/interventions/${iv.id}`, { name: "Kapad" }), 403, "forbidden");
    }
    assert.equal((await admin.get(`/api/v1/interventions/${iv.id}`)).body.name, "Rollprov");
    assert.equal((await admin.get("/api/v1/interventions?q=Otill")).body.total, 0);
    assertProblem(await s.client().get("/api/v1/interventions"), 401, "unauthorized");
});

test("volumes: owner and partner organisations, kansli and trainers add; others may not", async () => {
    const iv = await create(mentorship({ name: "Volymprov" }));
    const url = `/api/v1/interventions/${iv.id}/volumes`;
    const v = { period_start: "2024-01-01", period_end: "2024-06-30", women: 14, men: 9 };
    let r = await cwOwner.post(url, v);
    assert.equal(r.status, 201, r.text);
    assert.deepEqual({ ...r.body, id: 0 }, { id: 0, intervention_id: iv.id, ...v });
    for (const c of [cwPartner, kansli, trainer, admin]) assert.equal((await c.post(url, v)).status, 201);
    assertProblem(await cwOther.post(url, v), 403, "forbidden");
    assertProblem(await reader.post(url, v), 403, "forbidden");

    r = await reader.get(url);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 5);
    assert.deepEqual(r.body.items[0], { id: r.body.items[0].id, intervention_id: iv.id, ...v });
    r = await cwOther.get(`${url}?limit=2&offset=4`);
    assert.deepEqual([r.body.total, r.body.items.length], [5, 1]);

    const bad = async (patch) => invalidNames(await kansli.post(url, { ...v, ...patch }));
    assert.deepEqual(await bad({ women: -1 }), ["women"]);
    assert.deepEqual(await bad({ men: "9" }), ["men"]);
    assert.deepEqual(await bad({ period_start: "2023-12-31" }), ["period_start"]);
    assert.deepEqual(await bad({ period_end: "2026-01-01" }), ["period_end"]);
    assert.deepEqual(await bad({ period_end: "2023-06-30", period_start: "2024-06-30" }), ["period_end"]);
    assert.deepEqual(new Set(invalidNames(await kansli.post(url, {}))), new Set(["period_start", "period_end", "women", "men"]));
    assertProblem(await kansli.post("/api/v1/interventions/99999/volumes", v), 404, "not-found");
    assertProblem(await reader.get("/api/v1/interventions/99999/volumes"), 404, "not-found");
    assert.equal((await reader.get(url)).body.total, 5);
});

test("attendees: who may add and see them; every read and change is audited", async () => {
    const iv = await create(mentorship({ name: "Mentorsutbildning" }));
    const url = `/api/v1/interventions/${iv.id}/attendees`;
    const asa = {
        first_name: "Åsa", last_name: "Öberg", sex: "female", email: "asa@example.se", employer_id: null,
        organisation_name: "Volvo Cars", format: "in_person", date: "2024-03-14",
    };
    assertProblem(await cwOther.post(url, asa), 403, "forbidden");
    assertProblem(await reader.post(url, asa), 403, "forbidden");
    let r = await cwOwner.post(url, asa);
    assert.equal(r.status, 201, r.text);
    const a1 = r.body;
    assert.deepEqual({ ...a1, id: 0 }, { id: 0, intervention_id: iv.id, ...asa });
    r = await cwPartner.post(url, { ...asa, first_name: "Bo", last_name: "Ek", sex: "male", email: null, format: "webinar" });
    assert.equal(r.status, 201, r.text);
    const a2 = r.body;
    r = await trainer.post(url, { ...asa, date: "2024-04-02", format: "network" });
    assert.equal(r.status, 201, r.text);
    const a3 = r.body;
    assert.equal((await admin.auditEvents("attendee", "create")).filter((e) => [a1.id, a2.id, a3.id].includes(e.entity_id)).length, 3);

    // Reading is audited: one event naming the attendees shown, one for a single read.
    const readsBefore = await admin.auditEvents("attendee", "read");
    r = await cwPartner.get(url);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((a) => a.id), [a2.id, a1.id, a3.id], "by date, then last name");
    assert.equal(r.body.total, 3);
    r = await kansli.get(`${url}/${a2.id}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, a2);
    const readsAfter = await admin.auditEvents("attendee", "read");
    const reads = readsAfter.slice(0, readsAfter.length - readsBefore.length);
    assert.deepEqual(reads.map((e) => [e.username, e.entity_id, e.entity_ids]), [
        ["kim", a2.id, null],
        ["pia", null, [a2.id, a1.id, a3.id]],
    ]);

    // Outsiders see nothing and leave no read events.
    const count = (await admin.auditEvents("attendee", "read")).length;
    for (const c of [cwOther, reader]) {
        assertProblem(await c.get(url), 403, "forbidden");
        assertProblem(await c.get(`${url}/${a1.id}`), 403, "forbidden");
        assertProblem(await c.patch(`${url}/${a1.id}`, { last_name: "X" }), 403, "forbidden");
        assertProblem(await c.del(`${url}/${a1.id}`), 403, "forbidden");
    }
    assert.equal((await admin.auditEvents("attendee", "read")).length, count);

    r = await cwOwner.patch(`${url}/${a1.id}`, { last_name: "Öberg-Lind", email: null });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { ...a1, last_name: "Öberg-Lind", email: null });
    assert.ok((await admin.auditEvents("attendee", "update")).some((e) => e.entity_id === a1.id && e.username === "olle"));

    r = await kansli.del(`${url}/${a3.id}`);
    assert.equal(r.status, 204, r.text);
    assert.ok((await admin.auditEvents("attendee", "delete")).some((e) => e.entity_id === a3.id));
    assertProblem(await kansli.get(`${url}/${a3.id}`), 404, "not-found");
    assertProblem(await kansli.del(`${url}/${a3.id}`), 404, "not-found");
    assert.equal((await kansli.get(url)).body.total, 2);

    // An attendee is reached only through its own intervention.
    const other = await create(mentorship({ name: "Annan insats" }));
    assertProblem(await kansli.get(`/api/v1/interventions/${other.id}/attendees/${a1.id}`), 404, "not-found");
});

test("attendees: validation, formats from the code list, not for individual interventions", async () => {
    const iv = await create(mentorship({ name: "Attendee-validering", kind: "competence" }));
    const url = `/api/v1/interventions/${iv.id}/attendees`;
    const ok = { first_name: "Bo", last_name: "Ek", sex: "male", format: "webinar", date: "2024-05-01" };
    const bad = async (patch) => invalidNames(await kansli.post(url, { ...ok, ...patch }));
    assert.deepEqual(await bad({ format: "telefon" }), ["format"]);
    assert.deepEqual(await bad({ format: "salary" }), ["format"]);
    assert.deepEqual(await bad({ date: "2023-05-01" }), ["date"]);
    assert.deepEqual(await bad({ date: "1 maj" }), ["date"]);
    assert.deepEqual(await bad({ sex: "x" }), ["sex"]);
    assert.deepEqual(await bad({ first_name: "" }), ["first_name"]);
    assert.deepEqual(await bad({ email: "ingen-adress" }), ["email"]);
    assert.deepEqual(await bad({ employer_id: 0 }), ["employer_id"]);
    assert.deepEqual(await bad({ employer_id: "5" }), ["employer_id"]);
    assert.deepEqual(new Set(invalidNames(await kansli.post(url, {}))), new Set(["first_name", "last_name", "sex", "format", "date"]));
    let r = await kansli.post(url, { ...ok, format: "commissioned", employer_id: 17 });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.employer_id, 17);
    assert.deepEqual(invalidNames(await kansli.patch(`${url}/${r.body.id}`, { date: "2026-01-01" })), ["date"]);

    const ind = await create({ name: "Individinsats", kind: "individual", owner_org_id: ownerOrg, start_date: "2024-01-01" });
    assertProblem(await kansli.post(`/api/v1/interventions/${ind.id}/attendees`, ok), 409, "conflict");
    assertProblem(await kansli.post("/api/v1/interventions/99999/attendees", ok), 404, "not-found");
});

test("target groups: seeded A and B, kansli adds and retires; a retired one is not given to new interventions", async () => {
    let r = await reader.get("/api/v1/target-groups");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((t) => t.code), ["A", "B"]);
    assert.deepEqual(Object.keys(r.body.items[0]).sort(), ["active", "code", "description", "name"]);
    assert.match(r.body.items[0].description, /försörjningsstöd/);

    r = await kansli.post("/api/v1/target-groups", { code: "C_unga", name: "Unga 16–19", description: null });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body, { code: "C_unga", name: "Unga 16–19", description: null, active: true });
    assertProblem(await admin.post("/api/v1/target-groups", { code: "C_unga", name: "Igen" }), 409, "conflict");
    assertProblem(await reader.post("/api/v1/target-groups", { code: "D", name: "D" }), 403, "forbidden");
    assertProblem(await cwOwner.patch("/api/v1/target-groups/A", { name: "Kapad" }), 403, "forbidden");
    assert.deepEqual(invalidNames(await kansli.post("/api/v1/target-groups", { code: "å ä", name: "X" })), ["code"]);
    assert.deepEqual(invalidNames(await kansli.post("/api/v1/target-groups", { code: "E", name: "" })), ["name"]);
    assert.deepEqual(invalidNames(await kansli.post("/api/v1/target-groups", { code: "E", name: "E", active: "ja" })), ["active"]);

    const iv = await create(mentorship({ name: "Med C", target_groups: ["C_unga"] }));
    r = await kansli.patch("/api/v1/target-groups/C_unga", { active: false });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { code: "C_unga", name: "Unga 16–19", description: null, active: false });
    assert.deepEqual(invalidNames(await kansli.post("/api/v1/interventions", mentorship({ target_groups: ["C_unga"] }))), ["target_groups[0]"]);
    r = await kansli.patch(`/api/v1/interventions/${iv.id}`, { name: "Med C, omdöpt" });
    assert.equal(r.status, 200, "an intervention keeps its retired target group");
    assert.deepEqual(r.body.target_groups, ["C_unga"]);

    assertProblem(await kansli.patch("/api/v1/target-groups/Q", { name: "Q" }), 404, "not-found");
    assertProblem(await kansli.patch("/api/v1/target-groups/%C3%A5", { name: "Q" }), 404, "not-found");
    r = await reader.get("/api/v1/target-groups?q=unga");
    assert.deepEqual(r.body.items.map((t) => [t.code, t.active]), [["C_unga", false]]);
    assert.ok((await admin.auditEvents("target_group", "update")).some((e) => e.detail === "C_unga"));
});

test("settings: the funding benchmark, read by anyone, changed by admin and kansli, summing to 100", async () => {
    let r = await reader.get("/api/v1/settings");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { funding_benchmark: { individual: 60, structural: 30, competence: 10 }, recent_contact_days: 14, suppression_threshold: 5,
        forbund_name: "Samordningsförbundet", matching_weights: { occupation: 40, municipality: 30, kind: 20, period: 10 } });
    assertProblem(await reader.patch("/api/v1/settings", { funding_benchmark: { individual: 50, structural: 40 } }), 403, "forbidden");
    assertProblem(await cwOwner.patch("/api/v1/settings", { funding_benchmark: { individual: 50, structural: 40 } }), 403, "forbidden");
    assert.deepEqual(invalidNames(await kansli.patch("/api/v1/settings", { funding_benchmark: { individual: 70 } })), ["funding_benchmark"]);
    assert.deepEqual(invalidNames(await kansli.patch("/api/v1/settings", { funding_benchmark: { individual: "60" } })), ["funding_benchmark.individual"]);
    assert.deepEqual(invalidNames(await kansli.patch("/api/v1/settings", { funding_benchmark: { competence: 110, structural: -10, individual: 0 } })),
        ["funding_benchmark.structural", "funding_benchmark.competence"]);
    assert.deepEqual(invalidNames(await kansli.patch("/api/v1/settings", { funding_benchmark: 5 })), ["funding_benchmark"]);
    r = await kansli.patch("/api/v1/settings", { funding_benchmark: { individual: 50, structural: 40 } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { funding_benchmark: { individual: 50, structural: 40, competence: 10 }, recent_contact_days: 14, suppression_threshold: 5,
        forbund_name: "Samordningsförbundet", matching_weights: { occupation: 40, municipality: 30, kind: 20, period: 10 } });
    assert.deepEqual((await cwOther.get("/api/v1/settings")).body, r.body);
    assert.ok((await admin.auditEvents("settings", "update")).length >= 1);
});

test("settings: the förbund's name, read by anyone, changed by admin and kansli, 1–200 characters trimmed", async () => {
    assert.equal((await cwOther.get("/api/v1/settings")).body.forbund_name, "Samordningsförbundet");
    assertProblem(await reader.patch("/api/v1/settings", { forbund_name: "Förbundet" }), 403, "forbidden");
    assertProblem(await cwOwner.patch("/api/v1/settings", { forbund_name: "Förbundet" }), 403, "forbidden");
    for (const bad of ["", "   ", "x".repeat(201), 5, null]) {
        const r = await kansli.patch("/api/v1/settings", { forbund_name: bad });
        assert.deepEqual(invalidNames(r), ["forbund_name"], JSON.stringify(bad));
        assert.match(r.body.invalid_parameters[0].reason, /förbundets namn/i);
    }
    let r = await kansli.patch("/api/v1/settings", { forbund_name: "  Samordningsförbundet Älvsborg " });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.forbund_name, "Samordningsförbundet Älvsborg");
    assert.equal((await cwOther.get("/api/v1/settings")).body.forbund_name, "Samordningsförbundet Älvsborg");
    assert.ok((await admin.auditEvents("settings", "update")).some((e) => e.detail === "forbund_name"));
    r = await admin.patch("/api/v1/settings", { forbund_name: "ö".repeat(200) });
    assert.equal(r.status, 200, r.text);
    r = await admin.patch("/api/v1/settings", { forbund_name: "Samordningsförbundet" });
    assert.equal(r.status, 200, r.text);
});
