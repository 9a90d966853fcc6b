// busy.test.mjs — browser test of a busy database (issue 10, item 7): while
// another process (the sqlite3 tool, as an import would) holds the write
// lock past the server's busy wait, a form's save is answered 503; the UI
// sends it once more after Retry-After and, when the lock is gone by then,
// it is saved without the user noticing more than a wait. When the database
// is still busy, the user reads in Swedish that nothing was saved, and the
// form keeps what was typed, ready to be sent again.
// Server, browser and environment variables: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { apiClient, closeAll, launchBrowser, logIn, openPage, startServer, stepper, watchConsole } from "./harness.mjs";
import { holdWriteLock } from "../api/lib.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const BUSY_WAIT_MS = 1000;

let server;
let browser;
let db;

before(async () => {
    // The server inherits the environment: a short busy wait for the test.
    process.env.SAMSYN_BUSY_WAIT_MS = String(BUSY_WAIT_MS);
    server = await startServer();
    delete process.env.SAMSYN_BUSY_WAIT_MS;
    const args = server.process.spawnargs;
    db = args[args.indexOf("--db") + 1];
    await apiClient(server.baseUrl).firstLogin("admin", server.oneTimePassword, PASSWORD);
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

const orgPosts = (status) =>
    server
        .log()
        .split("\n")
        .filter((l) => l.includes("event=request") && l.includes("method=POST") && l.includes('path="/api/v1/orgs"'))
        .filter((l) => l.includes(`status=${status}`)).length;

test("a save that meets a busy database is sent once more, and what was typed is never lost", async (t) => {
    const { context, page } = await openPage(browser);
    const console_ = watchConsole(page, [401, 503]); // 401: GET /session before the login
    const step = stepper(t, page);
    let lock = null;

    await step("the administrator logs in and opens the new organisation form", async () => {
        await logIn(page, server.baseUrl, "admin", PASSWORD);
        await page.waitForURL((u) => new URL(u).pathname === "/");
        await page.goto(server.baseUrl + "/administration/organisationer/ny");
        await page.getByRole("heading", { level: 1, name: "Ny organisation" }).waitFor();
    });

    await step("busy for a moment: the save waits, is sent again after Retry-After and goes through", async () => {
        await page.getByLabel("Namn").fill("Upptagen men sparad");
        await page.getByLabel("Typ").selectOption({ label: "Kommun" });
        await page.getByLabel(/Kommunkod/).fill("1488");
        lock = await holdWriteLock(db);
        await page.getByRole("button", { name: "Skapa organisation" }).click();
        // The first try is answered 503 after the busy wait; the lock goes
        // before the retry 2 s later.
        const end = Date.now() + 10_000;
        while (orgPosts(503) < 1) {
            if (Date.now() > end) server.fail("no 503 for the first try");
            await new Promise((r) => setTimeout(r, 25));
        }
        await lock.release();
        lock = null;
        await page.waitForURL(/\/administration\/organisationer$/);
        await page.locator('[data-test="orgs-table"] tr', { hasText: "Upptagen men sparad" }).waitFor();
        assert.equal(orgPosts(503), 1);
        assert.equal(orgPosts(201), 1);
    });

    await step("busy for longer: the user is told in Swedish, and the form keeps its values", async () => {
        await page.getByRole("link", { name: "Ny organisation" }).click();
        await page.getByRole("heading", { level: 1, name: "Ny organisation" }).waitFor();
        await page.getByLabel("Namn").fill("Upptagen två gånger");
        await page.getByLabel("Typ").selectOption({ label: "Kommun" });
        await page.getByLabel(/Kommunkod/).fill("1489");
        lock = await holdWriteLock(db);
        await page.getByRole("button", { name: "Skapa organisation" }).click();
        const alert = page.locator(".problem-message");
        await alert.waitFor();
        const text = await alert.innerText();
        assert.match(text, /upptagen/);
        assert.match(text, /inget sparades/);
        assert.match(text, /finns kvar/);
        assert.equal(orgPosts(503), 3, "the first try and one retry");
        assert.ok(page.url().endsWith("/organisationer/ny"), "stays on the form");
        assert.equal(await page.getByLabel("Namn").inputValue(), "Upptagen två gånger");
        assert.equal(await page.getByLabel(/Kommunkod/).inputValue(), "1489");
        await lock.release();
        lock = null;
        await page.getByRole("button", { name: "Skapa organisation" }).click();
        await page.waitForURL(/\/administration\/organisationer$/);
        await page.locator('[data-test="orgs-table"] tr', { hasText: "Upptagen två gånger" }).waitFor();
    });

    await t.test("no unexpected console errors", () => {
        assert.deepEqual(console_.unexpected(), []);
    });
    if (lock) await lock.release();
    await context.close();
});
