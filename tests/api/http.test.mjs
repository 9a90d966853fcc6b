// http.test.mjs — the HTTP layer: health and the OpenAPI document without
// login (and that the document and the route table of src/api/app.c name the
// same operations both ways, with the same summaries, that every operation
// has its own operationId and documents the statuses app.c's front matter
// answers), the
// problem+json shape, unknown routes (404), wrong methods (405), malformed and
// non-object JSON (400), wrong JSON types (422), paging parameters (422), the
// body limit (413), a body in many pieces read whole, security headers on
// API, static and error answers, static files (MIME types, caching, SPA
// fallback), --secure-cookies, and what the server logs: no query strings,
// passwords or personnummer, no forged lines;
// and `samsyn serve` refuses a database file that does not exist.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import {
    GOOD_PASSWORD,
    Samsyn,
    assertProblem,
    assertSecurityHeaders,
    invalidNames,
    rawRequest,
    runCli,
    sourceRoutes,
} from "./lib.mjs";
import { DOC_FILE, documentedOperations } from "./contract.mjs";

const PNR = "19121212-1212"; // Skatteverket's test personnummer
let s, small; // small: --body-limit 1024 --upload-limit 4096 --secure-cookies
let admin;

before(async () => {
    s = new Samsyn();
    s.setAdminPassword();
    writeFileSync(path.join(s.webRoot, ".hemlig"), "dot files are not served\n");
    small = new Samsyn();
    await Promise.all([s.start(), small.start(["--body-limit", "1024", "--upload-limit", "4096", "--secure-cookies"])]);
    admin = await s.login("admin", GOOD_PASSWORD);
});

after(async () => {
    for (const x of [s, small]) await x?.close();
});

const anon = () => s.client();
const apiHeaders = (r, what) => {
    assertSecurityHeaders(r, what);
    assert.equal(r.headers.get("cache-control"), "no-store", `Cache-Control of ${what}`);
};

test("GET /api/v1/health needs no login", async () => {
    const r = await anon().get("/api/v1/health");
    assert.equal(r.status, 200, r.text);
    assert.match(r.contentType, /^application\/json/);
    assert.equal(r.body.status, "ok");
    assert.equal(r.body.db, "ok");
    assert.equal(r.body.reads, "ok", "the read log answers too");
    assert.match(r.body.version, /^\d+\.\d+\.\d+/);
    apiHeaders(r, "health");
});

test("GET /api/v1/openapi.json needs no login and documents every route of app.c", async () => {
    const r = await anon().get("/api/v1/openapi.json");
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^application\/json/);
    apiHeaders(r, "openapi.json");
    const doc = JSON.parse(r.text);
    assert.match(String(doc.openapi), /^3\./, "an OpenAPI 3 document");
    assert.ok(doc.info && doc.info.title && doc.info.version, "info.title and info.version");
    const paths = doc.paths || {};
    // Paths may be written in full or relative to a server URL ending in /api/v1.
    const base = (doc.servers || []).map((x) => new URL(x.url, "http://h").pathname.replace(/\/$/, ""));
    const lookup = (p) => {
        if (paths[p]) return paths[p];
        for (const b of base) if (b && p.startsWith(b) && paths[p.slice(b.length)]) return paths[p.slice(b.length)];
        return null;
    };
    const missing = [];
    for (const { method, path: p } of sourceRoutes()) {
        const item = lookup(p);
        if (!item || !item[method.toLowerCase()]) missing.push(`${method} ${p}`);
    }
    assert.deepEqual(missing, [], `routes missing from openapi.json: ${missing.join(", ")}`);

    // Every operation has an operationId, each its own; every route's summary
    // is the one of app.c's route table (app.c is the source).
    const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    const noId = [];
    const idCount = new Map();
    for (const [p, item] of Object.entries(paths))
        for (const m of METHODS.filter((x) => item[x])) {
            const id = item[m].operationId;
            if (typeof id !== "string" || !/^[a-z][A-Za-z0-9]*$/.test(id)) noId.push(`${m.toUpperCase()} ${p}: ${id}`);
            else idCount.set(id, (idCount.get(id) || 0) + 1);
        }
    assert.deepEqual(noId, [], `operations without a camelCase operationId: ${noId.join(", ")}`);
    const dup = [...idCount].filter(([, n]) => n > 1).map(([id]) => id);
    assert.deepEqual(dup, [], `operationIds used twice: ${dup.join(", ")}`);
    const differ = [];
    for (const { method, path: p, summary } of sourceRoutes()) {
        assert.equal(typeof summary, "string", `no summary for ${method} ${p} in app.c's route table`);
        const op = lookup(p)[method.toLowerCase()];
        if (op.summary !== summary) differ.push(`${method} ${p}: app.c "${summary}", openapi.json "${op.summary}"`);
    }
    assert.deepEqual(differ, [], `summaries that differ from app.c:\n${differ.join("\n")}`);

    // And the other way: every documented operation is a route of app.c.
    const table = new Set(sourceRoutes().map((x) => `${x.method} ${x.path}`));
    const extra = documentedOperations().filter((o) => !table.has(`${o.method} ${o.path}`));
    assert.deepEqual(extra.map((o) => `${o.method} ${o.path}`), [], "operations of openapi.json that app.c does not route");
});

