// lib.mjs — harness for the API tests (and later the browser tests): a fresh
// database in a temp dir (`samsyn init`), users and tokens through the CLI, a
// real `samsyn serve` on a free port with a tiny web root, and a small HTTP
// client that keeps the session cookie and sends the CSRF token.
//
// Every CLI run and the server must exit 0 and print no sanitizer report: under
// ASan/UBSan a leak or an error makes the exit code non-zero, and that must fail
// the test that caused it.
//
// Every answer the client receives is checked against the OpenAPI document (src/api/spec/, assembled by the build)
// (contract.mjs): an answer the document does not describe fails the test.
//
// Environment: SAMSYN_BIN (the binary; default build/release/samsyn);
// SAMSYN_TEST_ENGINE=postgresql runs each instance on a database of its own
// (CREATE DATABASE) in the cluster whose base URL is in $SAMSYN_PG_STATE/url
// (tests/pg_cluster.sh, started by ctest's pg_cluster fixture) or in
// SAMSYN_TEST_PG_URL; s.sql() then runs psql instead of sqlite3;
// SAMSYN_CONTRACT_LOG=FILE appends each answer that is not as documented to
// FILE instead of failing (to list every drift of a run at once).

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { contractFault } from "./contract.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, "..", "..");
export const BIN = process.env.SAMSYN_BIN || path.join(REPO, "build", "release", "samsyn");

/** The engine the suite runs on: "sqlite" (default) or "postgresql". */
export const ENGINE = process.env.SAMSYN_TEST_ENGINE || "sqlite";
export const ON_PG = ENGINE === "postgresql";

/**
 * Skips a test that is about SQLite itself on PostgreSQL, saying why:
 * `test("…", { skip: sqliteOnly("the busy wait on a file lock") }, …)`.
 */
export const sqliteOnly = (why) => (ON_PG ? `SQLite only: ${why}` : false);

/** The test cluster's base URL (postgresql://USER@HOST:PORT), without a database. */
function pgBaseUrl() {
    if (process.env.SAMSYN_TEST_PG_URL) return process.env.SAMSYN_TEST_PG_URL;
    const state = process.env.SAMSYN_PG_STATE;
    assert.ok(state, "SAMSYN_TEST_ENGINE=postgresql wants SAMSYN_PG_STATE (tests/pg_cluster.sh) or SAMSYN_TEST_PG_URL");
    return readFileSync(path.join(state, "url"), "utf8").trim();
}

/**
 * Fixture SQL that differs between the engines, written once:
 * groupConcat("note", " ") is SQLite's group_concat or PostgreSQL's
 * string_agg; zeroPad("i", 5) a number as text with leading zeros
 * (printf('%05d') or lpad).
 */
export const sqlDialect = {
    groupConcat: (expr, sep) => (ON_PG ? `string_agg(CAST(${expr} AS TEXT), '${sep}')` : `group_concat(${expr}, '${sep}')`),
    zeroPad: (expr, width) => (ON_PG ? `lpad(CAST(${expr} AS TEXT), ${width}, '0')` : `printf('%0${width}d', ${expr})`),
};

let pgDatabases = 0;

// A fixture that inserts rows with their ids leaves an identity column's
// sequence behind them (SQLite takes the next id from the table itself):
// after an INSERT each sequence is moved past its table's largest id.
const RESYNC_IDS = `
DO $resync$ DECLARE r record; BEGIN
  FOR r IN SELECT table_schema AS s, table_name AS t, column_name AS c FROM information_schema.columns
            WHERE is_identity = 'YES' AND table_schema IN ('public', 'reads') LOOP
    EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), COALESCE((SELECT MAX(%I) FROM %I.%I), 0) + 1, false)',
                   r.s || '.' || r.t, r.c, r.c, r.s, r.t);
  END LOOP;
END $resync$;`;

/** Runs SQL with psql on url, output as sqlite3's (no header, "|" between columns). */
function psql(url, statement) {
    const r = spawnSync("psql", ["-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", url], {
        input: statement + (/\binsert\b/i.test(statement) ? ";\n" + RESYNC_IDS : "") + "\n",
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
    });
    if (r.error) throw r.error;
    assert.equal(r.status, 0, `psql failed: ${r.stderr}\n${statement}`);
    return r.stdout;
}

