// employers.test.mjs — the employer register over the API: create, read,
// change (networks and workplaces replaced), 409 for a duplicate orgnr,
// 422 with invalid_parameters names, search (name prefix with å/ä/ö, a
// whole orgnr, filters, paging), sole traders found only by POST
// /employers/search, contact persons with every read and change audited,
// networks, recruitment needs, and the role checks (reader and trainer 403
// on writes, everyone logged in reads).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { assertProblem, invalidNames, startSamsyn } from "./lib.mjs";

let s;
let admin, reader, worker, contact, trainer;

before(async () => {
    s = await startSamsyn({
        users: [
            { username: "rut", name: "Rut Läsare", roles: ["reader"] },
            { username: "carl", name: "Carl Handläggare", roles: ["case_worker"] },
            { username: "eva", name: "Eva Arbetsgivarkontakt", roles: ["employer_contact"] },
            { username: "tom", name: "Tom Utbildare", roles: ["trainer"] },
        ],
    });
    [admin, reader, worker, contact, trainer] = await s.loginAll(["admin", "rut", "carl", "eva", "tom"]);
});

after(() => s?.close());

const employerKeys = [
    "address", "city", "created_at", "id", "main_contact_user_id", "main_contact_user_name", "municipality_code", "name", "networks",
    "orgnr", "postal_code", "size_class", "sni_code", "sni_section", "sole_trader", "updated_at", "website",
    "workplaces",
];

async function create(client, body, status = 201) {
    const r = await client.post("/api/v1/employers", body);
    assert.equal(r.status, status, r.text);
    return r.body;
}