test("every operation documents the answers app.c gives before its handler runs", () => {
    // app.c's api_handle: 405 for a method the path lacks; 503 when the
    // database cannot be reached (and busy); 401/403 (login, CSRF,
    // must-change-password) and 500 (api_fail) on every non-public route;
    // 413 (server.c's body limit) and 415 (not JSON) on every state-changing
    // one; 403 cross-site on the API_SAME_SITE ones; 429 on the rate-limited
    // public pages' routes (API_PUBLIC_PAGE).
    const doc = JSON.parse(readFileSync(DOC_FILE, "utf8"));
    const missing = [];
    for (const r of sourceRoutes()) {
        const op = doc.paths[r.path.slice("/api/v1".length)]?.[r.method.toLowerCase()];
        if (!op) continue; // reported by the test above
        const want = ["405", "503"];
        if (!r.public) want.push("401", "403", "500");
        if (r.method !== "GET") want.push("413", "415");
        if (r.flags.includes("API_SAME_SITE")) want.push("403");
        if (r.rateLimited) want.push("429");
        for (const status of want) if (!op.responses[status]) missing.push(`${r.method} ${r.path}: ${status}`);
    }
    assert.deepEqual(missing, [], "statuses the route can answer that openapi.json does not document");
});

test("errors are application/problem+json with type, title, status, detail", async () => {
    const checks = [
        [await anon().get("/api/v1/finns-inte"), 404, "not-found"],
        [await anon().get("/api/v1/orgs"), 401, "unauthorized"],
        [await admin.get("/api/v1/orgs/424242"), 404, "not-found"],
        [await admin.post("/api/v1/orgs", { kind: "x" }), 422, "validation"],
        [await admin.req("PUT", "/api/v1/orgs"), 405, "method-not-allowed"],
    ];
    for (const [r, status, type] of checks) {
        const p = assertProblem(r, status, type);
        assert.match(p.type, /^[a-z][a-z0-9+.-]*:/, `type is a URI: ${p.type}`);
        apiHeaders(r, `${status} problem`);
    }
});

test("unknown API routes: 404 problem", async () => {
    for (const p of ["/api/v1/finns-inte", "/api", "/api/", "/api/v2/orgs", "/api/v1/orgs/1/extra", "/api/v1/orgs/", "/api/v1"])
        assertProblem(await admin.get(p), 404, "not-found");
});

