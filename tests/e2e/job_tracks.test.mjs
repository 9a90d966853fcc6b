// job_tracks.test.mjs — browser test of the job tracks (issue 14 item 5, docs/matching.md
// "Job tracks") against a real `samsyn serve`: a kansli user creates a track with two
// employers found by searching, an occupation, dates and a chain; the case worker puts
// forward two participants of her organisation (set up through the API) by searching
// for them, moves the first along the board up to "Antagen" (with her motivation when
// she applies) and withdraws the second with a reason (refused without one); the table
// view shows both; the administrator's funnel report shows the counts that follow, and
// the case worker's is suppressed; the administrator flags a case worker as an IPS
// specialist on the user page. The track page and the funnel report pass axe; the pages
// are photographed at 1366 and 390 px as kansli, the case worker and an IPS specialist,
// and at 390 px the board's columns stack (the page is no wider than the screen).
// Server, browser and environment: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    apiClient, axeViolations, closeAll, launchBrowser, logIn, luhn, openPage, personnummer, startWithOrg, stepper,
    watchConsole, widthShots,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const CASE_WORKER = { username: "hanna", name: "Hanna Handläggare", roles: ["case_worker"] };
const KANSLI = { username: "kajsa", name: "Kajsa Kansli", roles: ["kansli"] };
const SPECIALIST = { username: "ines", name: "Ines IPS", roles: ["case_worker"] };
const TRACK = "Undersköterska i Trollhättan";

let server;
let browser;
const ids = {};