test("employers: create, read, change; 409 and 422", async () => {
    const net = await contact.post("/api/v1/networks", { name: "CSR Fyrbodal", description: "Företag med socialt ansvar" });
    assert.equal(net.status, 201, net.text);
    const e = await create(contact, {
        orgnr: "556677-8899", name: "Trollhättans Mekaniska AB", sni_code: "25.620", size_class: "10-19",
        municipality_code: "1488", city: "Trollhättan", network_ids: [net.body.id],
        workplaces: [{ name: "Verkstan Stallbacka", municipality_code: "1488" }],
    });
    assert.deepEqual(Object.keys(e).sort(), employerKeys);
    assert.equal(e.orgnr, "5566778899");
    assert.equal(e.sole_trader, false);
    assert.equal(e.sni_code, "25620");
    assert.equal(e.sni_section, "C");
    assert.deepEqual(e.networks, [{ id: net.body.id, name: "CSR Fyrbodal" }]);
    assert.equal(e.workplaces.length, 1);
    assert.equal(e.workplaces[0].name, "Verkstan Stallbacka");

    let r = await reader.get(`/api/v1/employers/${e.id}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, e);

    r = await worker.patch(`/api/v1/employers/${e.id}`, {
        size_class: "20-49", main_contact_user_id: s.users.eva.id, network_ids: [], workplaces: [],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.size_class, "20-49");
    assert.equal(r.body.main_contact_user_id, s.users.eva.id);
    assert.equal(r.body.main_contact_user_name, "Eva Arbetsgivarkontakt");
    assert.deepEqual(r.body.networks, []);
    assert.deepEqual(r.body.workplaces, []);
    assert.equal(r.body.name, e.name);

    // The same number in the 12-digit form is the same employer.
    r = await admin.post("/api/v1/employers", { orgnr: "16556677-8899", name: "Kopia AB" });
    assertProblem(r, 409, "conflict");

    r = await admin.post("/api/v1/employers", { orgnr: "5566778898", name: "", sni_code: "99999", size_class: "stor" });
    assert.deepEqual(invalidNames(r).sort(), ["name", "orgnr", "size_class", "sni_code"]);
    assert.match(r.body.invalid_parameters.find((p) => p.name === "orgnr").reason, /kontrollsiffr|Kontrollsiffr|siffr/);
    // Derived fields may come back as they were read (a client sending the
    // whole object), not with another value.
    r = await admin.post("/api/v1/employers", { orgnr: "5561234567", name: "X AB", sni_section: "C" });
    assert.deepEqual(invalidNames(r), ["sni_section"]);
    r = await admin.post("/api/v1/employers", { orgnr: "5561234567", name: "X AB", sni_code: "47111", sni_section: "C", sole_trader: true });
    assert.deepEqual(invalidNames(r).sort(), ["sni_section", "sole_trader"]);
    r = await admin.patch(`/api/v1/employers/${e.id}`, { ...e, name: e.name + " (ny)" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.name, e.name + " (ny)");
    r = await admin.patch(`/api/v1/employers/${e.id}`, { name: e.name });
    assert.equal(r.status, 200, r.text);
    r = await admin.post("/api/v1/employers", { orgnr: 5561234567, name: "X AB" });
    assert.deepEqual(invalidNames(r), ["orgnr"]);
    r = await admin.post("/api/v1/employers", { orgnr: "5561234567", name: "X AB", main_contact_user_id: 999 });
    assert.deepEqual(invalidNames(r), ["main_contact_user_id"]);
    r = await admin.patch(`/api/v1/employers/${e.id}`, { network_ids: [12345] });
    assert.deepEqual(invalidNames(r), ["network_ids[0]"]);
    r = await admin.get("/api/v1/employers/999999");
    assertProblem(r, 404);
});

test("roles: reader and trainer read but do not write", async () => {
    const e = await create(worker, { orgnr: "5560000001", name: "Rollbolaget AB" });
    for (const c of [reader, trainer]) {
        let r = await c.post("/api/v1/employers", { orgnr: "5561234567", name: "Nej AB" });
        assertProblem(r, 403, "forbidden");
        r = await c.patch(`/api/v1/employers/${e.id}`, { name: "Nej AB" });
        assertProblem(r, 403);
        r = await c.post(`/api/v1/employers/${e.id}/persons`, { name: "Nej" });
        assertProblem(r, 403);
        r = await c.post(`/api/v1/employers/${e.id}/needs`, { ssyk_code: "5321", headcount: 1 });
        assertProblem(r, 403);
        r = await c.get(`/api/v1/employers/${e.id}`);
        assert.equal(r.status, 200, r.text);
        r = await c.get("/api/v1/networks");
        assert.equal(r.status, 200, r.text);
    }
    let r = await worker.post("/api/v1/networks", { name: "Handläggarnätverket" });
    assertProblem(r, 403);
    r = await admin.post("/api/v1/networks", { name: "CSR Fyrbodal" });
    assertProblem(r, 409);
});

test("search: name prefix with å/ä/ö, orgnr, filters, paging", async () => {
    const made = [
        ["2120001421", "Älvdalens Kommunala Bolag", "8411", "500+", "1487"],
        ["8024791231", "Åsa Byggtjänst ek. för.", "43210", "1-4", "1488"],
        ["9691234562", "Örnens Restaurang HB", "56100", "5-9", "1462"],
        ["5561234567", "Åkeri Väst AB", "49410", "20-49", "1488"],
    ];
    for (const [orgnr, name, sni_code, size_class, municipality_code] of made)
        await create(admin, { orgnr, name, sni_code, size_class, municipality_code });
    const names = async (qs) => {
        const r = await reader.get(`/api/v1/employers?${qs}`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.total, r.body.items.length);
        for (const it of r.body.items) assert.ok(!("workplaces" in it), "list items leave out workplaces");
        return r.body.items.map((i) => i.name);
    };
    assert.deepEqual(await names(`q=${encodeURIComponent("å")}`), ["Åkeri Väst AB", "Åsa Byggtjänst ek. för."]);
    assert.deepEqual(await names(`q=${encodeURIComponent("ÅK")}`), ["Åkeri Väst AB"]);
    assert.deepEqual(await names(`q=${encodeURIComponent("ä")}`), ["Älvdalens Kommunala Bolag"]);
    assert.deepEqual(await names(`q=${encodeURIComponent("örn")}`), ["Örnens Restaurang HB"]);
    assert.deepEqual(await names("q=bolag"), []); // a prefix, not a substring
    assert.deepEqual(await names("q=556123-4567"), ["Åkeri Väst AB"]);
    assert.deepEqual(await names("sni=F"), ["Åsa Byggtjänst ek. för."]);
    assert.deepEqual(await names("sni=49"), ["Åkeri Väst AB"]);
    assert.deepEqual(await names(`municipality_code=1488&q=${encodeURIComponent("å")}`), ["Åkeri Väst AB", "Åsa Byggtjänst ek. för."]);
    assert.deepEqual(await names("size_class=500%2B"), ["Älvdalens Kommunala Bolag"]);

    let r = await reader.get("/api/v1/employers?limit=2&offset=1");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items.length, 2);
    assert.ok(r.body.total >= 6);
    assert.equal(r.body.limit, 2);
    assert.equal(r.body.offset, 1);

    r = await reader.get("/api/v1/employers?sni=04&size_class=x&municipality_code=0000&ssyk=99999&network_id=abc");
    assert.deepEqual(invalidNames(r).sort(), ["municipality_code", "network_id", "size_class", "sni", "ssyk"]);
});

test("sole traders: only through POST /employers/search; reads audited", async () => {
    const e = await create(contact, { orgnr: "19121212-1212", name: "Tolvans Måleri", sni_code: "43341" });
    assert.equal(e.sole_trader, true);
    assert.equal(e.orgnr, "1212121212");
    let r = await reader.get("/api/v1/employers?q=121212-1212");
    assert.deepEqual(invalidNames(r), ["q"]);
    const before = (await admin.auditEvents("employer", "read")).filter((a) => a.entity_id === e.id).length;
    r = await reader.post("/api/v1/employers/search", { orgnr: "121212-1212" });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((i) => i.id), [e.id]);
    r = await reader.get(`/api/v1/employers/${e.id}`);
    assert.equal(r.status, 200, r.text);
    const after = (await admin.auditEvents("employer", "read")).filter((a) => a.entity_id === e.id);
    assert.equal(after.length, before + 2);
    for (const a of after) assert.ok(!JSON.stringify(a).includes("1212121212"), "no personnummer in the audit log");
    r = await reader.post("/api/v1/employers/search?q=1212121212", { orgnr: "121212-1212" });
    assert.deepEqual(invalidNames(r), ["q"]);
    r = await reader.post("/api/v1/employers/search", {});
    assert.deepEqual(invalidNames(r), ["orgnr"]);
    r = await reader.post("/api/v1/employers/search", { orgnr: "5569999997" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 0);
});

test("contact persons: CRUD, every read and change audited", async () => {
    const e = await create(contact, { orgnr: "5565475489", name: "Personalbolaget AB" });
    let r = await contact.post(`/api/v1/employers/${e.id}/persons`, {
        name: "Karin Ek", role: "HR-chef", phone: "0520-123 45", email: "karin@example.se",
    });
    assert.equal(r.status, 201, r.text);
    const p = r.body;
    assert.deepEqual(Object.keys(p).sort(), ["email", "employer_id", "id", "name", "phone", "role"]);
    r = await contact.post(`/api/v1/employers/${e.id}/persons`, { email: "inte-en-adress" });
    assert.deepEqual(invalidNames(r).sort(), ["email", "name"]);

    r = await reader.get(`/api/v1/employers/${e.id}/persons`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items, [p]);
    assert.equal(r.body.total, 1);

    r = await worker.patch(`/api/v1/employers/${e.id}/persons/${p.id}`, { role: "VD" });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { ...p, role: "VD" });
    r = await worker.del(`/api/v1/employers/${e.id}/persons/${p.id}`);
    assert.equal(r.status, 204, r.text);
    r = await worker.del(`/api/v1/employers/${e.id}/persons/${p.id}`);
    assertProblem(r, 404);

    const events = async (action) => (await admin.auditEvents("employer_person", action)).filter((a) => a.entity_id === p.id);
    for (const action of ["create", "read", "update", "delete"])
        assert.equal((await events(action)).length, 1, `one ${action} event`);
    for (const a of await events("read")) assert.equal(a.username, "rut");
});

test("recruitment needs: create, list, change, validation; ssyk filter", async () => {
    const e = await create(worker, { orgnr: "5590123450", name: "Omsorgshuset AB", municipality_code: "1488" });
    let r = await worker.post(`/api/v1/employers/${e.id}/needs`, {
        ssyk_code: "5321", headcount: 3, period_start: "2026-12-01", period_end: "2027-05-31",
        requirements: { driving_licence: true, swedish_level: "basic" },
        open_to: { praktik: true, wage_subsidy: true },
        note: "Helst med erfarenhet",
    });
    assert.equal(r.status, 201, r.text);
    const n = r.body;
    assert.equal(n.employer_id, e.id);
    assert.equal(n.active, true);
    assert.deepEqual(n.requirements, {
        driving_licence: true, swedish_level: "basic", upper_secondary: false, vocational_certificate: null,
    });
    assert.deepEqual(n.open_to, { praktik: true, work_training: false, apl: false, wage_subsidy: true, mentorship: false });

    r = await worker.post(`/api/v1/employers/${e.id}/needs`, {
        ssyk_code: "53", headcount: 0, period_start: "2027-02-01", period_end: "2027-01-01",
        requirements: { swedish_level: "flytande" },
    });
    assert.deepEqual(invalidNames(r).sort(), ["headcount", "period_end", "requirements.swedish_level", "ssyk_code"]);
    r = await worker.post(`/api/v1/employers/${e.id}/needs`, { ssyk_code: "5321", headcount: 1, open_to: { apl: "ja" } });
    assert.deepEqual(invalidNames(r), ["apl"]);

    let list = await reader.get(`/api/v1/employers?ssyk=53`);
    assert.deepEqual(list.body.items.map((i) => i.id), [e.id]);

    r = await contact.patch(`/api/v1/employers/${e.id}/needs/${n.id}`, { headcount: 5, requirements: { upper_secondary: true } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.headcount, 5);
    assert.equal(r.body.requirements.upper_secondary, true);
    assert.equal(r.body.requirements.driving_licence, true); // unchanged
    r = await contact.patch(`/api/v1/employers/${e.id}/needs/${n.id}`, { active: false });
    assert.equal(r.status, 200, r.text);
    list = await reader.get(`/api/v1/employers?ssyk=5321`);
    assert.deepEqual(list.body.items, []);

    r = await reader.get(`/api/v1/employers/${e.id}/needs`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 1);
    assert.equal(r.body.items[0].active, false);
    r = await contact.patch(`/api/v1/employers/${e.id + 1000}/needs/${n.id}`, { headcount: 1 });
    assertProblem(r, 404);
    const ev = (await admin.auditEvents("recruitment_need", "update")).filter((a) => a.entity_id === n.id);
    assert.equal(ev.length, 2);
});