test("wrong method: 405 problem with an Allow header", async () => {
    const cases = [
        ["PUT", "/api/v1/orgs", ["GET", "POST"]],
        ["DELETE", "/api/v1/orgs/1", ["GET", "PATCH"]],
        ["PATCH", "/api/v1/session", ["DELETE", "GET", "POST"]],
        ["GET", "/api/v1/session/password", ["POST"]],
        ["POST", "/api/v1/health", ["GET"]],
    ];
    for (const [method, p, allow] of cases) {
        const r = await admin.req(method, p, method === "GET" ? {} : { json: {} });
        assertProblem(r, 405, "method-not-allowed");
        const got = (r.headers.get("allow") || "").split(",").map((m) => m.trim()).filter(Boolean).sort();
        assert.deepEqual(got.filter((m) => m !== "HEAD"), allow, `Allow of ${method} ${p}`);
    }
    const r = await anon().req("POST", "/index.html", { body: "x" });
    assertProblem(r, 405, "method-not-allowed");
    assert.ok(r.headers.get("allow"), "Allow on a static 405");
    assertSecurityHeaders(r, "static 405");
});

test("malformed or non-object JSON: 400; wrong JSON types: 422", async () => {
    const send = (body, type = "application/json") => admin.req("POST", "/api/v1/orgs", { body, headers: { "Content-Type": type } });
    for (const body of ['{"name": "x",', "nej", "", "[]", '["name"]', '"text"', "42", "null", '{"name":"a","name":"b"}', "{\"name\":\"\\u00\"}"]) {
        const p = assertProblem(await send(body), 400, "malformed");
        assert.ok(p.detail.length > 0);
    }
    // NUL in a string, invalid UTF-8, nesting past the parser's depth limit.
    assertProblem(await send('{"name": "a\\u0000b", "kind": "other"}'), 400, "malformed");
    assertProblem(await send(new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), 400, "malformed");
    assertProblem(await send("[".repeat(100_000)), 400, "malformed");
    assertProblem(await send(`{"name": "x", "kind": "other", "org": ${"[".repeat(5000)}${"]".repeat(5000)}}`), 400, "malformed");
    assert.deepEqual(invalidNames(await send('{"name": 42, "kind": "other"}')), ["name"]);
    assert.deepEqual(invalidNames(await send('{"name": "Typ AB", "kind": true}')), ["kind"]);
    assert.deepEqual(invalidNames(await send('{"name": {"a": 1}, "kind": "other"}')), ["name"]);
    // The login endpoint answers 400 for bodies it cannot read.
    assertProblem(await anon().req("POST", "/api/v1/session", { body: "[1]", headers: { "Content-Type": "application/json" } }), 400, "malformed");
    assertProblem(await anon().req("POST", "/api/v1/session", { body: "{", headers: { "Content-Type": "application/json" } }), 400, "malformed");
    // Nothing was made.
    assert.equal((await admin.get("/api/v1/orgs")).body.total, 1);
});

test("paging parameters: limit 1..500 and offset ≥ 0, else 422", async () => {
    for (const q of ["limit=0", "limit=501", "limit=-1", "limit=abc", "limit=", "limit=1.5"])
        assert.deepEqual(invalidNames(await admin.get(`/api/v1/orgs?${q}`)), ["limit"], q);
    for (const q of ["offset=-1", "offset=x"]) assert.deepEqual(invalidNames(await admin.get(`/api/v1/orgs?${q}`)), ["offset"], q);
    assert.deepEqual(invalidNames(await admin.get(`/api/v1/orgs?q=${"a".repeat(201)}`)), ["q"]);
    assert.deepEqual(invalidNames(await admin.get("/api/v1/users?limit=501")), ["limit"]);
    for (const q of ["limit=1", "limit=500", "offset=0", "offset=1000000"]) {
        const r = await admin.get(`/api/v1/orgs?${q}`);
        assert.equal(r.status, 200, `${q}: ${r.text}`);
    }
});

