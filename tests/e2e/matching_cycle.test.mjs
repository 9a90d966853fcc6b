// matching_cycle.test.mjs — the matching cycle of issue 14 in a browser against a real
// `samsyn serve` (docs/matching.md): an employer with a recruitment need (made through
// the API) gets an open place from kansli with one click ("Skapa plats"); a case worker
// opens her participant (work profile and consent to share with employers set up
// through the API), finds the place first among her matches with every factor's reason,
// and a second place that requires a driving licence below it marked "Uppfyller inte
// krav: körkort"; she proposes her ("Föreslå") and is warned of another organisation's
// recent contact with the employer; the employer contact (the employer's
// main contact) sees the candidate as "Petra P." on the place, logs the employer's
// answer (accepted) and the start; the participant's page shows the placement under
// way; she nominates her to the employer's job track and invites her, and the track's
// funnel counts her as nominated and invited. An admin changes the matching weights. The matches, opportunity and employer
// pages pass axe's WCAG 2.1 A/AA rules; every page is photographed at 1366 and 390 px
// and must not be wider than the phone. Server, browser and environment: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    apiClient, axeViolations, closeAll, isoDate, launchBrowser, logIn, openPage, personnummer, startWithOrg, stepper,
    watchConsole, widthShots,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const CASE_WORKER = { username: "hanna", name: "Hanna Handläggare", roles: ["case_worker"] };
const KANSLI = { username: "kalle", name: "Kalle Kansli", roles: ["kansli"] };
const EMPLOYER_CONTACT = { username: "erik", name: "Erik Arbetsgivarkontakt", roles: ["employer_contact"] };
const EMPLOYER = "Köket i Trollhättan AB";

let server;
let browser;
const ids = {};

