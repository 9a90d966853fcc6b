// reports_suppression.test.mjs — browser test of suppression by default: a reader
// (no access to participants) opens the participants report and gets the small
// municipality hidden as "..", with the note naming the threshold under the table,
// the grand total shown, and no choice to turn suppression off; admin gets the same
// report unsuppressed with the choice. Data are entered through the API.
// Server, browser and environment variables: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    apiClient, closeAll, isoDate, launchBrowser, logIn, makeUser, openPage, screenshotter, startServer, stepper,
    watchConsole,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const YEAR = isoDate(new Date()).slice(0, 4);

let server;
let browser;

before(async () => {
    server = await startServer();
    const admin = apiClient(server.baseUrl);
    await admin.firstLogin("admin", server.oneTimePassword, PASSWORD);
    await makeUser(admin, server.baseUrl, { username: "rut", name: "Rut Läsare", roles: ["reader"] }, 1, PASSWORD);
    const iv = await admin.call("POST", "/interventions", {
        name: "Utsikt e2e", kind: "individual", owner_org_id: 1, start_date: `${YEAR}-01-01`, status: "active",
    });
    assert.equal(iv.status, 201, JSON.stringify(iv.data));
    // Trollhättan 6 women and 5 men, Göteborg 5 and 6, Vänersborg one woman: 23 people.
    const people = [["1488", "female", 6], ["1488", "male", 5], ["1480", "female", 5], ["1480", "male", 6], ["1487", "female", 1]];
    for (const [municipality_code, sex, n] of people) {
        for (let i = 0; i < n; i++) {
            const p = await admin.call("POST", "/participants", { anonymous: true, sex, birth_year: 1980, municipality_code });
            assert.equal(p.status, 201, JSON.stringify(p.data));
            const e = await admin.call("POST", "/enrolments", { participant_id: p.data.id, intervention_id: iv.data.id, start_date: `${YEAR}-01-01` });
            assert.equal(e.status, 201, JSON.stringify(e.data));
        }
    }
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

async function logInAs(page, username) {
    await logIn(page, server.baseUrl, username, PASSWORD);
    await page.getByRole("heading", { level: 1, name: /Välkommen till Samsyn/ }).waitFor();
}

test("a reader's participants report hides the small municipality, keeps the total, and says why", async (t) => {
    const { context, page } = await openPage(browser);
    const console_ = watchConsole(page, [401]);
    const shot = screenshotter(page);
    const step = stepper(t, page, "suppression");

    await step("the reader's report", async () => {
        await logInAs(page, "rut");
        await page.goto(server.baseUrl + "/rapporter");
        const row = page.locator('[data-test="report-table"] tbody tr', { hasText: "Vänersborg" });
        await row.waitFor();
        const cell = async (r, col) => (await r.locator(`td[data-col="${col}"]`).innerText()).trim();
        assert.equal(await cell(row, "total"), "..");
        assert.equal(await cell(row, "women"), "..");
        assert.equal(await cell(row, "men"), "0");
        const total = page.locator('[data-test="report-total"]');
        assert.equal(await cell(total, "total"), "23");
        const note = (await page.locator('[data-test="suppression-note"]').innerText()).replace(/\s+/g, " ");
        assert.match(note, /\.\. = färre än 5 personer eller dold för att skydda en annan cell/);
        // No way to turn it off, and told so.
        await page.locator('[data-test="suppression-always"]').waitFor();
        assert.equal(await page.locator("label", { hasText: "Dölj små tal" }).count(), 0);
        // The CSV link is suppressed too (the server decides, not the address).
        const href = await page.locator('[data-test="report-csv"]').getAttribute("href");
        const csv = await page.evaluate(async (url) => (await fetch(url, { credentials: "same-origin" })).text(), href);
        assert.match(csv, /\r\n1487;Vänersborg;\.\.;\.\.;0;/);
        assert.match(csv, /\.\. = färre än 5 personer eller dold för att skydda en annan cell\r\n$/);
        await shot("reports-suppressed-reader.png");
    });
    assert.deepEqual(console_.unexpected(), []);
    await context.close();
});

test("admin gets the same report unsuppressed, with the choice", async (t) => {
    const { context, page } = await openPage(browser);
    const console_ = watchConsole(page, [401]);
    const step = stepper(t, page, "suppression-admin");
    await step("admin's report", async () => {
        await logInAs(page, "admin");
        await page.goto(server.baseUrl + "/rapporter");
        const row = page.locator('[data-test="report-table"] tbody tr', { hasText: "Vänersborg" });
        await row.waitFor();
        assert.equal((await row.locator('td[data-col="women"]').innerText()).trim(), "1");
        assert.equal(await page.locator('[data-test="suppression-note"]').count(), 0);
        await page.locator("label", { hasText: "Dölj små tal (färre än 5 personer)" }).waitFor();
    });
    assert.deepEqual(console_.unexpected(), []);
    await context.close();
});
