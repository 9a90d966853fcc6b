// harness.mjs — what every browser test shares: a real `samsyn serve` on a free port
// with a fresh database (and the admin's one-time password from `samsyn init`), or one
// with an organisation and its users already, Debian's chromium through playwright-core, a console watcher, steps that stop
// at the first failure with a screenshot of that moment, photographs at 1366 and 390 px
// that check the page fits the phone, and test data that must
// pass Samsyn's checks (Luhn check digits, personnummer, dates).
//
// Environment: SAMSYN_BIN (server binary, default build/release/samsyn),
// SAMSYN_WEB_ROOT (default web/dist), SAMSYN_ARTIFACTS (screenshots, default
// build/test-artifacts), CHROMIUM (default /usr/bin/chromium).

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "..", "..");
const require = createRequire(path.join(repo, "web", "package.json"));

export const BIN = process.env.SAMSYN_BIN || path.join(repo, "build", "release", "samsyn");
export const WEB_ROOT = process.env.SAMSYN_WEB_ROOT || path.join(repo, "web", "dist");
export const ARTIFACTS = process.env.SAMSYN_ARTIFACTS || path.join(repo, "build", "test-artifacts");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const TIMEOUT = 15_000;

/**
 * Starts `samsyn init` + `samsyn serve` on a temporary database; with `gen`
 * (arguments of `samsyn gen`, e.g. ["--participants", "30"]) the database is
 * filled with generated data first. Returns
 * { baseUrl, oneTimePassword, db, sql(statement), log(), exit, fail(msg), stop() };
 * `args` are more flags of `samsyn serve` (e.g. ["--public-rate-limit", "1000"]).
 */
export async function startServer({ gen, args = [] } = {}) {
    if (!existsSync(BIN)) throw new Error(`server binary not found: ${BIN} (set SAMSYN_BIN)`);
    if (!existsSync(path.join(WEB_ROOT, "index.html"))) {
        throw new Error(`web root has no index.html: ${WEB_ROOT} (run "npm run build" in web/ or set SAMSYN_WEB_ROOT)`);
    }
    const tmp = mkdtempSync(path.join(tmpdir(), "samsyn-e2e-"));
    const db = path.join(tmp, "t.db");

    const init = spawnSync(BIN, ["init", "--db", db], { encoding: "utf8", timeout: 60_000 });
    const initOut = `${init.stdout ?? ""}${init.stderr ?? ""}`;
    assert.equal(init.status, 0, `samsyn init failed (status ${init.status}):\n${initOut}`);
    const m = /one-time password:\s*(\S+)/.exec(initOut);
    assert.ok(m, `no "one-time password: …" line in the output of samsyn init:\n${initOut}`);
    if (gen) {
        const g = spawnSync(BIN, ["gen", "--db", db, "--quiet", ...gen], { encoding: "utf8", timeout: 120_000 });
        assert.equal(g.status, 0, `samsyn gen failed (status ${g.status}):\n${g.stdout}${g.stderr}`);
    }

    const server = spawn(BIN, ["serve", "--db", db, "--listen", "127.0.0.1:0", "--web-root", WEB_ROOT, ...args], {
        stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    const exit = { done: false, code: null, signal: null };
    exit.promise = new Promise((resolve) => {
        server.on("exit", (code, signal) => {
            Object.assign(exit, { done: true, code, signal });
            resolve();
        });
    });
    server.stdout.on("data", (d) => (log += d));
    server.stderr.on("data", (d) => (log += d));

    const fail = (message) => {
        throw new Error(`${message}\n--- server log (last 3000 chars) ---\n${log.slice(-3000)}`);
    };

    const end = Date.now() + TIMEOUT;
    let baseUrl = null;
    while (!baseUrl) {
        baseUrl = /url=(http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1] ?? null;
        if (baseUrl) break;
        if (exit.done) fail(`server exited (code ${exit.code}) before it was listening`);
        if (Date.now() > end) fail('timed out waiting for the "url=http://127.0.0.1:PORT" log line');
        await new Promise((r) => setTimeout(r, 50));
    }

    return {
        baseUrl,
        oneTimePassword: m[1],
        db,
        /** sqlite3 on the test's database: for what only a mail would tell (a one-time link). */
        sql(statement) {
            const r = spawnSync("sqlite3", ["-bail", db], { input: `.timeout 5000\n${statement}\n`, encoding: "utf8" });
            if (r.error) throw r.error;
            assert.equal(r.status, 0, `sqlite3 failed: ${r.stderr}\n${statement}`);
            return r.stdout.trim();
        },
        process: server,
        exit,
        log: () => log,
        fail,
        /** SIGKILL and remove the database (the SIGTERM test stops it by itself first). */
        async stop() {
            if (!exit.done) {
                server.kill("SIGKILL");
                await exit.promise;
            }
            rmSync(tmp, { recursive: true, force: true });
        },
    };
}

/** The WCAG levels the accessibility scans check. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * The accessibility scan of the page as it is now (axe-core, WCAG 2.1 A and AA), once
 * the network is quiet and the animations are over: a colour still in its CSS
 * transition (the button just clicked) measured mid-way made a flaky contrast
 * failure. Returns a line per violation, named by what. The page's context must
 * bypass the CSP (axe is injected as a script).
 */
export async function axeViolations(page, what) {
    await page.waitForLoadState("networkidle");
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
    await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
    const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), AXE_TAGS);
    return r.violations.map((v) => {
        const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ");
        return `${what}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s), e.g. ${where}`;
    });
}

