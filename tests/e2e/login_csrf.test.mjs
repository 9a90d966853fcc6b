// login_csrf.test.mjs — login CSRF in a real browser: a page of another origin
// that auto-submits an HTML form (enctype text/plain, a body that happens to be
// JSON) to /api/v1/session must not log the browser in, neither from another
// port of the same host (same site, other origin) nor from another host (cross
// site); and the login page itself still logs in.
// Runs with `node --test tests/e2e/` and Debian's /usr/bin/chromium via
// playwright-core; server, browser and environment variables: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { TIMEOUT, apiClient, closeAll, launchBrowser, logIn, startServer, stepper, watchConsole } from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";

let server;
let browser;
const attackers = [];

/** A one-page site on host:0 that posts a text/plain form to url as soon as it loads. */
function attackerSite(host, url) {
    // The one field's name and value make the body
    // {"username":"admin","password":"…","x":"="}: valid JSON.
    const name = JSON.stringify({ username: "admin", password: PASSWORD }).slice(0, -1) + ',"x":"';
    const attr = (s) => s.replace(/&/g, "&amp;").replace(/'/g, "&#39;");
    const html =
        "<!doctype html><html><head><title>Vinn en resa</title></head><body>" +
        `<form id="f" method="POST" action="${url}" enctype="text/plain">` +
        `<input type="hidden" name='${attr(name)}' value='"}'></form>` +
        "<script>document.getElementById('f').submit()</script></body></html>";
    const srv = http.createServer((req, res) => {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(html);
    });
    attackers.push(srv);
    return new Promise((resolve) => srv.listen(0, host, () => resolve(`http://${host}:${srv.address().port}/`)));
}

before(async () => {
    server = await startServer();
    // The admin's final password: the login page leads straight to the start page.
    await apiClient(server.baseUrl).firstLogin("admin", server.oneTimePassword, PASSWORD);
    browser = await launchBrowser();
});

after(async () => {
    for (const a of attackers) a.close();
    await closeAll(browser, server);
});

test("a cross-origin form post cannot log the browser in; the login page can", async (t) => {
    const context = await browser.newContext({ locale: "sv-SE", timezoneId: "Europe/Stockholm" });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    // 401: GET /session of the start page before login; 403: the refused form
    // posts; 404: the /favicon.ico Chromium asks for on the problem+json page.
    const console_ = watchConsole(page, [401, 403, 404]);
    const step = stepper(t, page, "login-csrf");
    const session = server.baseUrl + "/api/v1/session";
    const sessionCookie = async () => (await context.cookies(server.baseUrl)).find((c) => c.name === "samsyn_session");

    for (const [what, host] of [
        ["another port of the same host", "127.0.0.1"],
        ["another host", "127.0.0.2"],
    ]) {
        await step(`a page on ${what} auto-submits a text/plain login form: refused, no cookie`, async () => {
            const site = await attackerSite(host, session);
            const answer = page.waitForResponse((r) => r.url() === session && r.request().method() === "POST");
            await page.goto(site);
            const r = await answer;
            assert.ok([403, 415].includes(r.status()), `the forged login answered ${r.status()}: ${await r.text()}`);
            assert.match(r.headers()["content-type"] ?? "", /^application\/problem\+json/);
            assert.equal(await sessionCookie(), undefined, "the forged login set a session cookie");
            // The victim's next visit finds no session: the login page.
            await page.goto(server.baseUrl + "/");
            await page.waitForURL(/\/logga-in/);
        });
    }

    await step("the login page logs in", async () => {
        await logIn(page, server.baseUrl, "admin", PASSWORD);
        await page.waitForURL((u) => !u.pathname.startsWith("/logga-in"));
        assert.ok(await sessionCookie(), "no session cookie after logging in on the login page");
        const me = await page.evaluate(async () => (await fetch("/api/v1/session")).status);
        assert.equal(me, 200);
    });

    await step("no unexpected console errors", async () => {
        assert.deepEqual(console_.unexpected(), []);
    });
    await context.close();
});
