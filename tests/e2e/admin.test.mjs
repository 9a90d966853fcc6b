// admin.test.mjs — browser test of the web UI against a real `samsyn serve`:
// first login with the one-time password from `samsyn init`, forced password change,
// start page, creating an organisation and a user, the audit log (a list read as one
// row with its ids, and as a file with its filters), the förbund's name on the
// settings page, and logout.
// Runs with `node --test tests/e2e/` and Debian's /usr/bin/chromium via playwright-core;
// server, browser and environment variables: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    apiClient, closeAll, downloadBytes, launchBrowser, openPage, screenshotter, startServer, stepper, watchConsole,
} from "./harness.mjs";
import { readSheet } from "../api/xlsx.mjs";

const NEW_PASSWORD = "Korrekt-Häst-Batteri-42";
const ORG_NAME = "Trollhättans stad e2e";
const USERNAME = "anna.e2e";
const USER_FULL_NAME = "Anna Andersson";

let server;
let baseUrl;
let oneTimePassword;
let browser;

before(async () => {
    server = await startServer();
    ({ baseUrl, oneTimePassword } = server);
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

test("an administrator logs in, changes password, creates an organisation and a user, reads the log and logs out", async (t) => {
    const { context, page } = await openPage(browser);

    // Every console error (CSP violations included) and page error fails the test,
    // except the HTTP errors provoked on purpose: 401 (GET /session before login, the
    // wrong password), 409 (the duplicate organisation) and 422 (the weak password).
    const console_ = watchConsole(page, [401, 409, 422]);
    const shot = screenshotter(page);
    const step = stepper(t, page);

    await step("an unknown visitor is sent to the login page", async () => {
        await page.goto(baseUrl + "/");
        await page.waitForURL(/\/logga-in/);
        await page.getByRole("heading", { level: 1, name: "Logga in" }).waitFor();
        await shot("login-page.png");
    });

    await step("wrong password shows the server's message", async () => {
        await page.getByLabel("Användarnamn").fill("admin");
        await page.getByLabel("Lösenord", { exact: true }).fill("fel-lösenord");
        await page.getByRole("button", { name: "Logga in" }).click();
        const alert = page.locator(".problem-message");
        await alert.waitFor();
        const text = (await alert.innerText()).trim();
        assert.ok(text.length > 0, "the error message is empty");
        await shot("login-failed.png");
        assert.equal(page.url().includes("/logga-in"), true, "still on the login page");
    });

    await step("first login with the one-time password leads to the password page", async () => {
        await page.getByLabel("Användarnamn").fill("admin");
        await page.getByLabel("Lösenord", { exact: true }).fill(oneTimePassword);
        await page.getByRole("button", { name: "Logga in" }).click();
        await page.waitForURL(/\/byt-losenord/);
        await page.getByRole("heading", { level: 1, name: "Byt lösenord" }).waitFor();
        await shot("password-page.png");
    });

    await step("a new password is checked in the browser, then set", async () => {
        await page.getByLabel("Nuvarande lösenord").fill(oneTimePassword);
        await page.getByLabel(/Nytt lösenord/).fill("kort");
        await page.getByLabel("Upprepa nytt lösenord").fill("annat");
        await page.getByRole("button", { name: "Byt lösenord" }).click();
        await page.getByText("Lösenordet måste ha minst 12 tecken.").first().waitFor();
        assert.ok(page.url().includes("/byt-losenord"), "a too short password must not be sent");

        // Long enough, but the commonest of passwords: the server refuses it in Swedish.
        await page.getByLabel(/Nytt lösenord/).fill("password1234");
        await page.getByLabel("Upprepa nytt lösenord").fill("password1234");
        await page.getByRole("button", { name: "Byt lösenord" }).click();
        const reason = page.getByText(/vanligt ord med siffror eller tecken till \(som password1234\)/);
        await reason.first().waitFor();
        assert.ok(page.url().includes("/byt-losenord"), "a weak password must not be accepted");
        // Corrected, the field's reason is stale: it goes, at the field and above the form.
        await page.getByLabel(/Nytt lösenord/).fill(NEW_PASSWORD);
        await reason.first().waitFor({ state: "detached" });

        await page.getByLabel("Nuvarande lösenord").fill(oneTimePassword);
        await page.getByLabel(/Nytt lösenord/).fill(NEW_PASSWORD);
        await page.getByLabel("Upprepa nytt lösenord").fill(NEW_PASSWORD);
        await page.getByRole("button", { name: "Byt lösenord" }).click();
        await page.waitForURL((u) => new URL(u).pathname === "/");
    });

    await step("the start page shows the product, the user and the navigation", async () => {
        await page.getByRole("heading", { level: 1, name: /Välkommen till Samsyn/ }).waitFor();
        await page.locator(".page-header").getByText("Samsyn").waitFor();
        await page.getByRole("button", { name: "Logga ut" }).waitFor();
        const nav = page.getByRole("navigation", { name: "Huvudmeny" });
        for (const item of ["Deltagare", "Insatser", "Arbetsgivare", "Utbildningar", "Rapporter", "Administration"]) {
            await nav.getByRole("menuitem", { name: item }).waitFor();
        }
        await shot("start-page.png");
    });

    await step("the administrator creates an organisation", async () => {
        await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("menuitem", { name: "Administration" }).click();
        await page.waitForURL(/\/administration$/);
        await page.getByRole("heading", { level: 1, name: "Administration" }).waitFor();
        await shot("admin-page.png");
        await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Organisationer" }).click();
        await page.getByRole("heading", { level: 1, name: "Organisationer" }).waitFor();
        await page.getByRole("link", { name: "Ny organisation" }).click();
        await page.getByRole("heading", { level: 1, name: "Ny organisation" }).waitFor();
        await page.getByLabel("Namn").fill(ORG_NAME);
        await page.getByLabel("Typ").selectOption({ label: "Kommun" });
        await page.getByLabel(/Kommunkod/).fill("1488");
        await shot("org-form.png");
        await page.getByRole("button", { name: "Skapa organisation" }).click();
        await page.waitForURL(/\/administration\/organisationer$/);
        const row = page.locator('[data-test="orgs-table"] tr', { hasText: ORG_NAME });
        await row.waitFor();
        assert.match(await row.innerText(), /Kommun/);
        assert.match(await row.innerText(), /1488/);
        await shot("orgs-page.png");
    });

    await step("a second organisation with the same name shows the server's message", async () => {
        await page.getByRole("link", { name: "Ny organisation" }).click();
        await page.getByLabel("Namn").fill(ORG_NAME);
        await page.getByLabel("Typ").selectOption({ label: "Kommun" });
        await page.getByLabel(/Kommunkod/).fill("1488");
        await page.getByRole("button", { name: "Skapa organisation" }).click();
        const alert = page.locator(".problem-message");
        await alert.waitFor();
        assert.match(await alert.innerText(), new RegExp(ORG_NAME), "the conflict message should name the organisation");
        assert.ok(page.url().endsWith("/organisationer/ny"), "stays on the form");
        await shot("org-conflict.png");
    });

    await step("the administrator creates a user in it and sees the one-time password", async () => {
        await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Användare" }).click();
        await page.getByRole("heading", { level: 1, name: "Användare" }).waitFor();
        await page.getByRole("link", { name: "Ny användare" }).click();
        await page.getByRole("heading", { level: 1, name: "Ny användare" }).waitFor();
        await page.getByLabel("Användarnamn").fill(USERNAME);
        await page.getByLabel("Namn", { exact: true }).fill(USER_FULL_NAME);
        await page.getByLabel(/E-post/).fill("anna@example.se");
        const org = page.getByLabel("Organisation");
        await page.locator("#user-org option", { hasText: ORG_NAME }).waitFor({ state: "attached" });
        await org.selectOption({ label: ORG_NAME });
        // FKUI draws its own checkbox over the input: click the label as a person would.
        for (const role of ["Handläggare", "Läsare"]) {
            await page.locator("label", { hasText: role }).click();
            assert.equal(await page.getByLabel(role).isChecked(), true, `role checkbox "${role}" not checked`);
        }
        await shot("user-form.png");
        await page.getByRole("button", { name: "Skapa användare" }).click();
        const created = page.locator('[data-test="user-created"]');
        await created.waitFor();
        const otp = (await page.locator('[data-test="one-time-password"]').innerText()).trim();
        assert.ok(otp.length >= 8, `one-time password looks too short: "${otp}"`);
        await shot("user-created.png");

        await page.getByRole("link", { name: "Till alla användare" }).click();
        const row = page.locator('[data-test="users-table"] tr', { hasText: USERNAME });
        await row.waitFor();
        const text = await row.innerText();
        assert.match(text, new RegExp(ORG_NAME));
        assert.match(text, /Handläggare/);
        assert.match(text, /Läsare/);
        await shot("users-page.png");
    });

    await step("the administrator edits the user and sets a new one-time password", async () => {
        await page.locator('[data-test="users-table"] tr', { hasText: USERNAME }).getByRole("link", { name: /Ändra/ }).click();
        await page.getByRole("heading", { level: 1, name: "Ändra användare" }).waitFor();
        await page.locator('[data-test="username"]', { hasText: USERNAME }).waitFor();
        await page.locator("label", { hasText: "Kansli" }).click();
        await page.getByRole("button", { name: "Spara" }).click();
        await page.getByText("Ändringarna är sparade.").waitFor();
        // A reset asks first; "Avbryt" changes nothing.
        await page.getByRole("button", { name: "Sätt nytt engångslösenord" }).click();
        const dialog = page.getByRole("dialog");
        await dialog.getByText("Sätta ett nytt engångslösenord?").waitFor();
        await dialog.getByRole("button", { name: "Avbryt" }).click();
        await dialog.waitFor({ state: "hidden" });
        assert.equal(await page.locator('[data-test="new-one-time-password"]').count(), 0);
        await page.getByRole("button", { name: "Sätt nytt engångslösenord" }).click();
        await dialog.getByRole("button", { name: "Sätt nytt engångslösenord" }).click();
        const otp = page.locator('[data-test="new-one-time-password"] .one-time-password');
        await otp.waitFor();
        // The same readable form as a new user's (made by the server).
        assert.match((await otp.innerText()).trim(), /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
        await shot("user-edit.png");
        await page.getByRole("button", { name: "Inaktivera kontot" }).click();
        await dialog.getByText("Inaktivera kontot?").waitFor();
        assert.equal(await page.locator('[data-test="user-status"]').innerText(), "Aktiv", "not before the confirmation");
        await dialog.getByRole("button", { name: "Inaktivera kontot" }).click();
        await page.locator('[data-test="user-status"]', { hasText: "Inaktiv" }).waitFor();
        await page.getByRole("button", { name: "Aktivera kontot" }).click();
        await page.locator('[data-test="user-status"]', { hasText: "Aktiv" }).waitFor();
    });

    await step("the audit log shows the login and the creations", async () => {
        await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Logg" }).click();
        await page.getByRole("heading", { level: 1, name: "Logg" }).waitFor();
        const table = page.locator('[data-test="audit-table"]');
        await table.waitFor();
        await table.locator('tr[data-action="login"]').first().waitFor();
        await table.locator('tr[data-action="create"][data-entity="org"]').first().waitFor();
        await table.locator('tr[data-action="create"][data-entity="user"]').first().waitFor();
        await table.locator('tr[data-action="update"][data-entity="user"]').first().waitFor();
        const loginRow = await table.locator('tr[data-action="login"]').first().innerText();
        assert.match(loginRow, /Inloggning/);
        assert.match(loginRow, /admin/);
        // What was changed is named, not "org 2".
        const orgRow = await table.locator('tr[data-action="create"][data-entity="org"]').first().innerText();
        assert.ok(orgRow.includes(`Organisation: ${ORG_NAME}`), orgRow);
        await shot("audit-page.png");

        // Filter on entity "Organisation": only org events remain.
        await page.getByLabel("Objekt", { exact: true }).selectOption({ label: "Organisation" });
        await page.getByRole("button", { name: "Visa" }).click();
        await page.waitForURL(/entity=org/);
        await page.locator('[data-test="audit-table"] tr[data-entity="org"]').first().waitFor();
        assert.equal(await page.locator('[data-test="audit-table"] tbody tr:not([data-entity="org"])').count(), 0);

        // The filtered log as an XLSX file, by the page's link: the filter on top, only org events.
        const href = await page.locator('[data-test="audit-xlsx"]').getAttribute("href");
        assert.match(href, /entity=org/);
        const sheet = readSheet(await downloadBytes(page, href));
        assert.equal(sheet.rows.get(2)[0].value, "Objekt: Organisation");
        const rows = [...sheet.rows.entries()].filter(([n]) => n > sheet.frozenRows).map(([, cells]) => cells);
        assert.ok(rows.length > 0 && rows.every((cells) => cells.find((c) => c.col === 5)?.value === "Organisation"), "only org events");
    });

    await step("a list of participants read is one row in the log, its ids behind 'Visa id'", async () => {
        const api = apiClient(baseUrl);
        await api.login("admin", NEW_PASSWORD);
        const ids = [];
        for (const birth_year of [1980, 1981, 1982]) {
            const r = await api.call("POST", "/participants", { anonymous: true, sex: "female", birth_year });
            assert.equal(r.status, 201, JSON.stringify(r.data));
            ids.push(r.data.id);
        }
        await page.goto(baseUrl + "/deltagare");
        await page.locator('[data-test="participants-table"]').waitFor();
        await page.goto(baseUrl + "/administration/logg?entity=participant&action=read");
        const row = page.locator('[data-test="audit-table"] tr[data-action="read"][data-entity="participant"]').first();
        await row.waitFor();
        assert.match(await row.innerText(), /Deltagare, 3 st\. i en lista/);
        await row.getByText("Visa id").click();
        const shown = await row.locator('[data-test^="audit-ids-"]').innerText();
        assert.deepEqual(shown.split(", ").map(Number).sort(), [...ids].sort());
        await shot("audit-list-read.png");
    });

    await step("the förbund's name is changed on the settings page", async () => {
        await page.goto(baseUrl + "/administration/installningar");
        await page.getByRole("heading", { level: 1, name: "Inställningar" }).waitFor();
        const field = page.getByLabel("Förbundets namn");
        await field.waitFor();
        assert.equal(await field.inputValue(), "Samordningsförbundet");
        await page.getByText("Skrivs i e-post och på diplom.").waitFor();
        await field.fill("  Samordningsförbundet Älvsborg ");
        await page.getByRole("button", { name: "Spara", exact: true }).click();
        await page.getByText("Ändringarna är sparade.").waitFor();
        assert.equal(await field.inputValue(), "Samordningsförbundet Älvsborg");
        const api = apiClient(baseUrl);
        await api.login("admin", NEW_PASSWORD);
        const r = await api.call("GET", "/settings");
        assert.equal(r.data.forbund_name, "Samordningsförbundet Älvsborg");
        await shot("settings.png");
    });

    await step("the outbox shows a test mail waiting (no relay), with the förbund's name in it", async () => {
        await page.goto(baseUrl + "/administration/e-post");
        await page.getByRole("heading", { level: 1, name: "E-post" }).waitFor();
        await page.getByText("Inga meddelanden har skickats.").waitFor();
        await page.getByLabel("Mottagarens adress").fill("kansliet@example.se");
        await page.getByRole("button", { name: "Skicka testmeddelande" }).click();
        await page.getByText("Testmeddelandet till kansliet@example.se ligger i kön.").waitFor();
        const row = page.locator('[data-test="mail-outbox"] tr[data-state="queued"]');
        await row.getByText("kansliet@example.se").waitFor();
        await row.getByText("Väntar").waitFor();
        const api = apiClient(baseUrl);
        await api.login("admin", NEW_PASSWORD);
        const r = await api.call("GET", "/mail/outbox");
        assert.equal(r.data.items.length, 1);
        assert.match(r.data.items[0].body, /Samordningsförbundet Älvsborg/);
        await shot("mail-outbox.png");
    });

    await step("the API documentation page lists the API", async () => {
        await page.goto(baseUrl + "/api-docs");
        await page.locator("table").getByText(/\/session$/).first().waitFor();
        await page.getByRole("link", { name: /OpenAPI-dokumentet som JSON/ }).waitFor();
        await shot("api-docs.png");
        await page.goto(baseUrl + "/");
        await page.getByRole("heading", { level: 1, name: /Välkommen till Samsyn/ }).waitFor();
    });

    await step("logout leads back to the login page", async () => {
        await page.getByRole("button", { name: "Logga ut" }).click();
        await page.waitForURL(/\/logga-in/);
        await page.getByRole("heading", { level: 1, name: "Logga in" }).waitFor();
        await page.getByText("Du är utloggad.").waitFor();
        // The session is really gone: a protected page leads to login again.
        await page.goto(baseUrl + "/administration/anvandare");
        await page.waitForURL(/\/logga-in/);
    });

    await step("no console errors or CSP violations", () => {
        const unexpected = console_.unexpected();
        assert.deepEqual(unexpected, [], `console errors:\n${unexpected.join("\n")}`);
    });

    await context.close();
});

test("the server stops cleanly on SIGTERM", async () => {
    const { exit, process: proc } = server;
    assert.ok(!exit.done, "server is not running");
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
    await exit.promise;
    clearTimeout(timer);
    assert.equal(exit.signal, null, `server was killed by ${exit.signal} (did not stop within 10 s of SIGTERM)`);
    assert.equal(exit.code, 0, `server exited with code ${exit.code}\n${server.log().slice(-2000)}`);
});