before(async () => {
    const made = await startWithOrg("AF Trollhättan matchning", [CASE_WORKER, KANSLI, EMPLOYER_CONTACT], PASSWORD);
    server = made.server;
    const { admin } = made;
    const erik = made.userIds[EMPLOYER_CONTACT.username];

    const employer = await admin.call("POST", "/employers", {
        orgnr: "5566778899", name: EMPLOYER, sni_code: "56100", size_class: "10-19", municipality_code: "1488",
        main_contact_user_id: erik,
    });
    assert.equal(employer.status, 201, JSON.stringify(employer.data));
    ids.employer = employer.data.id;
    // Another organisation's contact with the employer today: proposing warns of it.
    const contact = await admin.call("POST", `/employers/${ids.employer}/contacts`, {
        date: isoDate(new Date()), channel: "phone", purpose: "recruitment", note: "Samtal om behovet",
    });
    assert.equal(contact.status, 201, JSON.stringify(contact.data));
    // Open to praktik only: one click makes the place.
    const need = await admin.call("POST", `/employers/${ids.employer}/needs`, {
        ssyk_code: "5120", headcount: 2, open_to: { praktik: true },
        requirements: { driving_licence: false, swedish_level: "basic", upper_secondary: false },
    });
    assert.equal(need.status, 201, JSON.stringify(need.data));
    // A place she fails: a driving licence is required.
    const van = await admin.call("POST", "/opportunities", {
        employer_id: ids.employer, kind: "employment", ssyk_code: "5120", municipality_code: "1488", places: 1,
        title: "Kock med utkörning", requirements: { driving_licence: true },
    });
    assert.equal(van.status, 201, JSON.stringify(van.data));
    ids.van = van.data.id;

    const hanna = apiClient(server.baseUrl);
    await hanna.login(CASE_WORKER.username, PASSWORD);
    const p = await hanna.call("POST", "/participants", {
        anonymous: false, personnummer: personnummer("1990-03-04", 42), first_name: "Petra", last_name: "Platsson",
        municipality_code: "1488", target_groups: [],
    });
    assert.equal(p.status, 201, JSON.stringify(p.data));
    ids.participant = p.data.id;
    const profile = await hanna.call("PUT", `/participants/${ids.participant}/profile`, {
        occupations: ["5120"], municipality_codes: ["1488"], driving_licence: false, swedish_level: "good",
        upper_secondary: true, open_to: ["praktik", "employment"],
    });
    assert.equal(profile.status, 200, JSON.stringify(profile.data));
    const consent = await hanna.call("POST", `/participants/${ids.participant}/consents`, {
        status: "given", date: isoDate(new Date()),
    });
    assert.equal(consent.status, 201, JSON.stringify(consent.data));
    // A second one with a profile but no consent: she cannot be proposed.
    const q = await hanna.call("POST", "/participants", {
        anonymous: false, personnummer: personnummer("1991-05-06", 44), first_name: "Nora", last_name: "Nejsson",
        municipality_code: "1488", target_groups: [],
    });
    assert.equal(q.status, 201, JSON.stringify(q.data));
    ids.noConsent = q.data.id;
    const qp = await hanna.call("PUT", `/participants/${ids.noConsent}/profile`, { occupations: ["5120"], open_to: ["praktik"] });
    assert.equal(qp.status, 200, JSON.stringify(qp.data));
    // A job track at the employer: the proposed participant is nominated to it in the browser.
    const track = await admin.call("POST", "/job-tracks", {
        name: "Köksspåret", employer_ids: [ids.employer], ssyk_code: "5120", places: 4,
    });
    assert.equal(track.status, 201, JSON.stringify(track.data));
    ids.track = track.data.id;
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

test("a need becomes a place, a case worker proposes her, the employer answers and she starts", { timeout: 300_000 }, async (t) => {
    // axe is injected as a script: the context bypasses the CSP.
    const { context, page } = await openPage(browser, { bypassCSP: true });
    const console_ = watchConsole(page, [401]);
    const step = stepper(t, page, "matching");
    const violations = [];
    /** The page at a laptop's and a phone's width (not wider than the phone), then back. */
    const shots = widthShots(page, "matching-");
    const as = async (user) => {
        await context.clearCookies();
        await logIn(page, server.baseUrl, user.username, PASSWORD);
        await page.waitForURL((u) => !u.pathname.includes("logga-in"));
        await page.getByRole("heading", { level: 1 }).first().waitFor();
    };

    await step("kansli turns the recruitment need into a place with one click", async () => {
        await as(KANSLI);
        await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("menuitem", { name: "Platser" }).waitFor();
        await page.goto(`${server.baseUrl}/arbetsgivare/${ids.employer}`);
        await page.getByRole("heading", { level: 1, name: EMPLOYER }).waitFor();
        await page.locator('[data-test="needs-table"]').getByRole("button", { name: /Skapa plats/ }).click();
        await page.waitForURL(/\/platser\/\d+$/);
        ids.place = Number(/\/platser\/(\d+)$/.exec(page.url())[1]);
        await page.getByText("Platsen är skapad från rekryteringsbehovet.").waitFor();
        await page.getByRole("heading", { level: 1, name: "Kockar och kallskänkor (5120)" }).waitFor();
        assert.equal(await page.locator('[data-test="opportunity-kind"]').innerText(), "Praktik");
        assert.match(await page.locator('[data-test="opportunity-requirements"]').innerText(), /Svenska: grundläggande/);
        // Kansli sees no participant data: no candidates, no placements.
        assert.equal(await page.locator('[data-test="candidates"]').count(), 0);
        violations.push(...(await axeViolations(page, "opportunity page, kansli")));
        await shots("opportunity-kansli");
    });

    await step("the employer page lists the place; the list page filters by kind", async () => {
        await page.goto(`${server.baseUrl}/arbetsgivare/${ids.employer}`);
        const table = page.locator('[data-test="employer-opportunities-table"]');
        await table.locator(`[data-opportunity="${ids.place}"]`).waitFor();
        await table.locator(`[data-opportunity="${ids.van}"]`, { hasText: "Kock med utkörning" }).waitFor();
        violations.push(...(await axeViolations(page, "employer page, kansli")));
        await shots("employer-kansli");
        await page.goto(`${server.baseUrl}/platser`);
        await page.getByRole("heading", { level: 1, name: "Platser" }).waitFor();
        await page.getByLabel("Sorts plats").selectOption("praktik");
        await page.getByRole("button", { name: "Visa" }).click();
        await page.waitForURL(/kind=praktik/);
        const rows = page.locator('[data-test="opportunities-table"] tbody tr');
        await rows.first().waitFor();
        assert.equal(await rows.count(), 1);
        violations.push(...(await axeViolations(page, "opportunities list")));
        await shots("opportunities-list");
    });

    await step("the case worker sees the place first among her matches, with the reasons", async () => {
        await as(CASE_WORKER);
        await page.goto(`${server.baseUrl}/deltagare/${ids.participant}`);
        await page.getByRole("heading", { level: 1, name: "Petra Platsson" }).waitFor();
        const items = page.locator('[data-test="matches-list"] > li');
        await items.first().waitFor();
        assert.equal(await items.count(), 2);
        const first = items.nth(0);
        assert.equal(await first.getAttribute("data-opportunity"), String(ids.place));
        assert.match(await first.locator('[data-factor="occupation"]').innerText(), /✓[\s\S]*Yrke:/);
        assert.match(await first.locator('[data-factor="kind"]').innerText(), /praktik/i);
        assert.equal(await first.locator('[data-test="match-fails"]').count(), 0);
        const second = items.nth(1);
        assert.equal(await second.getAttribute("data-opportunity"), String(ids.van));
        assert.equal(await second.locator('[data-test="match-fails"]').innerText(), "Uppfyller inte krav: körkort");
        assert.match(await second.locator('[data-factor="driving_licence"]').innerText(), /✗/);
        violations.push(...(await axeViolations(page, "participant page with matches")));
        await shots("participant-matches");
    });

    await step("she proposes her; the placement is listed as proposed", async () => {
        await page.locator('[data-test="matches-list"] > li').first().getByRole("button", { name: /Föreslå/ }).click();
        await page.locator('[data-test="match-proposed"]', { hasText: `hos ${EMPLOYER}` }).waitFor();
        // The coordination warning of the other organisation's contact, as the contact log shows it.
        await page.locator('[data-test="match-proposed"] [data-test="placement-warnings"]').waitFor();
        violations.push(...(await axeViolations(page, "participant page after proposing, with the warning")));
        const row = page.locator('[data-test="placements-table"] tbody tr').first();
        await row.locator('[data-test="placement-state"]', { hasText: "Föreslagen" }).waitFor();
        // Proposed once: the place says so instead of offering "Föreslå" again.
        const first = page.locator('[data-test="matches-list"] > li').first();
        await first.locator('[data-test="match-proposed-already"]').waitFor();
        assert.equal(await first.getByRole("button", { name: /Föreslå/ }).count(), 0);
    });

    await step("without consent the matches say why she cannot be proposed, and offer no button", async () => {
        await page.goto(`${server.baseUrl}/deltagare/${ids.noConsent}`);
        await page.getByRole("heading", { level: 1, name: "Nora Nejsson" }).waitFor();
        await page.locator('[data-test="matches-list"] > li').first().waitFor();
        assert.match(await page.locator('[data-test="matches-no-consent"]').innerText(), /inget lämnat samtycke/);
        assert.equal(await page.locator('[data-test="match-propose"]').count(), 0);
    });

    await step("the case worker's opportunity page shows the candidate and the placement", async () => {
        await page.goto(`${server.baseUrl}/platser/${ids.place}`);
        const candidate = page.locator(`[data-test="candidates-list"] [data-participant="${ids.participant}"]`);
        await candidate.getByRole("link", { name: "Petra Platsson" }).waitFor();
        await candidate.locator('[data-test="candidate-proposed-already"]').waitFor();
        await page.locator('[data-test="placements-table"] [data-test="placement-state"]', { hasText: "Föreslagen" }).waitFor();
        violations.push(...(await axeViolations(page, "opportunity page, case worker")));
        await shots("opportunity-case-worker");
    });

    await step("the employer contact sees 'Petra P.' and logs the employer's answer and the start", async () => {
        await as(EMPLOYER_CONTACT);
        await page.goto(`${server.baseUrl}/platser/${ids.place}`);
        const candidate = page.locator(`[data-test="candidates-list"] [data-participant="${ids.participant}"]`);
        await candidate.getByRole("heading", { name: "Petra P." }).waitFor();
        assert.equal(await candidate.getByRole("button", { name: /Föreslå/ }).count(), 0, "the employer side proposes no one");
        const table = page.locator('[data-test="placements-table"]');
        await table.getByRole("button", { name: /Registrera svar/ }).click();
        const form = page.locator('[data-test="placement-step-form"]');
        await form.locator("label", { hasText: /^\s*Tackade ja\s*$/ }).click();
        violations.push(...(await axeViolations(page, "opportunity page, employer contact, answer form")));
        await shots("opportunity-employer-contact-answer");
        await form.locator('[data-test="placement-step-save"]').click();
        await page.locator('[data-test="placement-saved"]').waitFor();
        await table.locator('[data-test="placement-state"]', { hasText: "Arbetsgivaren tackade ja" }).waitFor();
        await table.getByRole("button", { name: /Registrera start/ }).click();
        await form.locator('[data-test="placement-step-save"]').click();
        await table.locator('[data-test="placement-state"]', { hasText: "Pågår" }).waitFor();
        await page.goto(`${server.baseUrl}/arbetsgivare/${ids.employer}`);
        await page.getByRole("heading", { level: 1, name: EMPLOYER }).waitFor();
        await page.locator('[data-test="placements-table"]').getByRole("rowheader", { name: "Petra P." }).waitFor();
        violations.push(...(await axeViolations(page, "employer page, employer contact")));
        await shots("employer-employer-contact");
    });

    await step("the participant's page shows the placement under way", async () => {
        await as(CASE_WORKER);
        await page.goto(`${server.baseUrl}/deltagare/${ids.participant}`);
        const row = page.locator('[data-test="placements-table"] tbody tr').first();
        await row.locator('[data-test="placement-state"]', { hasText: "Pågår" }).waitFor();
        assert.match(await row.innerText(), new RegExp(EMPLOYER));
        await shots("participant-placement");
    });

    await step("the case worker nominates her to the employer's job track and invites her: the funnel moves", async () => {
        await page.goto(`${server.baseUrl}/jobbspar/${ids.track}`);
        await page.getByRole("heading", { level: 1, name: "Köksspåret" }).waitFor();
        await page.locator("#nominate-search").fill("Petra");
        await page.locator("[data-test=nominate-search]").click();
        await page.getByRole("button", { name: /Föreslå Petra/ }).click();
        const card = page.locator(`[data-test=candidate-card-${ids.participant}]`);
        await card.waitFor();
        await card.getByRole("button", { name: /Flytta/ }).click();
        assert.equal(await page.locator("#move-stage").inputValue(), "invited");
        await page.locator("[data-test=move-save]").click();
        await page.locator(`.jt-board__column[data-stage=invited] [data-test=candidate-card-${ids.participant}]`).waitFor();
        // The administrator's funnel of the track (no suppression) counts her in both stages.
        await as({ username: "admin" });
        await page.goto(`${server.baseUrl}/jobbspar/${ids.track}`);
        const table = page.locator("[data-test=funnel-table]");
        await table.waitFor();
        const total = async (stage) => (await table.locator(`tr[data-stage=${stage}] td[data-col="total"]`).innerText()).trim();
        assert.equal(await total("nominated"), "1");
        assert.equal(await total("invited"), "1");
        assert.equal(await total("attended_info"), "0");
        await shots("job-track-funnel");
    });

    await step("an admin changes the matching weights", async () => {
        await as({ username: "admin" });
        await page.goto(`${server.baseUrl}/administration/installningar`);
        await page.getByRole("heading", { name: "Matchningens vikter" }).waitFor();
        assert.equal(await page.getByLabel("Yrke", { exact: true }).inputValue(), "40");
        await page.getByLabel("Yrke", { exact: true }).fill("50");
        await page.locator('[data-test="settings-weights-save"]').click();
        await page.getByText("Vikterna är sparade.").waitFor();
        violations.push(...(await axeViolations(page, "settings with the matching weights")));
        await shots("settings-weights");
    });

    await step("kansli makes a place on its own from the employer page's 'Ny plats'", async () => {
        await as(KANSLI);
        await page.goto(`${server.baseUrl}/arbetsgivare/${ids.employer}`);
        await page.locator('[data-test="employer-opportunity-new"]').click();
        await page.waitForURL(/\/platser\/ny\?arbetsgivare=/);
        await page.locator('[data-test="opportunity-employer-fixed"]', { hasText: EMPLOYER }).waitFor();
        await page.getByLabel("Sorts plats").selectOption("apl");
        await page.getByLabel("Sök yrke").fill("kockar");
        await page.locator("#opportunity-ssyk option", { hasText: "5120" }).waitFor({ state: "attached" });
        await page.locator("#opportunity-ssyk").selectOption("5120");
        // The employer's municipality is preset.
        assert.equal(await page.locator("#opportunity-municipality").inputValue(), "1488");
        await page.getByLabel("Rubrik (valfri)").fill("APL i köket");
        violations.push(...(await axeViolations(page, "new place form")));
        await shots("opportunity-form");
        await page.locator('[data-test="opportunity-save"]').click();
        await page.waitForURL(/\/platser\/\d+$/);
        await page.getByRole("heading", { level: 1, name: "APL i köket" }).waitFor();
        await page.getByText("Platsen är skapad.").waitFor();
        assert.equal(await page.locator('[data-test="opportunity-kind"]').innerText(), "APL");
    });

    await step("a need open to two kinds asks for the kind before it becomes a place", async () => {
        const admin = apiClient(server.baseUrl);
        await admin.login("admin", PASSWORD);
        const need = await admin.call("POST", `/employers/${ids.employer}/needs`, {
            ssyk_code: "9412", headcount: 1, open_to: { praktik: true, apl: true },
        });
        assert.equal(need.status, 201, JSON.stringify(need.data));
        await page.goto(`${server.baseUrl}/arbetsgivare/${ids.employer}`);
        const row = page.locator('[data-test="needs-table"] tbody tr', { hasText: "9412" });
        await row.getByRole("button", { name: /Skapa plats/ }).click();
        const kind = row.getByLabel("Sorts plats");
        await kind.waitFor();
        // Only the kinds the need is open to.
        assert.deepEqual(await kind.locator("option").allInnerTexts(), ["Välj", "Praktik", "APL"]);
        await kind.selectOption("apl");
        await row.locator('[data-test="need-make-place-confirm"]').click();
        await page.waitForURL(/\/platser\/\d+$/);
        assert.equal(await page.locator('[data-test="opportunity-kind"]').innerText(), "APL");
    });

    assert.deepEqual(violations, [], violations.join("\n"));
    assert.deepEqual(console_.unexpected(), []);
});
