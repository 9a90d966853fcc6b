// contract.mjs — every answer an API test receives is checked against
// OpenAPI document (src/api/spec/, assembled; issue 12): the operation is found by method and path
// template, the response by status (or "default"), the media type must be one
// the response lists, and a JSON body (application/json or
// application/problem+json) must validate against its schema with ajv. An
// undocumented route, method, status or media type fails like a wrong field.
//
// How the OpenAPI 3.0 schemas are read (a small conversion, not ajv's own
// `nullable`): `nullable: true` becomes "null or the rest of the schema"
// (anyOf), so a nullable reference to an enum (allOf [$ref SizeClass]) admits
// null as its author meant; allOf is merged into one schema; and an object
// schema that names its properties without saying `additionalProperties` is
// closed in the check — a field the document does not name fails, so a renamed
// or added field cannot drift unnoticed (write additionalProperties: true where
// an object is open by design). Formats: date and date-time by ajv-formats
// (RFC 3339 full-date and date-time with offset); binary and password are
// annotations.
//
// SAMSYN_CONTRACT_SEEN=FILE appends "operation status" for every answer
// checked (which operations and statuses the tests reach).
//
// Loaded from web/node_modules (ajv, ajv-formats are web/'s devDependencies).

import { appendFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(path.join(REPO, "web", "package.json"));
let Ajv, addFormats;
try {
    Ajv = require("ajv").default;
    addFormats = require("ajv-formats").default;
} catch (e) {
    throw new Error(`ajv is not installed in web/node_modules (run "npm ci" in web/): ${e.message}`);
}

// The document the build assembled from src/api/spec/ (cmake/openapi.cmake):
// ctest names it in SAMSYN_OPENAPI.
export const DOC_FILE = process.env.SAMSYN_OPENAPI;
if (!DOC_FILE) throw new Error("SAMSYN_OPENAPI is not set: the assembled OpenAPI document (ctest sets it; cmake -DSPEC=src/api/spec -DOUTPUT=… -P cmake/openapi.cmake makes one)");
const doc = JSON.parse(readFileSync(DOC_FILE, "utf8"));
const BASE = "/api/v1";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const JSON_TYPES = ["application/json", "application/problem+json"];

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv, ["date", "date-time"]);
ajv.addFormat("binary", true);
ajv.addFormat("password", true);
ajv.addKeyword("example");

const schemaRef = (ref) => {
    const m = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
    if (!m || !doc.components.schemas[m[1]]) throw new Error(`openapi.json: unresolvable $ref ${ref}`);
    return doc.components.schemas[m[1]];
};

/** An OpenAPI 3.0 schema as the JSON Schema ajv checks (see the file header). */
function convert(s, seen = []) {
    if (Array.isArray(s)) return s.map((x) => convert(x, seen));
    if (!s || typeof s !== "object") return s;
    if (s.$ref) {
        if (seen.includes(s.$ref)) throw new Error(`openapi.json: recursive $ref ${s.$ref} (not supported by the check)`);
        return convert(schemaRef(s.$ref), [...seen, s.$ref]);
    }
    let out = {};
    for (const [k, v] of Object.entries(s)) {
        if (k === "allOf") continue;
        if (k === "properties") out.properties = Object.fromEntries(Object.entries(v).map(([p, x]) => [p, convert(x, seen)]));
        else if (["items", "additionalProperties", "not"].includes(k)) out[k] = typeof v === "object" ? convert(v, seen) : v;
        else if (["oneOf", "anyOf"].includes(k)) out[k] = convert(v, seen);
        else out[k] = v;
    }
    for (const part of s.allOf ? convert(s.allOf, seen) : []) {
        for (const [k, v] of Object.entries(part)) {
            if (k === "properties") out.properties = { ...out.properties, ...v };
            else if (k === "required") out.required = [...new Set([...(out.required || []), ...v])];
            else if (k === "nullable" || k === "description") continue;
            else if (k === "additionalProperties" && v === false) continue; // closed below, as a whole
            else if (!(k in out)) out[k] = v;
        }
    }
    if (out.properties && !("additionalProperties" in out)) out.additionalProperties = false;
    if (out.nullable) {
        const { nullable, description, ...rest } = out;
        out = { anyOf: [{ type: "null" }, rest] };
        if (description) out.description = description;
    } else delete out.nullable;
    return out;
}

const compiled = new Map();
function validatorFor(key, schema) {
    if (!compiled.has(key)) compiled.set(key, ajv.compile(convert(schema)));
    return compiled.get(key);
}

const resolveResponse = (r) => {
    if (!r || !r.$ref) return r;
    const m = /^#\/components\/responses\/([^/]+)$/.exec(r.$ref);
    if (!m || !doc.components.responses[m[1]]) throw new Error(`openapi.json: unresolvable $ref ${r.$ref}`);
    return doc.components.responses[m[1]];
};

