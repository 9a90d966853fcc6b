// swedish.test.mjs — every field reason the API gives is a Swedish sentence, never
// a rule's name: every JSON POST, PATCH and PUT of the OpenAPI document is sent
// bodies built from its own request schema — every text far too long, every
// field of the wrong type, nothing at all — and each invalid_parameters reason
// must start with a capital, end with a full stop and name no rule
// (MAXLENGTH) or speak English. A new route or field is swept
// without a new test. And the UI's municipality names are the server's.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DOC_FILE } from "./contract.mjs";
import { GOOD_PASSWORD, personnummerAged, startSamsyn, swedishDate } from "./lib.mjs";

const doc = JSON.parse(readFileSync(DOC_FILE, "utf8"));
let s, admin, kaa;
/** Who asks a route: the KAA register answers only its municipality's KAA staff (docs/kaa.md). */
const asker = (url) => (url.startsWith("/api/v1/kaa/") || url.startsWith("/api/v1/reports/kaa") ? kaa : admin);

before(async () => {
    s = await startSamsyn({
        gen: { participants: 20, seed: 5 },
        employers: "orgnr,name,sni_code,size_class,municipality_code\n5560000001,Svenska Prov AB,25620,5-9,1488\n",
    });
    admin = await s.login("admin", GOOD_PASSWORD);
    // Rows behind the ids of nested routes (id 1 of each).
    await admin.post("/api/v1/employers/1/persons", { name: "Kim Kontakt" });
    await admin.post("/api/v1/employers/1/needs", { kind: "recruitment", title: "Svetsare" });
    await admin.post("/api/v1/interventions/1/attendees", { first_name: "Alva", last_name: "Deltar", sex: "female", date: "2024-01-10" });
    // A municipality's KAA staff member, with young person 1 and her measure 1.
    const kommun = await admin.post("/api/v1/orgs", { name: "Svenska kommunen", kind: "kommun", municipality_code: "1488" });
    const u = s.addUser({ username: "kaa", orgId: kommun.body.id, roles: ["case_worker"] });
    await admin.patch(`/api/v1/users/${u.id}`, { kaa_staff: true });
    kaa = await s.login("kaa", GOOD_PASSWORD);
    const y = await kaa.post("/api/v1/kaa/youths", { personnummer: personnummerAged(17), first_name: "Sara", last_name: "Svensk",
        school_status: "other", source: "other", identified_date: swedishDate() });
    await kaa.post(`/api/v1/kaa/youths/${y.body.id}/measures`, { kind: "guidance", offered_date: swedishDate() });
});

after(() => s?.close());

function resolve(schema) {
    while (schema && schema.$ref) schema = schema.$ref.split("/").slice(1).reduce((o, k) => o[k], doc);
    if (schema?.allOf) return schema.allOf.map(resolve).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {});
    if (schema?.oneOf || schema?.anyOf) {
        const all = (schema.oneOf ?? schema.anyOf).map(resolve);
        return { type: "object", properties: Object.assign({}, ...all.map((x) => x.properties ?? {})) };
    }
    return schema ?? {};
}

const TOO_LONG = "Å".repeat(5000);
function tooLong(schema) {
    const t = resolve(schema);
    const type = Array.isArray(t.type) ? t.type.find((x) => x !== "null") : t.type;
    if (type === "string") return TOO_LONG;
    if (type === "array") return [tooLong(t.items)];
    if (type === "object") return Object.fromEntries(Object.entries(t.properties ?? {}).map(([k, v]) => [k, tooLong(v)]));
    if (type === "integer" || type === "number") return 2 ** 53;
    return undefined;
}
function wrongType(schema) {
    const t = resolve(schema);
    const type = Array.isArray(t.type) ? t.type.find((x) => x !== "null") : t.type;
    if (type === "string") return 12345;
    if (type === "integer" || type === "number") return "tolv";
    if (type === "boolean") return "ja";
    if (type === "array") return "en lista";
    if (type === "object") return 5;
    return undefined;
}
/** The bodies for a schema: all too long, all the wrong type, each field alone of the wrong type, empty. */
function bodies(schema) {
    const t = resolve(schema);
    const props = Object.entries(t.properties ?? {});
    const out = [tooLong(t), Object.fromEntries(props.map(([k, v]) => [k, wrongType(v)])), {}];
    for (const [k, v] of props) {
        out.push({ [k]: wrongType(v) });
        const items = resolve(v).items;
        if (items) out.push({ [k]: [wrongType(items)] }); // a list of the wrong things
    }
    return out;
}

// A rule's name: a word in capitals (MAXLENGTH; not a format picture such as
// ÅÅÅÅ-MM-DD or NNNNNN-NNNN, nor the code list SSYK), or an English word of the
// kind a validator says. The API's own code values (female, case_worker) may be
// named: they are what a client has to send.
const RULE_NAME = /(?<![A-ZÅÄÖ])(?![MDNYÅ]+\b)(?!SSYK\b)[A-Z]{4,}\b/;
const ENGLISH = /\b(must|should|invalid|required|expected|string|integer|number|boolean|array|object|maxlength|minlength|pattern|format)\b/i;
/** A Swedish sentence: a capital first, a full stop last, no rule's name, no
 * English; the words in names (a parameter's own name and code values, as
 * "Välj format json, csv eller xlsx.") are what a client sends, not English. */
