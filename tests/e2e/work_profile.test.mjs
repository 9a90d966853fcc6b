// work_profile.test.mjs — browser test of the participant's work profile (issue 14,
// docs/matching.md "Work profile") against a real `samsyn serve`: a case worker opens a
// participant of her organisation ("Ingen arbetsprofil ännu"), fills in the profile
// (two occupations found by searching, two municipalities, Swedish, a certificate, what
// she is open to, hours and limitations), is refused 50 hours a week by the server with
// the Swedish reason at the field, saves 30, and sees the profile on the participant
// page with the SSYK titles and the municipalities' names. A kansli user, who may not
// see participants, gets no work profile section and asks for none. The edit page is
// scanned with axe (empty, and with the server's error shown), and both pages are
// photographed at 1366 and 390 px. Server, browser and environment: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    apiClient, axeViolations, closeAll, launchBrowser, logIn, openPage, personnummer, startWithOrg, stepper,
    watchConsole, widthShots,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const CASE_WORKER = { username: "hanna", name: "Hanna Handläggare", roles: ["case_worker"] };
const KANSLI = { username: "kalle", name: "Kalle Kansli", roles: ["kansli"] };

let server;
let browser;
let participantId;

before(async () => {
    ({ server } = await startWithOrg("AF Trollhättan profil", [CASE_WORKER, KANSLI], PASSWORD));
    // Registered by her organisation, so hers to see (docs/followup.md "Who may see what").
    const hanna = apiClient(server.baseUrl);
    await hanna.login(CASE_WORKER.username, PASSWORD);
    const p = await hanna.call("POST", "/participants", {
        anonymous: false,
        personnummer: personnummer("1988-05-06", 42),
        first_name: "Petra",
        last_name: "Profilsson",
        municipality_code: "1488",
        target_groups: [],
    });
    assert.equal(p.status, 201, JSON.stringify(p.data));
    participantId = p.data.id;
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

test("a case worker fills in a participant's work profile and sees it on her page", async (t) => {
    // axe is injected as a script: the context bypasses the CSP.
    const { page } = await openPage(browser, { bypassCSP: true });
    // 401: GET /session before login; 422: the 50 hours the server refuses.
    const console_ = watchConsole(page, [401, 422]);
    const step = stepper(t, page, "work-profile");
    const section = () => page.locator('[data-test="work-profile"]');
    const violations = [];
    /** The page at a laptop's and a phone's width, then back. */
    const shots = widthShots(page);

    await step("log in and open the participant: no profile yet", async () => {
        await logIn(page, server.baseUrl, CASE_WORKER.username, PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen till Samsyn/ }).waitFor();
        await page.goto(`${server.baseUrl}/deltagare/${participantId}`);
        await page.getByRole("heading", { level: 1, name: "Petra Profilsson" }).waitFor();
        await section().getByRole("heading", { level: 2, name: "Arbetsprofil" }).waitFor();
        await section().getByText("Ingen arbetsprofil ännu.").waitFor();
    });

    await step("the edit page opens empty and passes the accessibility scan", async () => {
        await section().getByRole("link", { name: "Fyll i arbetsprofil" }).click();
        await page.waitForURL(new RegExp(`/deltagare/${participantId}/arbetsprofil$`));
        await page.getByRole("heading", { level: 1, name: "Arbetsprofil" }).waitFor();
        await page.locator('[data-test="work-profile-who"]', { hasText: "Petra Profilsson" }).waitFor();
        await page.getByText("Inga yrken ännu.").waitFor();
        violations.push(...(await axeViolations(page, "work profile form, empty")));
    });

    await step("fill in the profile; 50 hours a week is refused at the field in Swedish", async () => {
        // Occupations: the search narrows the list; the chosen one is added with its title.
        await page.getByLabel("Sök yrke").fill("truckförare");
        await page.locator("#profile-occupation option", { hasText: "8344 Truckförare" }).waitFor({ state: "attached" });
        await page.locator("#profile-occupation").selectOption("8344");
        await page.locator('[data-test="profile-occupations-add"]').click();
        await page.locator('[data-test="profile-occupations-item-0"]', { hasText: "Truckförare (8344)" }).waitFor();
        await page.getByLabel("Sök yrke").fill("kockar");
        await page.locator("#profile-occupation").selectOption("5120");
        // Left chosen without "Lägg till": saving adds it (below).

        await page.getByLabel("Kommun (hela Sverige)").selectOption({ label: "Trollhättan (1488)" });
        await page.locator('[data-test="profile-municipalities-add"]').click();
        await page.getByLabel("Kommun (hela Sverige)").selectOption({ label: "Göteborg (1480)" });
        await page.locator('[data-test="profile-municipalities-add"]').click();
        await page.locator('[data-test="profile-municipalities-item-1"]', { hasText: "Göteborg" }).waitFor();

        await page.locator("label", { hasText: /^\s*Körkort\s*$/ }).click();
        await page.getByLabel("Svenska").selectOption({ label: "God" });
        await page.getByLabel("Certifikat eller yrkesbevis").fill("Truckkort A");
        await page.locator('[data-test="profile-certificates-add"]').click();
        await page.locator('[data-test="profile-certificates-item-0"]', { hasText: "Truckkort A" }).waitFor();
        await page.locator("label", { hasText: /^\s*Praktik\s*$/ }).click();
        await page.locator("label", { hasText: /^\s*Anställning\s*$/ }).click();
        await page.locator("#profile-hours").fill("50");
        await page.locator("#profile-limitations").fill("Kan inte lyfta tungt.");

        await page.locator('[data-test="profile-save"]').click();
        const reason = "Ange timmar per vecka som ett heltal från 1 till 40.";
        // At the field (FKUI writes a field's error in its label), and in the list above.
        await page.locator('label[for="profile-hours"]', { hasText: reason }).waitFor();
        await page.getByRole("alert").filter({ hasText: `Timmar per vecka: ${reason}` }).waitFor();
        assert.match(page.url(), /\/arbetsprofil$/, "a refused profile stays on the form");
        violations.push(...(await axeViolations(page, "work profile form, with the server's error")));
        await shots("work-profile-form");
    });

    await step("30 hours is saved, and the participant page shows the profile", async () => {
        await page.locator("#profile-hours").fill("30");
        await page.locator('[data-test="profile-save"]').click();
        await page.waitForURL(new RegExp(`/deltagare/${participantId}$`));
        await page.getByText("Arbetsprofilen är sparad.").waitFor();
        const facts = section().locator('[data-test="work-profile-facts"]');
        await facts.waitFor();
        // Sorted by code, as the server keeps them; titles from SSYK 2012, names of the municipalities.
        assert.deepEqual(
            await facts.locator('[data-test="work-profile-occupations"] li').allInnerTexts(),
            ["Kockar och kallskänkor (5120)", "Truckförare (8344)"],
        );
        assert.equal(await facts.locator('[data-test="work-profile-municipalities"]').innerText(), "Göteborg, Trollhättan");
        assert.equal(await facts.locator('[data-test="work-profile-swedish"]').innerText(), "God");
        assert.equal(await facts.locator('[data-test="work-profile-certificates"]').innerText(), "Truckkort A");
        assert.equal(await facts.locator('[data-test="work-profile-open-to"]').innerText(), "Anställning, Praktik");
        assert.equal(await facts.locator('[data-test="work-profile-hours"]').innerText(), "30");
        assert.equal(await facts.locator('[data-test="work-profile-limitations"]').innerText(), "Kan inte lyfta tungt.");
        await section().getByRole("link", { name: "Ändra arbetsprofil" }).waitFor();
        await shots("work-profile-participant");
    });

    await step("the edit page shows what was saved", async () => {
        await section().getByRole("link", { name: "Ändra arbetsprofil" }).click();
        await page.locator('[data-test="profile-occupations-item-1"]', { hasText: "Truckförare (8344)" }).waitFor();
        assert.equal(await page.locator("#profile-hours").inputValue(), "30");
        assert.equal(await page.getByLabel("Svenska").inputValue(), "good");
        assert.equal(await page.locator("#profile-limitations").inputValue(), "Kan inte lyfta tungt.");
    });

    await step("no accessibility violations and no unexpected console errors", async () => {
        assert.deepEqual(violations, []);
        assert.deepEqual(console_.unexpected(), []);
    });
});

test("a kansli user gets no work profile section and asks for none", async (t) => {
    const { page } = await openPage(browser);
    const step = stepper(t, page, "work-profile-kansli");
    const profileRequests = [];
    page.on("request", (req) => {
        if (req.url().includes("/profile")) profileRequests.push(req.url());
    });
    await step("the participant page has no Arbetsprofil", async () => {
        await logIn(page, server.baseUrl, KANSLI.username, PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen till Samsyn/ }).waitFor();
        await page.goto(`${server.baseUrl}/deltagare/${participantId}`);
        // The participant is refused to her role (403); the page says so and shows nothing of her.
        await page.getByRole("alert").waitFor();
        await page.waitForLoadState("networkidle");
        assert.equal(await page.getByRole("heading", { name: "Arbetsprofil" }).count(), 0);
        assert.deepEqual(profileRequests, []);
    });
});