/**
 * Runs SQL on db, a SQLite file or a postgresql:// URL, with the engine's own
 * shell (sqlite3 or psql), output as sqlite3's: for tests that look at a
 * database samsyn did not open itself (a copy's target).
 */
export function sqlOn(db, statement) {
    if (db.includes("://")) return psql(db, statement);
    const r = spawnSync("sqlite3", ["-bail", db], { input: `.timeout 5000\n${statement}\n`, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (r.error) throw r.error;
    assert.equal(r.status, 0, `sqlite3 failed: ${r.stderr}\n${statement}`);
    return r.stdout;
}

/** A new, empty database in the test cluster (PostgreSQL only): its URL; dropPgDatabase(url) removes it. */
export function newPgDatabase() {
    const base = pgBaseUrl(), name = `t_${process.pid}_${++pgDatabases}`;
    psql(`${base}/postgres`, `CREATE DATABASE ${name}`);
    return `${base}/${name}`;
}
export function dropPgDatabase(url) {
    const i = url.lastIndexOf("/");
    psql(`${url.slice(0, i)}/postgres`, `DROP DATABASE IF EXISTS ${url.slice(i + 1)} WITH (FORCE)`);
}

/** A password that passes the server's rules (at least 12 characters). */
export const GOOD_PASSWORD = "Rätt-hästbatteri-häftklammer-1";

const SANITIZER_MARKS = ["ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"];

/** Fails when a process's output holds a sanitizer report. */
export function assertNoSanitizerReport(output, what) {
    for (const mark of SANITIZER_MARKS)
        assert.ok(!output.includes(mark), `${what}: sanitizer report (${mark}):\n${output.slice(-6000)}`);
}

/** Runs the samsyn CLI synchronously; asserts exit 0 unless expectStatus says otherwise. */
export function runCli(args, { input, expectStatus = 0, env } = {}) {
    const r = spawnSync(BIN, args, {
        input: input ?? "",
        encoding: "utf8",
        env: { ...process.env, ...env },
        timeout: 30_000,
        maxBuffer: 64 * 1024 * 1024, // generated extracts
    });
    if (r.error) throw r.error;
    const what = `samsyn ${args.join(" ")}`;
    assertNoSanitizerReport(r.stderr + r.stdout, what);
    if (expectStatus !== null)
        assert.equal(r.status, expectStatus, `${what} exited ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
    return r;
}

/** Writes a tiny web UI: index.html, assets/x.js, assets/x.css, robots.txt. */
export function writeWebRoot(dir) {
    mkdirSync(path.join(dir, "assets"), { recursive: true });
    writeFileSync(
        path.join(dir, "index.html"),
        '<!doctype html><html lang="sv"><head><title>Samsyn test</title>' +
            '<script type="module" src="/assets/x.js"></script></head><body><div id="app">index-marker</div></body></html>\n',
    );
    writeFileSync(path.join(dir, "assets", "x.js"), 'console.log("x-js-marker");\n');
    writeFileSync(path.join(dir, "assets", "x.css"), "body { margin: 0 }\n");
    writeFileSync(path.join(dir, "robots.txt"), "User-agent: *\nDisallow: /\n");
    return dir;
}

/** Polls fn() until it returns something truthy; throws after ms. */
export async function waitFor(fn, what, ms = 10_000) {
    const end = Date.now() + ms;
    for (;;) {
        const v = await fn();
        if (v) return v;
        if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
    }
}

/** Sweden's calendar date at the instant ms: the server's "today" (src/base/clock.c). */
export const swedishDate = (ms = Date.now()) => new Date(ms).toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" });

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A fresh database with the init admin. Call start() to serve it.
 * Users can be added before or while serving (SQLite, same file).
 */
export class Samsyn {
    /** engine: "sqlite" or "postgresql", the suite's (SAMSYN_TEST_ENGINE) unless a test compares the two. */
    constructor({ engine = ENGINE } = {}) {
        this.dir = mkdtempSync(path.join(tmpdir(), "samsyn-api-"));
        this.db = path.join(this.dir, "t.db");
        this.onPg = engine === "postgresql";
        if (this.onPg) {
            // A database of its own per instance, so that tests stay independent.
            this.pgBase = pgBaseUrl();
            this.pgName = `t_${process.pid}_${++pgDatabases}`;
            psql(`${this.pgBase}/postgres`, `CREATE DATABASE ${this.pgName}`);
            this.db = `${this.pgBase}/${this.pgName}`;
        }
        this.webRoot = writeWebRoot(path.join(this.dir, "web"));
        this.log = "";
        this.stdout = "";
        this.proc = null;
        this.url = null;
        const r = this.cli(["init"]);
        const m = /one-time password: (\S+)/.exec(r.stdout);
        assert.ok(m, `no one-time password in samsyn init output:\n${r.stdout}`);
        /** The admin's one-time password printed by init. */
        this.oneTimePassword = m[1];
        this.adminId = 1;
        this.orgId = 1;
        /** Users made with addUser, by username: {id, username, password}. */
        this.users = {};
    }

    /** Runs a CLI command with --db of this instance. */
    cli(args, opts = {}) {
        const words = ["user", "token", "import"].includes(args[0]) ? 2 : 1;
        return runCli([...args.slice(0, words), "--db", this.db, ...args.slice(words)], opts);
    }

    /**
     * `samsyn user add`; a password is given on stdin and is final, null makes
     * a one-time one. Returns {id, username, password}, also kept in this.users.
     */
    addUser({ username, name = username, orgId = 1, roles = ["reader"], password = GOOD_PASSWORD }) {
        const args = ["user", "add", "--username", username, "--name", name, "--org-id", String(orgId)];
        for (const role of roles) args.push("--role", role);
        if (password !== null) args.push("--password-stdin");
        const r = this.cli(args, { input: password !== null ? password + "\n" : "" });
        const m = /\(id (\d+)\)/.exec(r.stdout);
        assert.ok(m, `no id in samsyn user add output:\n${r.stdout}`);
        const otp = /one-time password: (\S+)/.exec(r.stdout);
        return (this.users[username] = { id: Number(m[1]), username, password: otp ? otp[1] : password });
    }

    /** Gives admin a final password (no forced change at login). */
    setAdminPassword(password = GOOD_PASSWORD) {
        this.cli(["user", "passwd", "--username", "admin", "--password-stdin"], { input: password + "\n" });
        this.adminPassword = password;
        return password;
    }

    /** `samsyn token create`: {token, id}. */
    createToken(username) {
        const r = this.cli(["token", "create", "--username", username]);
        const token = r.stdout.trim();
        const m = /Token id (\d+)/.exec(r.stderr);
        assert.ok(token && m, `unexpected samsyn token create output:\n${r.stdout}\n${r.stderr}`);
        return { token, id: Number(m[1]) };
    }

    revokeToken(id) {
        return this.cli(["token", "revoke", "--id", String(id)]);
    }

    /**
     * Runs SQL on this instance's database with the sqlite3 command-line tool
     * (fixtures for what has no API yet, e.g. interventions); returns stdout.
     */
    sql(statement, file = this.db) {
        return this.onPg ? psql(file, statement) : sqlOn(file, statement);
    }

    /** `samsyn import employers` of a CSV text (written to a file in the temp dir). */
    importEmployers(text) {
        const file = path.join(this.dir, "employers.csv");
        writeFileSync(file, text);
        return this.cli(["import", "employers", file]);
    }

    /** The same on the read log beside the database (audit_reads, audit_read_subjects). */
    sqlReads(statement) {
        // On PostgreSQL the read log is the schema reads of the same database.
        if (this.onPg) return psql(this.db, `SET search_path = reads, public;\n${statement}`);
        return this.sql(statement, this.db + "-reads");
    }

    /** Starts `samsyn serve` on a free port; extra flags e.g. ["--session-idle", "2"]. */
    async start(extraArgs = []) {
        assert.equal(this.proc, null, "already started");
        const args = ["serve", "--db", this.db, "--listen", "127.0.0.1:0", "--web-root", this.webRoot, ...extraArgs];
        const proc = spawn(BIN, args, { stdio: ["ignore", "pipe", "pipe"] });
        this.proc = proc;
        // "close", not "exit": it comes after stderr is drained (a sanitizer report is written last).
        this.exited = new Promise((resolve) => proc.on("close", (code, signal) => resolve({ code, signal })));
        this.exit = null;
        this.exited.then((e) => (this.exit = e));
        proc.stderr.setEncoding("utf8");
        proc.stdout.setEncoding("utf8");
        proc.stderr.on("data", (d) => (this.log += d));
        proc.stdout.on("data", (d) => (this.stdout += d));
        const m = await waitFor(() => {
            if (this.exit) throw new Error(`samsyn serve exited early (${JSON.stringify(this.exit)}):\n${this.log}`);
            return /url=(http:\/\/127\.0\.0\.1:\d+)/.exec(this.log);
        }, "the server's url= log line");
        this.url = m[1];
        return this;
    }

    /**
     * SIGTERM, wait, then assert exit code 0 and no sanitizer report.
     * Returns the exit code. Safe to call twice.
     */
    async stop() {
        if (!this.proc) return 0;
        if (!this.exit) this.proc.kill("SIGTERM");
        const timer = setTimeout(() => this.proc.kill("SIGKILL"), 15_000);
        const { code, signal } = await this.exited;
        clearTimeout(timer);
        this.proc = null;
        // SAMSYN_SERVER_LOG=FILE: every server's log appended there (to find a failure's cause).
        if (process.env.SAMSYN_SERVER_LOG) appendFileSync(process.env.SAMSYN_SERVER_LOG, this.log);
        assertNoSanitizerReport(this.log + this.stdout, "samsyn serve");
        assert.equal(signal, null, `samsyn serve died of ${signal}:\n${this.log.slice(-4000)}`);
        assert.equal(code, 0, `samsyn serve exited ${code}:\n${this.log.slice(-4000)}`);
        return code;
    }

    /** Removes the temp dir (after stop()). */
    cleanup() {
        rmSync(this.dir, { recursive: true, force: true });
        if (this.pgName) psql(`${this.pgBase}/postgres`, `DROP DATABASE IF EXISTS ${this.pgName} WITH (FORCE)`);
    }

    /** stop() and cleanup(): a test file's after() hook, `after(() => s?.close())`. */
    async close() {
        await this.stop();
        this.cleanup();
    }

    /** Waits until the server log matches re (access log lines come after the answer). */
    waitForLog(re, what = String(re)) {
        return waitFor(() => re.test(this.log), `log line ${what}`);
    }

    /** Access log lines (event=request). */
    accessLines() {
        return this.log.split("\n").filter((l) => l.includes("event=request"));
    }

    client(opts = {}) {
        assert.ok(this.url, "server not started");
        return new Client(this.url, opts);
    }

    /** A client logged in as username (asserts 200). */
    async login(username, password, opts = {}) {
        const c = this.client(opts);
        const r = await c.login(username, password);
        assert.equal(r.status, 200, `login ${username}: ${r.status} ${r.text}`);
        return c;
    }

    /** Clients logged in as each of usernames, side by side, in their order. */
    loginAll(usernames, password = GOOD_PASSWORD) {
        return Promise.all(usernames.map((u) => this.login(u, password)));
    }
}

/**
 * Creates, starts and returns a Samsyn. adminPassword: admin's final password
 * (null keeps init's one-time password in s.oneTimePassword); sql: a fixture
 * run on the database first (s.sql); gen: {participants, seed}, a `samsyn
 * gen` database (organisations, users, interventions, participants,
 * enrolments) made next; employers: a company register extract
 * (CSV text) put in with `samsyn import employers`; users: addUser()
 * arguments, found afterwards in s.users[username]; serveArgs: extra flags.
 */
export async function startSamsyn({ serveArgs = [], adminPassword = GOOD_PASSWORD, sql, gen, employers, users = [], engine } = {}) {
    const s = new Samsyn({ engine });
    if (adminPassword) s.setAdminPassword(adminPassword);
    if (sql) s.sql(sql);
    if (gen)
        s.cli(["gen", "--participants", String(gen.participants), "--seed", String(gen.seed), ...(gen.today ? ["--today", gen.today] : []), "--quiet"]);
    if (employers) s.importEmployers(employers);
    for (const u of users) s.addUser(u);
    await s.start(serveArgs);
    return s;
}

function wrapResponse(status, headers, text) {
    let body;
    const ct = headers.get("content-type") || "";
    if (text && ct.includes("json")) {
        try {
            body = JSON.parse(text);
        } catch {
            body = undefined;
        }
    }
    return { status, headers, text, body, contentType: ct };
}

/**
 * One request over node:http (for a chosen source address, or raw control):
 * the path is sent as written, without URL normalisation ("/../x" stays).
 */
export function rawRequest(url, { method = "GET", headers = {}, body, localAddress } = {}) {
    return new Promise((resolve, reject) => {
        const u = /^http:\/\/([^/:]+):(\d+)(\/.*)?$/.exec(url);
        if (!u) throw new Error(`rawRequest wants http://HOST:PORT/PATH, not ${url}`);
        const req = http.request(
            { host: u[1], port: Number(u[2]), path: u[3] || "/", method, headers, localAddress, agent: false },
            (res) => {
                const chunks = [];
                res.on("data", (c) => chunks.push(c));
                res.on("end", () => {
                    const h = new Headers();
                    for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
                    resolve(wrapResponse(res.statusCode, h, Buffer.concat(chunks).toString("utf8")));
                });
                res.on("error", reject);
            },
        );
        req.on("error", reject);
        if (body !== undefined) req.write(body);
        req.end();
    });
}

/** Fails when an answer is not what the OpenAPI document (src/api/spec/) says for its route and status. */
export function assertDocumented(method, path, res) {
    const fault = contractFault(method, path, res);
    if (fault && process.env.SAMSYN_CONTRACT_LOG) appendFileSync(process.env.SAMSYN_CONTRACT_LOG, fault + "\n\u0000\n");
    else if (fault) assert.fail(`answer not as documented in openapi.json: ${fault}`);
}

/**
 * HTTP client with a cookie jar of one (samsyn_session) and the CSRF token.
 * Options: localAddress (source address, e.g. "127.0.0.7"; uses node:http),
 * bearer (sends Authorization: Bearer).
 */
export class Client {
    constructor(base, { localAddress, bearer } = {}) {
        this.base = base;
        this.localAddress = localAddress;
        this.bearer = bearer;
        this.cookie = null;
        this.csrf = null;
        this.setCookies = [];
    }

    /**
     * req(method, path, {json, body, headers, csrf}): json is serialised with
     * Content-Type application/json; body is sent as is. csrf: undefined = send
     * the stored token on state-changing methods, false = do not send, a string =
     * send that instead.
     */
    async req(method, path, { json, body, headers = {}, csrf } = {}) {
        const h = { ...headers };
        if (json !== undefined) {
            body = JSON.stringify(json);
            h["Content-Type"] ??= "application/json";
        }
        if (this.cookie) h["Cookie"] = `samsyn_session=${this.cookie}`;
        if (this.bearer) h["Authorization"] = `Bearer ${this.bearer}`;
        const changes = method !== "GET" && method !== "HEAD";
        if (changes && csrf !== false) {
            const token = typeof csrf === "string" ? csrf : this.csrf;
            if (token) h["X-CSRF-Token"] = token;
        }
        const url = this.base + path;
        let res;
        if (this.localAddress) {
            res = await rawRequest(url, { method, headers: h, body, localAddress: this.localAddress });
        } else {
            const r = await fetch(url, { method, headers: h, body, redirect: "manual" });
            res = wrapResponse(r.status, r.headers, await r.text());
        }
        this.#takeCookie(res.headers);
        assertDocumented(method, path, { ...res, bytes: Buffer.byteLength(res.text) });
        return res;
    }

    #takeCookie(headers) {
        for (const sc of headers.getSetCookie()) {
            this.setCookies.push(sc);
            const m = /^samsyn_session=([^;]*)/.exec(sc);
            if (!m) continue;
            this.cookie = m[1] && !/max-age=0/i.test(sc) ? m[1] : null;
        }
    }

    get(p, o) {
        return this.req("GET", p, o);
    }
    /** GET with the session, the body as bytes: {status, headers, contentType, bytes}. */
    async getBytes(path, { headers = {} } = {}) {
        const h = { ...headers };
        if (this.cookie) h["Cookie"] = `samsyn_session=${this.cookie}`;
        if (this.bearer) h["Authorization"] = `Bearer ${this.bearer}`;
        const r = await fetch(this.base + path, { headers: h, redirect: "manual" });
        const bytes = Buffer.from(await r.arrayBuffer());
        const contentType = r.headers.get("content-type") || "";
        assertDocumented("GET", path, { status: r.status, contentType, text: bytes.toString("utf8"), bytes: bytes.length });
        return { status: r.status, headers: r.headers, contentType: r.headers.get("content-type") || "", bytes };
    }

    post(p, json, o = {}) {
        return this.req("POST", p, { ...o, json });
    }
    /** POST of a CSV file (an import), body as is. */
    postCsv(p, body, type = "text/csv; charset=utf-8") {
        return this.req("POST", p, { body, headers: { "Content-Type": type } });
    }
    patch(p, json, o = {}) {
        return this.req("PATCH", p, { ...o, json });
    }
    put(p, json, o = {}) {
        return this.req("PUT", p, { ...o, json });
    }
    del(p, o) {
        return this.req("DELETE", p, o);
    }

    /** POST /api/v1/session; keeps the cookie and csrf_token on success. */
    async login(username, password) {
        const r = await this.post("/api/v1/session", { username, password });
        if (r.status === 200) this.csrf = r.body.csrf_token;
        return r;
    }

    /** The events of GET /api/v1/audit of an entity and action, newest first (asserts 200). */
    async auditEvents(entity, action) {
        const r = await this.get(`/api/v1/audit?entity=${entity}&action=${action}&limit=500`);
        assert.equal(r.status, 200, r.text);
        return r.body.items;
    }

    /** POST /api/v1/session/password. */
    changePassword(current_password, new_password) {
        return this.post("/api/v1/session/password", { current_password, new_password });
    }
}