test("body limit (--body-limit 1024): larger bodies get 413", async () => {
    const big = JSON.stringify({ username: "admin", password: "p".repeat(2000) });
    assert.ok(big.length > 2000);
    // With Content-Length: refused before the body is read.
    let r = await small.client().req("POST", "/api/v1/session", { body: big, headers: { "Content-Type": "application/json" } });
    assertProblem(r, 413, "too-large");
    apiHeaders(r, "413");
    // Chunked, without Content-Length: refused once the body passes the limit.
    const u = new URL(small.url + "/api/v1/session");
    r = await rawRequest(u.href, { method: "POST", headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" }, body: big });
    assertProblem(r, 413, "too-large");
    // At the limit it is read and handled (401: no such user).
    const fits = JSON.stringify({ username: "nobody", password: "p".repeat(900) });
    assert.ok(fits.length <= 1024);
    r = await small.client().req("POST", "/api/v1/session", { body: fits, headers: { "Content-Type": "application/json" } });
    assertProblem(r, 401, "unauthorized");
    // Chunked at the limit too.
    r = await rawRequest(u.href, { method: "POST", headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" }, body: fits.padEnd(1024) });
    assertProblem(r, 401, "unauthorized");
    // The server still answers after the refused bodies.
    assert.equal((await small.client().get("/api/v1/health")).status, 200);
});

test("a body that arrives in many pieces is read whole", async () => {
    // 300 kB of JSON, chunked: the library hands it over a buffer at a time.
    const body = `{"username": "nobody",${" ".repeat(300_000)}"password": "x"}`;
    const r = await rawRequest(s.url + "/api/v1/session", { method: "POST", headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" }, body });
    assertProblem(r, 401, "unauthorized");
});

test("text/csv bodies of a logged-in user to an import have their own limit (--upload-limit 4096)", async () => {
    const rows = (n) => "orgnr,name,sni_code,size_class,municipality_code\n" + "5560360793,Volvo,29101,0,1488\n".repeat(n);
    const fits = rows(90); // about 2.8 kB: over --body-limit, under --upload-limit
    const big = rows(200);
    assert.ok(fits.length > 1024 && fits.length <= 4096 && big.length > 4096);
    const post = (client, body, headers = {}, url = "/api/v1/employers/import") =>
        client.req("POST", url, { body, headers: { "Content-Type": "text/csv", ...headers } });
    // Not logged in: the ordinary limit, refused before the body is read.
    assertProblem(await post(small.client(), fits), 413, "too-large");
    // Logged in: read in full (to a temp file) and handled: 89 duplicates.
    small.addUser({ username: "kim", roles: ["kansli"] });
    const kim = await small.login("kim", GOOD_PASSWORD);
    const r = await post(kim, fits);
    assert.equal(assertProblem(r, 422, "validation").bad_lines, 89);
    assertProblem(await post(kim, big), 413, "too-large");
    // Chunked: refused once the spooled body passes the limit.
    const u = new URL(small.url + "/api/v1/employers/import");
    const cookie = { Cookie: `samsyn_session=${kim.cookie}`, "X-CSRF-Token": kim.csrf };
    let c = await rawRequest(u.href, { method: "POST", headers: { "Content-Type": "text/csv", "Transfer-Encoding": "chunked", ...cookie }, body: big });
    assertProblem(c, 413, "too-large");
    // Without the CSRF token, or to a route that takes no upload, or as
    // another type: the ordinary limit.
    c = await rawRequest(u.href, { method: "POST", headers: { "Content-Type": "text/csv", Cookie: cookie.Cookie }, body: fits });
    assertProblem(c, 413, "too-large");
    assertProblem(await post(kim, fits, {}, "/api/v1/employers"), 413, "too-large");
    assertProblem(await post(kim, fits, { "Content-Type": "application/json" }), 413, "too-large");
    assert.equal((await small.client().get("/api/v1/health")).status, 200);
});

test("--secure-cookies marks the session cookie Secure", async () => {
    const c = small.client();
    const r = await c.login("admin", small.oneTimePassword);
    assert.equal(r.status, 200, r.text);
    const attrs = r.headers.getSetCookie()[0].split(";").map((p) => p.trim().toLowerCase());
    for (const a of ["secure", "httponly", "samesite=strict", "path=/"]) assert.ok(attrs.includes(a), `${a} in ${attrs}`);
    const out = await c.del("/api/v1/session");
    assert.equal(out.status, 204);
    assert.match(out.headers.getSetCookie()[0], /; Secure/i, "the clearing cookie is Secure too");
});

test("static files: MIME types, caching, SPA fallback, 404 for missing files", async () => {
    const c = anon();
    let r = await c.get("/");
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^text\/html; charset=utf-8/);
    assert.match(r.text, /index-marker/);
    assert.equal(r.headers.get("cache-control"), "no-cache");
    assertSecurityHeaders(r, "index.html");
    const index = r.text;

    r = await c.get("/index.html");
    assert.equal(r.status, 200);
    assert.equal(r.text, index);
    assert.equal(r.headers.get("cache-control"), "no-cache");

    r = await c.get("/assets/x.js");
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^text\/javascript/);
    assert.match(r.text, /x-js-marker/);
    assert.match(r.headers.get("cache-control"), /immutable/);
    assert.match(r.headers.get("cache-control"), /max-age=31536000/);
    assertSecurityHeaders(r, "asset");

    r = await c.get("/assets/x.css");
    assert.match(r.contentType, /^text\/css/);
    r = await c.get("/robots.txt");
    assert.match(r.contentType, /^text\/plain/);
    assert.equal(r.headers.get("cache-control"), "no-cache");

    for (const p of ["/administration/anvandare", "/administration/anvandare/12", "/logga-in", "/api-docs"]) {
        r = await c.get(p);
        assert.equal(r.status, 200, p);
        assert.equal(r.text, index, `${p} falls back to index.html`);
        assert.equal(r.headers.get("cache-control"), "no-cache");
    }

    for (const p of ["/missing.js", "/assets/missing.js", "/.hemlig", "/favicon.ico"]) {
        r = await c.get(p);
        assert.equal(r.status, 404, p);
        assertSecurityHeaders(r, `404 ${p}`);
    }
    // The database next to the web root is not reachable.
    for (const p of ["/../t.db", "/%2e%2e/t.db", "/assets/../../t.db"]) {
        r = await rawRequest(s.url + p);
        assert.equal(r.status, 404, p);
        assert.ok(!r.text.includes("SQLite"), p);
    }

    r = await rawRequest(s.url + "/assets/x.js", { method: "HEAD" });
    assert.equal(r.status, 200);
    assert.equal(r.text, "");
    assert.match(r.headers.get("content-type"), /^text\/javascript/);
});

test("security headers: CSP without inline scripts, nosniff, Referrer-Policy", async () => {
    const answers = [
        await admin.get("/api/v1/orgs"),
        await anon().get("/api/v1/session"),
        await anon().get("/"),
        await anon().get("/assets/x.js"),
        await anon().get("/missing.js"),
        await admin.post("/api/v1/orgs", { name: "Headerkontroll AB", kind: "other" }),
    ];
    for (const r of answers) assertSecurityHeaders(r, `(status ${r.status})`);
    const csp = answers[0].headers.get("content-security-policy");
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /object-src 'none'/);
    assert.ok(answers[5].status === 201, answers[5].text);
    for (const r of [answers[0], answers[1], answers[5]]) assert.equal(r.headers.get("cache-control"), "no-store");
});

/** Sends bytes over a raw socket, reads until the server closes: {status, headers, text, body, contentType}. */
function rawExchange(url, data) {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
        const sock = net.connect(Number(u.port), u.hostname);
        const chunks = [];
        const timer = setTimeout(() => sock.destroy(new Error("no answer within 10 s")), 10_000);
        sock.on("data", (d) => chunks.push(d));
        sock.on("error", (e) => (clearTimeout(timer), reject(e)));
        sock.on("close", () => {
            clearTimeout(timer);
            const raw = Buffer.concat(chunks).toString("utf8");
            const end = raw.indexOf("\r\n\r\n");
            const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
            if (!m || end < 0) return reject(new Error(`not an HTTP answer: ${JSON.stringify(raw.slice(0, 300))}`));
            const headers = new Headers();
            for (const line of raw.slice(0, end).split("\r\n").slice(1)) {
                const i = line.indexOf(":");
                headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
            }
            const text = raw.slice(end + 4);
            let body;
            try {
                body = JSON.parse(text);
            } catch {
                body = undefined;
            }
            resolve({ status: Number(m[1]), headers, text, body, contentType: headers.get("content-type") || "" });
        });
        sock.on("connect", () => sock.end(data)); // half-close: the server answers, then closes
    });
}

test("answers libmicrohttpd makes itself (414, 431, 505, 400, 413) are problem+json with the security headers", async () => {
    const cases = [
        ["URI too long", `GET /${"a".repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
        ["one header too large", `GET / HTTP/1.1\r\nHost: x\r\nX-Stor: ${"a".repeat(40_000)}\r\n\r\n`, 431],
        ["too many headers", `GET / HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 3000 }, (_, i) => `X-H${i}: v\r\n`).join("")}\r\n`, 431],
        ["HTTP/2.0", "GET /api/v1/health HTTP/2.0\r\nHost: x\r\n\r\n", 505],
        ["no HTTP version", "GET /api/v1/health FOO\r\nHost: x\r\n\r\n", 400],
        ["chunk size too large", `POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${"f".repeat(40_000)}\r\n`, 413],
    ];
    for (const [what, data, status] of cases) {
        const r = await rawExchange(s.url, data);
        const p = assertProblem(r, status);
        assert.ok(!r.text.includes("<html>"), `${what}: the library's own page: ${r.text.slice(0, 200)}`);
        assert.ok(p.detail.length > 0 && p.title.length > 0, what);
        apiHeaders(r, what);
        assert.equal(r.headers.get("x-frame-options"), "DENY", what);
    }
    // The server goes on answering.
    assert.equal((await anon().get("/api/v1/health")).status, 200);
});