const templates = Object.keys(doc.paths).map((t) => ({ t, segs: t.split("/").slice(1) }));

/** The path templates of the document that match an /api/v1 path, most literal first. */
function matchTemplates(apiPath) {
    const segs = apiPath.split("/").slice(1);
    const out = [];
    for (const { t, segs: ts } of templates) {
        if (ts.length !== segs.length) continue;
        let literal = 0, ok = true;
        for (let i = 0; i < ts.length && ok; i++) {
            if (/^\{[^}]+\}$/.test(ts[i])) ok = segs[i] !== "";
            else if (ts[i] === segs[i]) literal++;
            else ok = false;
        }
        if (ok) out.push({ t, literal });
    }
    return out.sort((a, b) => b.literal - a.literal).map((x) => x.t);
}

const mediaType = (ct) => (ct || "").split(";")[0].trim().toLowerCase();

/**
 * The fault of an answer against the document, or null when it is as
 * documented. res: {status, contentType, text}; body: the parsed JSON body or
 * undefined; bytes: the body's length.
 */
export function contractFault(method, url, { status, contentType, text, bytes }) {
    const p = url.split("?")[0].split("#")[0];
    if (!p.startsWith("/api/") && p !== "/api") return null; // the web UI's files
    const m = method.toLowerCase();
    const rel = p.startsWith(BASE + "/") ? p.slice(BASE.length) : null;
    const cands = rel ? matchTemplates(rel) : [];
    const withMethod = cands.filter((t) => doc.paths[t][m] || (m === "head" && doc.paths[t].get));
    let where, response;
    if (withMethod.length) {
        const t = withMethod[0];
        const op = doc.paths[t][m] || doc.paths[t].get;
        where = `${method} ${BASE}${t} (${op.operationId})`;
        response = op.responses[String(status)] || op.responses[`${String(status)[0]}XX`] || op.responses.default;
        if (!response) return `${where}: status ${status} is not documented (documented: ${Object.keys(op.responses).join(", ")})`;
    } else if (cands.length) {
        // A path of the API asked with a method it does not have: the 405 its operations document.
        const item = doc.paths[cands[0]];
        where = `${method} ${BASE}${cands[0]} (no such operation)`;
        const ops = METHODS.filter((x) => item[x]).map((x) => item[x]);
        response = ops.map((op) => op.responses[String(status)]).find(Boolean);
        if (status !== 405 || !response) return `${where}: answered ${status}; the document has no ${method} here, so only a documented 405 fits`;
    } else {
        // No path of the document: only the router's 404 problem fits.
        where = `${method} ${p} (no such path)`;
        if (status !== 404) return `${where}: answered ${status}; a path the document does not have must be 404`;
        response = { content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
    }
    response = resolveResponse(response);
    if (process.env.SAMSYN_CONTRACT_SEEN) appendFileSync(process.env.SAMSYN_CONTRACT_SEEN, `${where} ${status}\n`);
    const content = response.content || {};
    const mt = mediaType(contentType);
    const empty = bytes === 0;
    if (method === "HEAD" || status === 304) return null;
    if (!Object.keys(content).length) return empty ? null : `${where} ${status}: a body (${mt || "no type"}) where the document has none`;
    if (empty && !Object.keys(content).some((k) => !JSON_TYPES.includes(k)))
        return `${where} ${status}: no body where the document has ${Object.keys(content).join(", ")}`;
    if (empty) return null;
    if (!content[mt]) return `${where} ${status}: media type ${mt || "(none)"} is not documented (documented: ${Object.keys(content).join(", ")})`;
    if (!JSON_TYPES.includes(mt) || !content[mt].schema) return null;
    let body;
    try {
        body = JSON.parse(text);
    } catch (e) {
        return `${where} ${status}: ${mt} that is not JSON (${e.message}): ${text.slice(0, 500)}`;
    }
    const validate = validatorFor(`${where} ${status} ${mt}`, content[mt].schema);
    if (validate(body)) return null;
    const errors = validate.errors.slice(0, 12).map((e) => `  ${e.instancePath || "/"} ${e.message}${e.params && e.params.additionalProperty ? `: ${e.params.additionalProperty}` : ""}`);
    return `${where} ${status}: the body does not match the document's schema:\n${errors.join("\n")}\nbody: ${text.slice(0, 1500)}`;
}

/** Every operation of the document: [{method, path, summary, operationId}], path with /api/v1. */
export function documentedOperations() {
    const out = [];
    for (const [t, item] of Object.entries(doc.paths))
        for (const m of METHODS.filter((x) => item[x]))
            out.push({ method: m.toUpperCase(), path: BASE + t, summary: item[m].summary, operationId: item[m].operationId });
    return out;
}