/**
 * Fixture SQL: AF Trollhättan (organisation 2) and its intervention Steget
 * (100), active since 2020, that follows participants.
 */
export const AF_STEGET_SQL = `
    INSERT INTO orgs (id, name, kind, created_at, updated_at) VALUES (2, 'AF Trollhättan', 'af', 'x', 'x');
    INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at, updated_at) VALUES
      (100, 'Steget', 'individual', 2, '2020-01-01', NULL, 'active', 'participants', 'x', 'x');`;

/**
 * Fixture SQL: two organisations of different kinds, AF Trollhättan (2, no
 * municipality) and Vänersborgs kommun (4, 1487), for the tests of who sees what.
 */
export const TWO_ORGS_SQL = `
    INSERT INTO orgs (id, name, kind, municipality_code, created_at, updated_at) VALUES
      (2, 'AF Trollhättan', 'af', NULL, 'x', 'x'), (4, 'Vänersborgs kommun', 'kommun', '1487', 'x', 'x');`;

/**
 * Fixture SQL: TWO_ORGS_SQL, AF's intervention Steget (101), active since 2020,
 * that follows participants, and the employer Verkstad AB (1, Trollhättan).
 */
/** The partners of seed 003's joint plans: Arbetsförmedlingen (2), Vänersborg (4) and Grästorp (5). */
export const PLAN_ORGS_SQL = `
    INSERT INTO orgs (id, name, kind, municipality_code, created_at, updated_at) VALUES
      (2, 'Arbetsförmedlingen Trollhättan', 'af', NULL, 'x', 'x'),
      (4, 'Vänersborgs kommun', 'kommun', '1487', 'x', 'x'),
      (5, 'Grästorps kommun', 'kommun', '1444', 'x', 'x');`;

