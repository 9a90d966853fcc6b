// broad_list.test.mjs — a participant list that matches more than 10 000
// (src/domain/participant.c, "Broad lists"), in the browser: the heading and
// the pager say "fler än 10 000", "Nästa" stays usable past the bound, and
// the page beyond 10 000 shows its own rows. Data from `samsyn gen`.
// Server, browser and environment variables: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { apiClient, closeAll, launchBrowser, logIn, openPage, startServer, stepper, watchConsole } from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
let server, browser;

before(async () => {
    server = await startServer({ gen: ["--participants", "16000", "--seed", "5"] });
    const admin = apiClient(server.baseUrl);
    await admin.firstLogin("admin", server.oneTimePassword, PASSWORD);
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

test("a list of more than 10 000 says so and pages on past it", async (t) => {
    const { context, page } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    const console_ = watchConsole(page, [401]); // the session check before logging in
    const step = stepper(t, page, "broad-list");

    await step("the admin's ended participants", async () => {
        await logIn(page, server.baseUrl, "admin", PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen till Samsyn/ }).waitFor();
        await page.goto(server.baseUrl + "/deltagare?status=ended");
        const count = page.locator('[data-test="pager-count"]');
        await count.filter({ hasText: "Visar" }).waitFor();
        assert.match((await count.innerText()).replace(/\s+/g, " "), /Visar 1–50 av fler än 10 000/);
        assert.match(await page.locator("#participants-result-heading").innerText(), /matchar filtren: fler än 10\s000/);
    });

    await step("the page past the bound", async () => {
        await page.goto(server.baseUrl + "/deltagare?status=ended&offset=10000");
        const count = page.locator('[data-test="pager-count"]');
        await count.filter({ hasText: "Visar" }).waitFor();
        assert.match((await count.innerText()).replace(/\s+/g, " "), /Visar 10 001–10 050 av fler än 10 000/);
        assert.equal(await page.getByRole("button", { name: "Nästa" }).isEnabled(), true);
    });
    assert.deepEqual(console_.unexpected(), []);
    await context.close();
});