export async function launchBrowser() {
    if (!existsSync(CHROMIUM)) throw new Error(`chromium not found: ${CHROMIUM} (apt-get install -y chromium)`);
    let chromium;
    try {
        ({ chromium } = require("playwright-core"));
    } catch (e) {
        throw new Error(`playwright-core is not installed in web/node_modules (run "npm ci" in web/): ${e.message}`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    return chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    });
}

/** Closes the browser and stops the server: a test file's after() hook. */
export async function closeAll(browser, server) {
    await browser?.close().catch(() => {});
    await server?.stop();
}

/**
 * A page in a context of its own: Swedish, 1280 × 900 unless contextOptions
 * say otherwise, the test's default timeout. Returns { context, page }.
 */
export async function openPage(browser, contextOptions = {}) {
    const context = await browser.newContext({ locale: "sv-SE", timezoneId: "Europe/Stockholm", viewport: { width: 1280, height: 900 }, ...contextOptions });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    return { context, page };
}

/** Fills in the login page and presses "Logga in"; the caller waits for what comes next. */
export async function logIn(page, baseUrl, username, password) {
    await page.goto(baseUrl + "/logga-in");
    await page.getByLabel("Användarnamn").fill(username);
    await page.getByLabel("Lösenord", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Logga in" }).click();
}

/**
 * Collects console errors (CSP violations included) and page errors. Chromium logs
 * every HTTP error answer as a console error "Failed to load resource"; the statuses
 * a test provokes on purpose are passed in `expectedStatuses`.
 */
export function watchConsole(page, expectedStatuses = []) {
    const problems = [];
    page.on("console", (msg) => {
        if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
    });
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    const expected = new RegExp(
        `Failed to load resource: the server responded with a status of (${expectedStatuses.join("|") || "none"})\\b`,
    );
    return {
        problems,
        unexpected: () => problems.filter((p) => !expected.test(p)),
    };
}

/** Full-page screenshot into the artifacts directory. */
export function screenshotter(page) {
    return (name) => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

/**
 * Photographs of the page at 1366 and 390 px (`<prefix><name>-1366.png`, `-390.png`); at
 * 390 px the page must be no wider than the phone. The window is left at 1280 px.
 */
export function widthShots(page, prefix = "") {
    const shot = screenshotter(page);
    return async (name) => {
        for (const width of [1366, 390]) {
            await page.setViewportSize({ width, height: 900 });
            await page.waitForTimeout(100);
            await shot(`${prefix}${name}-${width}.png`);
            if (width === 390) {
                const w = await page.evaluate(() => document.documentElement.scrollWidth);
                assert.ok(w <= 390, `${name} is ${w} px wide at 390 px`);
            }
        }
        await page.setViewportSize({ width: 1280, height: 900 });
    };
}

/**
 * Steps that build on each other: after the first failure the rest are skipped,
 * and a screenshot of the failing moment is kept (failure-<prefix>-step-N.png).
 */
export function stepper(t, page, prefix = "") {
    let failed = false;
    let no = 0;
    // A failure screenshot of an earlier run would mislead.
    const stale = new RegExp(`^failure-${prefix ? prefix + "-" : ""}step-\\d+\\.png$`);
    for (const f of existsSync(ARTIFACTS) ? readdirSync(ARTIFACTS) : []) {
        if (stale.test(f)) rmSync(path.join(ARTIFACTS, f), { force: true });
    }
    const shot = screenshotter(page);
    return (name, fn) => {
        const n = ++no;
        return t.test(name, { skip: failed ? "an earlier step failed" : false }, async () => {
            try {
                await fn();
            } catch (e) {
                failed = true;
                await shot(`failure-${prefix ? prefix + "-" : ""}step-${n}.png`).catch(() => {});
                throw new Error(`step ${n} "${name}" failed at ${page.url()}: ${e.message}`, { cause: e });
            }
        });
    };
}

/** A minimal API client with the session cookie and CSRF token, for test setup. */
export function apiClient(baseUrl) {
    let cookie = "";
    let csrf = "";
    async function call(method, p, body) {
        const headers = { Accept: "application/json" };
        if (cookie) headers.Cookie = cookie;
        if (csrf && method !== "GET") headers["X-CSRF-Token"] = csrf;
        if (body !== undefined) headers["Content-Type"] = "application/json";
        const r = await fetch(baseUrl + "/api/v1" + p, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const setCookie = r.headers.get("set-cookie");
        if (setCookie) cookie = setCookie.split(";")[0];
        const text = await r.text();
        let data = text;
        try {
            data = text ? JSON.parse(text) : null;
        } catch {
            // not JSON (CSV)
        }
        return { status: r.status, data, headers: r.headers };
    }
    return {
        call,
        async login(username, password) {
            const r = await call("POST", "/session", { username, password });
            assert.equal(r.status, 200, `login as ${username} failed: ${JSON.stringify(r.data)}`);
            csrf = r.data.csrf_token;
            return r.data;
        },
        /** Logs in with a one-time password and chooses the final one (the
         * forced change in the browser is the admin test's business). */
        async firstLogin(username, oneTimePassword, password) {
            await this.login(username, oneTimePassword);
            const r = await call("POST", "/session/password", { current_password: oneTimePassword, new_password: password });
            assert.equal(r.status, 204, `password change of ${username} failed: ${JSON.stringify(r.data)}`);
        },
    };
}

/** Creates a user (as admin, an apiClient) who has logged in once and chosen `password`. */
export async function makeUser(admin, baseUrl, { username, name, roles }, orgId, password) {
    const r = await admin.call("POST", "/users", {
        username,
        name,
        email: null,
        org_id: orgId,
        roles,
        password: "Engangs-Losen-123",
    });
    assert.equal(r.status, 201, `user ${username}: ${JSON.stringify(r.data)}`);
    await apiClient(baseUrl).firstLogin(username, "Engangs-Losen-123", password);
}

/**
 * A server with one organisation (an af office in Trollhättan named `orgName`) and `users`
 * in it ({ username, name, roles }), each logged in once with `password`, as the
 * administrator has: the server, the administrator's apiClient, the organisation's id and
 * every user's id by username.
 */
export async function startWithOrg(orgName, users, password) {
    const server = await startServer();
    const admin = apiClient(server.baseUrl);
    await admin.firstLogin("admin", server.oneTimePassword, password);
    const org = await admin.call("POST", "/orgs", { name: orgName, kind: "af", municipality_code: "1488" });
    assert.equal(org.status, 201, JSON.stringify(org.data));
    for (const u of users) await makeUser(admin, server.baseUrl, u, org.data.id, password);
    const listed = (await admin.call("GET", "/users?limit=500")).data.items;
    return { server, admin, orgId: org.data.id, userIds: Object.fromEntries(listed.map((u) => [u.username, u.id])) };
}

/** Nine digits and the Luhn check digit: an organisationsnummer, or the last ten of a personnummer. */
export function luhn(nine) {
    let sum = 0;
    for (let i = 0; i < 9; i++) {
        let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
        if (d > 9) d -= 9;
        sum += d;
    }
    return nine + ((10 - (sum % 10)) % 10);
}

/** A valid 12-digit personnummer born on `date` (YYYY-MM-DD) with a three-digit serial (even: a woman). */
export function personnummer(date, serial) {
    const d = date.replace(/-/g, "");
    return d.slice(0, 2) + luhn(d.slice(2) + String(serial).padStart(3, "0"));
}

/** Sweden's date at the instant d as YYYY-MM-DD: the server's and the
 * browser's "today" (the contexts run in Europe/Stockholm). */
export function isoDate(d) {
    return d.toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" });
}

/** The bytes of a download link's file, fetched by the page with its session. */
export async function downloadBytes(page, href) {
    const bytes = await page.evaluate(async (url) => {
        const r = await fetch(url, { credentials: "same-origin" });
        if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
        return [...new Uint8Array(await r.arrayBuffer())];
    }, href);
    return Buffer.from(bytes);
}