export const TWO_ORGS_STEGET_SQL = `${TWO_ORGS_SQL}
    INSERT INTO interventions (id, name, kind, owner_org_id, start_date, end_date, status, measurement, created_at, updated_at) VALUES
      (101, 'Steget', 'individual', 2, '2020-01-01', NULL, 'active', 'participants', 'x', 'x');
    INSERT INTO employers (id, orgnr, name, name_key, municipality_code, created_at, updated_at) VALUES
      (1, '5560000001', 'Verkstad AB', 'verkstad ab', '1488', 'x', 'x');`;

/** The body of a 201 answer (fails with the answer, and `what`, otherwise). */
export async function created(res, what = "") {
    assert.equal(res.status, 201, what ? `${what} ${res.text}` : res.text);
    return res.body;
}

/** The body of a 200 answer (fails with the answer otherwise). */
export async function ok(res) {
    assert.equal(res.status, 200, res.text);
    return res.body;
}

/** Lines as a CSV file writes them: CRLF after each. */
export const csvLines = (lines) => lines.join("\r\n") + "\r\n";

/** A valid 12-digit personnummer of someone `age` years old this year, born on mmdd, serial nnn (its last digit even: a woman). */
export function personnummerAged(age, mmdd = "0412", nnn = "238") {
    const d = String(new Date().getFullYear() - age).slice(2) + mmdd + nnn;
    let sum = 0;
    for (let i = 0; i < 9; i++) {
        const v = Number(d[i]) * (i % 2 === 0 ? 2 : 1);
        sum += v > 9 ? v - 9 : v;
    }
    return String(new Date().getFullYear() - age).slice(0, 2) + d + String((10 - (sum % 10)) % 10);
}

