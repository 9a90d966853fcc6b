// contract.test.mjs — the check of contract.mjs itself, on answers made up
// here (no server): a documented answer passes; a wrong field type, a field the
// document does not name, a missing required field, an undocumented status,
// route or media type each fail with the route, the status and the reason;
// nullable references and allOf read as the file header of contract.mjs says.

import { test } from "node:test";
import assert from "node:assert/strict";
import { contractFault } from "./contract.mjs";

const json = (status, body, type = "application/json") => {
    const text = body === undefined ? "" : JSON.stringify(body);
    return { status, contentType: type, text, bytes: Buffer.byteLength(text) };
};
const org = { id: 3, name: "AF Trollhättan", kind: "af", municipality_code: "1488" };

test("a documented answer passes", () => {
    assert.equal(contractFault("GET", "/api/v1/orgs/3", json(200, org)), null);
    assert.equal(contractFault("GET", "/api/v1/orgs?limit=5", json(200, { items: [org], total: 1, limit: 5, offset: 0 })), null);
    assert.equal(contractFault("DELETE", "/api/v1/session", json(204)), null);
    const problem = { type: "urn:samsyn:problem:not-found", title: "Finns inte", status: 404, detail: "Det finns ingen sådan resurs." };
    assert.equal(contractFault("GET", "/api/v1/finns-inte", json(404, problem, "application/problem+json")), null);
    assert.equal(contractFault("GET", "/assets/x.js", { status: 200, contentType: "text/javascript", text: "x", bytes: 1 }), null);
});

test("a drifting field fails with the route, the status and ajv's reason", () => {
    let f = contractFault("GET", "/api/v1/orgs/3", json(200, { ...org, id: "3" }));
    assert.match(f, /GET \/api\/v1\/orgs\/\{id\} \(getOrg\) 200/);
    assert.match(f, /\/id must be integer/);
    assert.match(f, /body: \{"id":"3"/);
    f = contractFault("GET", "/api/v1/orgs/3", json(200, { ...org, kommun: "1488" }));
    assert.match(f, /must NOT have additional properties: kommun/, "a field the document does not name");
    const { name, ...nameless } = org;
    assert.ok(name);
    assert.match(contractFault("GET", "/api/v1/orgs/3", json(200, nameless)), /must have required property 'name'/);
    assert.match(contractFault("GET", "/api/v1/orgs/3", json(200, { ...org, kind: "bank" })), /must be equal to one of the allowed values/);
});

test("an undocumented status, route, method or media type fails", () => {
    assert.match(contractFault("GET", "/api/v1/orgs/3", json(418, {})), /status 418 is not documented/);
    assert.match(contractFault("GET", "/api/v1/finns-inte", json(200, {})), /no such path.*must be 404/);
    assert.match(contractFault("PUT", "/api/v1/orgs", json(200, {})), /no PUT here/);
    assert.match(contractFault("GET", "/api/v1/orgs/3", { status: 200, contentType: "text/html", text: "<p>", bytes: 3 }), /media type text\/html is not documented/);
    assert.match(contractFault("GET", "/api/v1/orgs/3", json(200)), /no body where the document has/);
    assert.match(contractFault("DELETE", "/api/v1/session", json(204, {})), /a body .* where the document has none/);
});

test("nullable and allOf: a nullable reference admits null, an allOf is one closed object", () => {
    const employer = (size_class) => ({
        id: 1, orgnr: "5560000001", name: "Verkstad AB", sni_code: null, sni_section: null, size_class,
        municipality_code: null, address: null, postal_code: null, city: null, website: null,
        main_contact_user_id: null, created_at: "2026-01-01T08:00:00Z", updated_at: "2026-01-01T08:00:00Z",
    });
    const check = (e) => (contractFault("GET", "/api/v1/employers/1", json(200, e)) || "").split("\nbody:")[0];
    const fault = check(employer("1-4"));
    // This test does not pin the employer's every field: only that size_class null passes like a value.
    assert.equal(check(employer(null)), fault);
    assert.match(check(employer("7-8")), /size_class/);
    const user = { id: 2, username: "dag", name: "Dag", email: null, org_id: 1, roles: ["reader"], active: true, must_change_password: true };
    assert.equal(contractFault("POST", "/api/v1/users", json(201, { ...user, one_time_password: "abcd-efgh-ijkl-mnop" })), null);
    assert.match(contractFault("POST", "/api/v1/users", json(201, { ...user, secret: 1 })) || "", /additional properties: secret/);
});