function swedish(text, names = []) {
    if (typeof text !== "string") return false;
    const words = names.reduce((t, n) => t.split(n).join("…"), text);
    return /^[A-ZÅÄÖ].*[.]$/s.test(text) && !RULE_NAME.test(words) && !ENGLISH.test(words);
}

test("every invalid_parameters reason of every JSON write route is a Swedish sentence", async () => {
    const reasons = new Map(); // reason → where it was seen
    let operations = 0;
    for (const [p, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
            const schema = op.requestBody?.content?.["application/json"]?.schema;
            if (!["post", "patch", "put"].includes(method) || !schema) continue;
            if (p.startsWith("/session")) continue; // logging in or out would end the sweep's session
            operations++;
            const url = "/api/v1" + p.replace(/\{[a-z_]+\}/g, (m) => (m === "{name}" ? "outcome" : m === "{code}" ? "A" : "1"));
            for (const json of bodies(schema)) {
                const res = await asker(url).req(method.toUpperCase(), url, { json });
                assert.ok(res.status < 500, `${method} ${url}: ${res.status} ${res.text.slice(0, 300)}`);
                for (const ip of res.body?.invalid_parameters ?? [])
                    if (!reasons.has(ip.reason)) reasons.set(ip.reason, `${method.toUpperCase()} ${url} ${ip.name}`);
            }
        }
    }
    assert.ok(operations >= 25, `${operations} operations swept`);
    assert.ok(reasons.size >= 40, `only ${reasons.size} distinct reasons seen`);
    const bad = [...reasons].filter(([r]) => !swedish(r));
    assert.deepEqual(bad.map(([r, where]) => `${where}: ${r}`), []);
});

/** Values a query parameter's schema refuses, each with why. */
function badQueryValues(schema) {
    const t = resolve(schema);
    const out = [];
    if (t.type === "integer") {
        out.push(["not a number", "tolv"], ["a fraction", "1.5"], ["far too large", "99999999999999999999"]);
        if (t.minimum !== undefined) out.push(["below the minimum", String(t.minimum - 1)]);
        if (t.maximum !== undefined) out.push(["above the maximum", String(t.maximum + 1)]);
    } else if (t.type === "boolean") out.push(["not a yes or no", "kanske"]);
    else if (t.enum) out.push(["not one of the values", "okänt"]);
    else if (t.format === "date") out.push(["no such day", "2024-13-45"], ["not a date", "igår"]);
    else if (t.pattern) out.push(["not of the pattern", "vecka 48"]);
    else if (t.maxLength) out.push(["too long", "Å".repeat(t.maxLength + 1)]);
    return out;
}

/** The GET routes with query parameters: [path to call, [parameter schema …]]. */
function queryRoutes() {
    const routes = [];
    for (const [p, ops] of Object.entries(doc.paths)) {
        if (!ops.get) continue;
        const params = [...(ops.parameters ?? []), ...(ops.get.parameters ?? [])].map(resolve).filter((x) => x.in === "query");
        if (params.length > 0) routes.push(["/api/v1" + p.replace(/\{[a-z_]+\}/g, "1"), params]);
    }
    return routes;
}

test("every query parameter's refusal is problem+json in Swedish that names the parameter", async () => {
    const bad = [];
    let sent = 0;
    for (const [url, params] of queryRoutes()) {
        for (const param of params) {
            for (const [why, value] of badQueryValues(param.schema)) {
                sent++;
                const where = `GET ${url}?${param.name}= ${why}`;
                const res = await asker(url).req("GET", `${url}?${param.name}=${encodeURIComponent(value)}`);
                if (![400, 422].includes(res.status)) {
                    bad.push(`${where}: ${res.status} ${res.text.slice(0, 120)}`);
                    continue;
                }
                if (!res.contentType.startsWith("application/problem+json")) bad.push(`${where}: ${res.contentType}`);
                const body = res.body ?? {};
                const names = [param.name, ...(resolve(param.schema).enum ?? [])];
                for (const text of [body.detail, ...(body.invalid_parameters ?? []).map((ip) => ip.reason)])
                    if (!swedish(text, names)) bad.push(`${where}: ${JSON.stringify(text)}`);
                if (!(body.invalid_parameters ?? []).some((ip) => ip.name === param.name))
                    bad.push(`${where}: names ${JSON.stringify((body.invalid_parameters ?? []).map((ip) => ip.name))}`);
            }
        }
    }
    assert.ok(sent >= 100, `${sent} values sent`);
    assert.deepEqual(bad, []);
});

// A query parameter the API does not know is ignored, on every route alike (as a
// browser's or a proxy's cache-busting parameter must be): the answer is the one
// without it.
test("an unknown query parameter is ignored on every GET route", async () => {
    const differ = [];
    for (const [url] of queryRoutes()) {
        const plain = await asker(url).req("GET", url);
        const extra = await asker(url).req("GET", `${url}?okand=1`);
        if (extra.status !== plain.status) differ.push(`${url}: ${plain.status} → ${extra.status} ${extra.text.slice(0, 120)}`);
    }
    assert.deepEqual(differ, []);
});