/** Asserts an RFC 7807 answer with this status (and type ending in typeSuffix). */
export function assertProblem(res, status, typeSuffix) {
    assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
    assert.match(res.contentType, /^application\/problem\+json/, `content type of a ${status}: ${res.contentType}`);
    assert.ok(res.body && typeof res.body === "object", `problem body is not JSON: ${res.text}`);
    assert.equal(typeof res.body.type, "string");
    assert.equal(typeof res.body.title, "string");
    assert.ok(res.body.title.length > 0);
    assert.equal(res.body.status, status);
    assert.equal(typeof res.body.detail, "string");
    if (typeSuffix) assert.ok(res.body.type.endsWith(typeSuffix), `type ${res.body.type} should end with ${typeSuffix}`);
    return res.body;
}

/** The names in invalid_parameters of a 422 problem. */
export function invalidNames(res) {
    const b = assertProblem(res, 422);
    assert.ok(Array.isArray(b.invalid_parameters), `422 without invalid_parameters: ${res.text}`);
    for (const p of b.invalid_parameters) {
        assert.equal(typeof p.name, "string");
        assert.equal(typeof p.reason, "string");
    }
    return b.invalid_parameters.map((p) => p.name);
}

/** Headers every answer carries (API, static and errors alike). */
export function assertSecurityHeaders(res, what = "") {
    const csp = res.headers.get("content-security-policy");
    assert.ok(csp, `no CSP ${what}`);
    assert.match(csp, /frame-ancestors 'none'/, `CSP without frame-ancestors 'none' ${what}`);
    const script = /(?:^|;)\s*script-src([^;]*)/.exec(csp);
    assert.ok(script, `CSP without script-src ${what}`);
    assert.ok(!script[1].includes("'unsafe-inline'") && !script[1].includes("'unsafe-eval'"), `script-src too wide ${what}: ${csp}`);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", what);
    assert.ok(res.headers.get("referrer-policy"), `no Referrer-Policy ${what}`);
}