test("logs: a request path cannot forge log lines or fields", async () => {
    const forged = 'ts=2001-01-01T00:00:00Z level=info event=request method=GET path="/forged" status=200 user=1';
    const r = await rawRequest(`${s.url}/x%0A${encodeURIComponent(forged)}%0D%5C.js`);
    assert.equal(r.status, 404);
    await s.waitForLog(/path="\/x%0Ats=2001/);
    for (const line of s.log.split("\n")) {
        assert.ok(!line.startsWith("ts=2001"), `forged log line: ${line}`);
        assert.ok(!line.includes('path="/forged"'), `forged log field: ${line}`);
    }
});

test("logs: no query strings, no passwords, no personnummer", async () => {
    const c = s.client({ localAddress: "127.0.30.1" });
    await c.login(PNR.replace("-", ""), "Mitt-hemliga-lösenord-1");
    await c.login(PNR, "Mitt-hemliga-lösenord-2");
    await admin.get(`/api/v1/orgs?q=${encodeURIComponent(PNR)}&limit=5`);
    await admin.get(`/api/v1/audit?action=${PNR}`); // refused, and the refusal names the value
    await admin.post("/api/v1/orgs", { name: `Org ${PNR}`, kind: "other" });
    await s.waitForLog(/method=GET path="\/api\/v1\/audit" status=422/);
    await s.waitForLog(/method=POST path="\/api\/v1\/orgs" status=201/);
    const lines = s.accessLines();
    assert.ok(lines.length > 10, `too few access log lines:\n${s.log}`);
    for (const l of lines) {
        assert.match(l, /method=[A-Z]+ path="[^"?]*" status=\d{3} /, `access line format: ${l}`);
        assert.ok(!l.includes("?"), `query string in the access log: ${l}`);
    }
    for (const secret of [PNR, PNR.replace("-", ""), "121212", "Mitt-hemliga", GOOD_PASSWORD, "limit=5"])
        assert.ok(!s.log.includes(secret), `the server log contains ${secret}`);
});

test("serve refuses a database that does not exist instead of making an empty one", () => {
    const missing = path.join(s.dir, "stavfel.db");
    const r = runCli(["serve", "--db", missing, "--listen", "127.0.0.1:0"], { expectStatus: 1 });
    assert.match(r.stderr, /finns inte.*samsyn init --db/);
    assert.ok(!existsSync(missing));
});