before(async () => {
    const made = await startWithOrg("AF Trollhättan", [CASE_WORKER, KANSLI, SPECIALIST], PASSWORD);
    server = made.server;
    const { admin, orgId } = made;
    ids.hanna = made.userIds.hanna;
    ids.ines = made.userIds.ines;
    for (const [nine, name, kommun] of [["556677881", "Vårdhemmet Solgläntan AB", "1488"], ["556677882", "Vårdhemmet Älvsborg AB", "1487"]]) {
        const e = await admin.call("POST", "/employers", { orgnr: luhn(nine), name, sni_code: "87301", size_class: "20-49", municipality_code: kommun });
        assert.equal(e.status, 201, JSON.stringify(e.data));
    }
    const iv = await admin.call("POST", "/interventions", {
        name: "Yrkessvenska vård", kind: "individual", owner_org_id: orgId, start_date: "2026-01-01", measurement: "participants",
    });
    assert.equal(iv.status, 201, JSON.stringify(iv.data));
    // Registered by her organisation, so hers to see (docs/followup.md "Who may see what").
    const hanna = apiClient(server.baseUrl);
    await hanna.login(CASE_WORKER.username, PASSWORD);
    for (const [key, first, last, serial] of [["petra", "Petra", "Spårsson", 42], ["olle", "Olle", "Återtagen", 51]]) {
        const p = await hanna.call("POST", "/participants", {
            anonymous: false, personnummer: personnummer("1990-03-04", serial), first_name: first, last_name: last,
            municipality_code: "1488", target_groups: [],
        });
        assert.equal(p.status, 201, JSON.stringify(p.data));
        ids[key] = p.data.id;
    }
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

test("a job track from its creation to the funnel", { timeout: 300_000 }, async (t) => {
    // axe is injected as a script: the context bypasses the CSP.
    const { context, page } = await openPage(browser, { bypassCSP: true });
    // 401: GET /session before login.
    const console_ = watchConsole(page, [401]);
    const step = stepper(t, page, "job-tracks");
    const found = [];
    const axe = async (what) => found.push(...(await axeViolations(page, what)));
    /** The page at a laptop's and a phone's width (no wider than the phone), then back. */
    const shots = widthShots(page);
    const card = (id) => page.locator(`[data-test=candidate-card-${id}]`);
    const column = (stage) => page.locator(`.jt-board__column[data-stage=${stage}]`);

    await step("kansli creates a track with two employers, an occupation, dates and a chain", async () => {
        await logIn(page, server.baseUrl, KANSLI.username, PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("menuitem", { name: "Jobbspår" }).click();
        await page.getByRole("heading", { level: 1, name: "Jobbspår" }).waitFor();
        await page.getByText("Det finns inga jobbspår än").waitFor();
        await page.getByRole("link", { name: "Nytt jobbspår" }).click();
        await page.getByRole("heading", { level: 1, name: "Nytt jobbspår" }).waitFor();
        await page.locator("#job-track-name").fill(TRACK);
        await page.locator("#job-track-employers-search").fill("Vårdhemmet");
        await page.locator("[data-test=job-track-employers-search-button]").click();
        await page.getByRole("button", { name: /Lägg till Vårdhemmet Solgläntan AB/ }).click();
        await page.getByRole("button", { name: /Lägg till Vårdhemmet Älvsborg AB/ }).click();
        await page.locator("[data-test=job-track-employer-1]").waitFor();
        await page.locator("#job-track-ssyk-filter").fill("undersköterskor hemtjänst");
        await page.locator("#job-track-ssyk").selectOption("5321");
        await page.locator("#job-track-places").fill("6");
        await page.locator("#job-track-info").fill("2026-01-10");
        await page.locator("#job-track-deadline").fill("2026-01-20");
        await page.locator("#job-track-start").fill("2026-02-01");
        await page.locator("#job-track-end").fill("2026-06-30");
        await page.locator("#job-track-intervention-add").selectOption({ label: "Yrkessvenska vård" });
        await page.locator("[data-test=job-track-intervention-add-button]").click();
        await page.getByRole("button", { name: "Lägg till steg" }).click();
        await page.locator("#job-track-step-0").fill("APL 4 veckor");
        await shots("job-track-form-kansli");
        await axe("job track form");
        await page.locator("[data-test=job-track-save]").click();
        await page.getByRole("heading", { level: 1, name: TRACK }).waitFor();
        ids.track = Number(/\/jobbspar\/(\d+)/.exec(page.url())[1]);
        const facts = await page.locator("[data-test=job-track-facts]").innerText();
        assert.match(facts, /Undersköterskor, hemtjänst/);
        assert.match(facts, /Vårdhemmet Solgläntan AB/);
        assert.match(facts, /Vårdhemmet Älvsborg AB/);
        assert.match(await page.locator("[data-test=job-track-chain]").innerText(), /Yrkessvenska vård[\s\S]*APL 4 veckor/);
        // Kansli has no participant access: the count and the funnel, no candidates.
        await page.getByText("Kandidaterna är deltagaruppgifter").waitFor();
        await page.locator("[data-test=funnel-table]").waitFor();
        await axe("job track page (kansli)");
        await shots("job-track-kansli");
    });

    await step("the case worker puts forward two of her participants by searching", async () => {
        await context.clearCookies();
        await logIn(page, server.baseUrl, CASE_WORKER.username, PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await page.goto(`${server.baseUrl}/jobbspar`);
        await page.getByRole("link", { name: TRACK }).click();
        await page.getByRole("heading", { level: 1, name: TRACK }).waitFor();
        await page.locator("[data-test=no-candidates]").waitFor();
        for (const name of ["Petra", "Olle"]) {
            await page.locator("#nominate-search").fill(name);
            await page.locator("[data-test=nominate-search]").click();
            await page.getByRole("button", { name: new RegExp(`Föreslå ${name}`) }).click();
            await page.getByText(new RegExp(`${name} .* är föreslagen till jobbspåret`)).waitFor();
        }
        await card(ids.petra).waitFor();
        await card(ids.olle).waitFor();
        assert.equal(await column("nominated").locator(".jt-card").count(), 2);
        assert.equal(await page.locator("[data-test=job-track-candidate-count]").innerText(), "2");
    });

    await step("Petra is moved along the board up to Antagen; applying asks for her motivation", async () => {
        const move = async (expectStage) => {
            await card(ids.petra).getByRole("button", { name: /Flytta/ }).click();
            const panel = page.locator("[data-test=candidate-panel]");
            await panel.waitFor();
            if (expectStage) assert.equal(await page.locator("#move-stage").inputValue(), expectStage);
            return panel;
        };
        for (const stage of ["invited", "attended_info"]) {
            await move(stage);
            await page.locator("[data-test=move-save]").click();
            await column(stage).locator(`[data-test=candidate-card-${ids.petra}]`).waitFor();
        }
        await move("applied");
        await page.locator("#move-motivation").waitFor();
        await page.locator("[data-test=move-save]").click();
        // The client's check: the motivation is required.
        await page.getByText("Fyll i kandidatens motivering.").first().waitFor();
        await page.locator("#move-motivation").fill("Jag har arbetat som vårdbiträde och vill bli undersköterska.");
        await page.locator("[data-test=move-save]").click();
        await column("applied").locator(`[data-test=candidate-card-${ids.petra}]`).waitFor();
        await move("trial");
        await page.locator("#move-stage").selectOption("admitted");
        await page.locator("[data-test=move-save]").click();
        await column("admitted").locator(`[data-test=candidate-card-${ids.petra}]`).waitFor();
        // Her history: four stages set, the skipped trial placement not among them.
        await card(ids.petra).getByRole("button", { name: /Flytta/ }).click();
        // The history is fetched when the panel opens: read it once its last row is there.
        await page.locator("[data-test=candidate-history] tbody tr", { hasText: "Antagen" }).waitFor();
        const history = await page.locator("[data-test=candidate-history]").innerText();
        for (const s of ["Föreslagen", "Inbjuden till informationsmöte", "Deltog i informationsmöte", "Har ansökt", "Antagen"]) {
            assert.match(history, new RegExp(s));
        }
        assert.doesNotMatch(history, /Provpraktik/);
        // Her motivation stays after the later moves.
        await page.locator("[data-test=candidate-panel]").getByText(/Motivering:.*vill bli undersköterska/).waitFor();
        assert.match(history, /Du/);
        assert.match(history, /AF Trollhättan/);
        await axe("job track page with a candidate's panel");
        await shots("job-track-panel-case-worker");
    });

    await step("Olle is withdrawn: the reason is required", async () => {
        await card(ids.olle).getByRole("button", { name: /Flytta/ }).click();
        await page.locator("#candidate-panel-heading").getByText(/Olle Återtagen: Föreslagen/).waitFor();
        await page.locator("#move-stage").selectOption("withdrawn");
        await page.locator("[data-test=move-save]").click();
        await page.getByText("Fyll i skälet.").first().waitFor();
        await page.locator("#move-reason").fill("Har fått arbete på egen hand.");
        await page.locator("[data-test=move-save]").click();
        await column("withdrawn").locator(`[data-test=candidate-card-${ids.olle}]`).getByText("Har fått arbete på egen hand.").waitFor();
        await page.getByRole("button", { name: "Stäng" }).first().click().catch(() => {});
        await axe("job track page with the board (case worker)");
        await shots("job-track-board-case-worker");
    });

    await step("the table view lists both with their stage", async () => {
        await page.locator("[data-test=view-table]").click();
        const table = page.locator("[data-test=candidate-table]");
        await table.waitFor();
        assert.match(await table.locator(`[data-test=candidate-row-${ids.petra}]`).innerText(), /Antagen/);
        assert.match(await table.locator(`[data-test=candidate-row-${ids.olle}]`).innerText(), /Återtagen[\s\S]*Har fått arbete/);
        await axe("job track page with the table (case worker)");
        await shots("job-track-table-case-worker");
        // The case worker's funnel hides the small counts.
        const nominated = page.locator("[data-test=funnel-table] tr[data-stage=nominated] td[data-col=total]");
        assert.equal((await nominated.innerText()).trim(), "..");
    });

    await step("the administrator's funnel report shows the counts", async () => {
        await context.clearCookies();
        await logIn(page, server.baseUrl, "admin", PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await page.goto(`${server.baseUrl}/rapporter?rapport=job-tracks`);
        await page.getByRole("heading", { level: 2, name: "Jobbspårens antagningstratt" }).waitFor();
        const table = page.locator("[data-test=funnel-report] [data-test=funnel-table]");
        await table.waitFor();
        const cell = async (stage, col) => (await table.locator(`tr[data-stage=${stage}] td[data-col="${col}"]`).innerText()).trim();
        const expected = { nominated: 2, invited: 1, attended_info: 1, applied: 1, trial: 0, admitted: 1, started: 0, completed: 0, employed: 0, not_admitted: 0, dropped_out: 0, withdrawn: 1 };
        for (const [stage, n] of Object.entries(expected)) assert.equal(await cell(stage, "total"), String(n), stage);
        // Petra is a woman (an even serial), Olle a man.
        assert.equal(await cell("nominated", "women"), "1");
        assert.equal(await cell("nominated", "men"), "1");
        assert.equal(await cell("nominated", "conversion.total"), "50,0");
        assert.equal(await cell("applied", "conversion.total"), "0,0");
        await page.locator("[data-test=funnel-report] [data-test=funnel-chart]").waitFor();
        // One track chosen: the same counts.
        await page.locator("#funnel-track").selectOption({ label: TRACK });
        await page.waitForURL(/job_track_id=/);
        await table.locator("tr[data-stage=admitted] td[data-col=total]").getByText("1").waitFor();
        // The same table as a file, for the chosen track: the link's CSV is the server's.
        const href = await page.locator("[data-test=funnel-report-csv]").getAttribute("href");
        assert.match(href, /\/api\/v1\/reports\/job-tracks\?.*job_track_id=\d+.*format=csv/);
        const file = await page.request.get(new URL(href, server.baseUrl).toString());
        assert.equal(file.status(), 200);
        assert.match(await file.text(), /Inbjuden till informationsmöte;/);
        await axe("funnel report");
        await shots("job-track-funnel-report");
    });

    await step("the placements report is in the reports area", async () => {
        await page.goto(`${server.baseUrl}/rapporter?rapport=placements-kind`);
        await page.getByRole("heading", { level: 2, name: "Placeringar per typ av plats" }).waitFor();
        await page.locator("[data-test=report-table]").waitFor();
        await axe("placements report");
    });

    await step("the administrator flags a case worker as an IPS specialist", async () => {
        await page.goto(`${server.baseUrl}/administration/anvandare/${ids.ines}`);
        await page.getByRole("heading", { level: 1, name: "Ändra användare" }).waitFor();
        await page.locator("label", { hasText: "IPS-specialist" }).click();
        await page.getByRole("button", { name: "Spara", exact: true }).click();
        await page.getByText("Ändringarna är sparade.").waitFor();
        const admin = apiClient(server.baseUrl);
        await admin.login("admin", PASSWORD);
        assert.equal((await admin.call("GET", `/users/${ids.ines}`)).data.ips_specialist, true);
        await axe("user edit page with IPS-specialist");
    });

    await step("the IPS specialist sees the track page and her start page", async () => {
        await context.clearCookies();
        await logIn(page, server.baseUrl, SPECIALIST.username, PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await page.getByRole("heading", { name: "Dina IPS-mått" }).waitFor();
        await shots("job-track-start-ips");
        await page.goto(`${server.baseUrl}/jobbspar/${ids.track}`);
        await page.getByRole("heading", { level: 1, name: TRACK }).waitFor();
        // Hers is the same organisation: she sees the two candidates.
        await card(ids.petra).waitFor();
        await shots("job-track-ips");
        await page.goto(`${server.baseUrl}/jobbspar`);
        await page.locator("[data-test=job-tracks-table]").waitFor();
        await axe("job track list");
        await shots("job-track-list-ips");
    });

    assert.deepEqual(found, [], found.join("\n"));
    assert.deepEqual(console_.unexpected(), []);
});