/**
 * The route table of src/api/app.c (`api_routes`), parsed from the C source:
 * [{method, path, flags, public}], path with {id} placeholders as written there,
 * flags as written (public: open without a login).
 */
export function sourceRoutes() {
    const src = readFileSync(path.join(REPO, "src", "api", "app.c"), "utf8");
    const table = /api_routes\[\]\s*=\s*\{([\s\S]*?)\n\};/.exec(src);
    assert.ok(table, "api_routes table not found in src/api/app.c");
    const routes = [
        ...table[1].matchAll(/\{\s*"([A-Z]+)"\s*,\s*"(\/api\/v1[^"]*)"\s*,\s*\w+\s*,\s*([^,]+),(?:\s*("(?:[^"\\]|\\.)*"))?/g),
    ].map((m) => ({
        method: m[1],
        path: m[2],
        flags: m[3].trim(),
        public: /\b(ANY|API_PUBLIC|API_PUBLIC_PAGE)\b/.test(m[3]),
        rateLimited: /\b(API_PUBLIC_PAGE|API_RATE_LIMITED)\b/.test(m[3]),
        summary: m[4] === undefined ? undefined : JSON.parse(m[4]), // the route table's Swedish summary
    }));
    assert.ok(routes.length >= 10, `only ${routes.length} routes parsed from app.c`);
    return routes;
}

/** Takes the write lock of the database file db in a sqlite3 process of its own; release() ends it. */
export async function holdWriteLock(db) {
    const p = spawn("sqlite3", [db], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    p.stdout.setEncoding("utf8");
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    const closed = new Promise((resolve) => p.on("close", resolve));
    p.stdin.write(".timeout 5000\nBEGIN IMMEDIATE;\nSELECT 'locked';\n");
    const end = Date.now() + 10_000;
    while (!out.includes("locked")) {
        if (Date.now() > end) throw new Error(`sqlite3 did not take the lock: ${out}`);
        await sleep(10);
    }
    return {
        async release() {
            p.stdin.end("ROLLBACK;\n.quit\n");
            await closed;
        },
    };
}

/**
 * A registration made as a person and a trainer make one (docs/trainings.md,
 * "Registration" and "Attendance"): the sign-up on the session's public page,
 * then, when attended, PATCH /registrations/{id} {"attended": true}; when
 * cancelled, PATCH {"status": "cancelled"}. A session whose sign-up is over
 * (its start or deadline passed, or not open) is opened for the sign-up and
 * put back as it was, as a förbund registering history does: attendance
 * needs the session's start not in the future, the sign-up its start ahead.
 * staff: a client that may change the session and read its registrations
 * (admin or kansli). person: {first, last, email, sex, phone, employerOrgnr,
 * employerName, roleAtWork, dietaryNeeds}. Waitlisted or not follows the
 * session's capacity. Returns the registration as the API answers it (the
 * PATCH's answer, else the session's list item): {id, status, attended,
 * attendee_id, diploma_code, …}. Each call sends two public requests (the
 * page and the form): servers with many need --public-rate-limit raised.
 */
export async function signUp(staff, sessionId, person, { attended = false, cancelled = false } = {}) {
    const { first, last, email, sex = "female", phone, employerOrgnr, employerName, roleAtWork, dietaryNeeds } = person;
    let r = await staff.get(`/api/v1/sessions/${sessionId}`);
    assert.equal(r.status, 200, r.text);
    const session = r.body;
    const anon = new Client(staff.base);
    r = await anon.get(`/api/v1/public/sessions/${session.public_token}`);
    assert.equal(r.status, 200, r.text);
    const reopen = !r.body.open;
    if (reopen) {
        r = await staff.patch(`/api/v1/sessions/${sessionId}`, {
            starts_at: "2099-01-01T08:00:00Z", ends_at: "2099-01-01T16:00:00Z", registration_deadline: null,
            ...(session.status === "open" ? {} : { status: "open" }),
        });
        assert.equal(r.status, 200, r.text);
    }
    r = await anon.post(`/api/v1/public/sessions/${session.public_token}/registrations`, {
        first_name: first, last_name: last, email, phone, employer_orgnr: employerOrgnr, employer_name: employerName,
        role_at_work: roleAtWork, sex, dietary_needs: dietaryNeeds, consent: true,
    });
    assert.ok(r.status === 201 || r.status === 200, `sign-up of ${email}: ${r.status} ${r.text}`);
    if (reopen) {
        r = await staff.patch(`/api/v1/sessions/${sessionId}`, {
            starts_at: session.starts_at, ends_at: session.ends_at, registration_deadline: session.registration_deadline,
            ...(session.status === "open" ? {} : { status: session.status }),
        });
        assert.equal(r.status, 200, r.text);
    }
    r = await staff.get(`/api/v1/sessions/${sessionId}/registrations?limit=500`);
    assert.equal(r.status, 200, r.text);
    let reg = r.body.items.find((x) => x.email.toLowerCase() === email.trim().toLowerCase());
    assert.ok(reg, `${email} among the session's registrations`);
    for (const patch of [attended && { attended: true }, cancelled && { status: "cancelled" }].filter(Boolean)) {
        r = await staff.patch(`/api/v1/registrations/${reg.id}`, patch);
        assert.equal(r.status, 200, `${JSON.stringify(patch)} of ${email}: ${r.status} ${r.text}`);
        reg = r.body;
    }
    return reg;
}
