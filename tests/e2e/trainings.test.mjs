// trainings.test.mjs — browser test of the employer trainings' staff pages
// (docs/trainings.md) against a real `samsyn serve`: kansli's way from the menu
// item "Utbildningar" to a new course (on a structural intervention), a session
// typed in Swedish local time (sent as UTC, shown back as typed), its public
// registration address, a change of it and a copy to next term's round; then the
// session's trainer, who reads her own session and changes its status only, and
// does not find another trainer's session. Screenshots at 1366 and 390 px wide.
// Server, browser and environment variables: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    apiClient, closeAll, launchBrowser, logIn, makeUser, openPage, screenshotter, startServer, stepper, watchConsole,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const COURSE = "Mentorskap grundutbildning e2e";

let server;
let browser;
let admin;
const ids = {};

before(async () => {
    server = await startServer();
    admin = apiClient(server.baseUrl);
    await admin.firstLogin("admin", server.oneTimePassword, PASSWORD);
    await makeUser(admin, server.baseUrl, { username: "kansli", name: "Karin Kansli", roles: ["kansli"] }, 1, PASSWORD);
    await makeUser(admin, server.baseUrl, { username: "tina", name: "Tina Tränare", roles: ["trainer"] }, 1, PASSWORD);
    await makeUser(admin, server.baseUrl, { username: "tom", name: "Tom Tränare", roles: ["trainer"] }, 1, PASSWORD);
    const users = await admin.call("GET", "/users?limit=500");
    for (const u of users.data.items) ids[u.username] = u.id;
    const iv = await admin.call("POST", "/interventions", {
        name: "Mentorskap", kind: "structural", owner_org_id: 1, start_date: "2026-01-01", measurement: "volume",
    });
    assert.equal(iv.status, 201, JSON.stringify(iv.data));
    ids.intervention = iv.data.id;
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

test("kansli creates a course and a session, changes and copies it; the trainer reads her own", async (t) => {
    const { context, page } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    const console_ = watchConsole(page, [401, 404]);
    const shot = screenshotter(page);
    const step = stepper(t, page, "trainings");
    const nav = () => page.getByRole("navigation", { name: "Huvudmeny" });
    let sessionUrl = "";

    await step("kansli opens Utbildningar from the menu and creates a course", async () => {
        await logIn(page, server.baseUrl, "kansli", PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await nav().getByRole("menuitem", { name: "Utbildningar" }).click();
        await page.getByRole("heading", { level: 1, name: "Utbildningar" }).waitFor();
        await page.getByText("Det finns inga utbildningar än").waitFor();
        await page.getByRole("link", { name: "Ny utbildning" }).click();
        await page.getByRole("heading", { level: 1, name: "Ny utbildning" }).waitFor();
        await page.getByLabel("Namn").fill(COURSE);
        await page.locator("#course-intervention option", { hasText: "Mentorskap" }).waitFor({ state: "attached" });
        await page.getByLabel("Insats").selectOption({ label: "Mentorskap" });
        await page.getByLabel("Beskrivning").fill("Två heldagar om att vara mentor på arbetsplatsen.");
        await page.getByLabel("Diplomets titel").fill("Diplomerad mentor");
        await shot("trainings-course-new.png");
        await page.getByRole("button", { name: "Skapa utbildning" }).click();
        await page.getByRole("heading", { level: 1, name: COURSE }).waitFor();
        await page.getByText(`Utbildningen ${COURSE} är skapad.`).waitFor();
        const facts = await page.locator("[data-test=course-facts]").innerText();
        assert.match(facts, /Diplomerad mentor/);
        assert.match(facts, /Mentorskap/);
    });

    await step("a session in Swedish local time: the server gets UTC, the page shows it as typed", async () => {
        await page.getByRole("button", { name: "Nytt tillfälle" }).click();
        await page.locator("#session-format").selectOption({ label: "Fysisk träff" });
        await page.locator("#session-date").fill("2027-03-05");
        await page.getByLabel("Starttid").fill("09:00");
        await page.getByLabel("Sluttid").fill("16:00");
        await page.getByLabel("Plats eller länk").fill("Folkets hus, Trollhättan");
        await page.getByLabel("Antal platser").fill("30");
        // Kansli chooses the trainer among the trainers (GET /trainers).
        const trainerBox = page.getByLabel("Utbildningsledare");
        await page.locator("#session-trainer option", { hasText: "Tom Tränare" }).waitFor({ state: "attached" });
        await trainerBox.selectOption({ label: "Tina Tränare" });
        await shot("trainings-session-new.png");
        await page.getByRole("button", { name: "Skapa tillfälle" }).click();
        await page.waitForURL(/\/utbildningar\/tillfallen\/\d+$/);
        sessionUrl = page.url();
        ids.session = Number(/(\d+)$/.exec(sessionUrl)[1]);
        await page.getByText("Tillfället är skapat.").waitFor();
        const facts = await page.locator("[data-test=session-facts]").innerText();
        assert.match(facts, /5 mars 2027 kl\. 09:00–16:00/);
        assert.match(facts, /Fysisk träff/);
        assert.match(facts, /Öppen för anmälan/);
        const s = await admin.call("GET", `/sessions/${ids.session}`);
        assert.equal(s.data.starts_at, "2027-03-05T08:00:00Z");
        assert.equal(s.data.ends_at, "2027-03-05T15:00:00Z");
        assert.equal(s.data.trainer_user_id, ids.tina);
        const link = await page.locator("#session-public-url").inputValue();
        assert.equal(link, `${server.baseUrl}/utbildning/anmalan/${s.data.public_token}`);
        await shot("trainings-session.png");
    });

    await step("a change in summer time keeps the local time; the course lists the session", async () => {
        await page.getByRole("button", { name: "Ändra tillfället" }).click();
        await page.locator("#session-date").fill("2027-06-10");
        await page.getByLabel("Antal platser").fill("25");
        await page.getByRole("button", { name: "Spara" }).click();
        await page.getByText("Ändringarna är sparade.").waitFor();
        const s = await admin.call("GET", `/sessions/${ids.session}`);
        assert.equal(s.data.starts_at, "2027-06-10T07:00:00Z");
        assert.equal(s.data.capacity, 25);
        await page.getByRole("link", { name: "Tillbaka till utbildningen" }).click();
        const table = page.locator("[data-test=sessions-table]");
        await table.waitFor();
        assert.match(await table.innerText(), /10 juni 2027 kl\. 09:00–16:00/);
    });

    await step("copy to next term's round from the course page", async () => {
        await page.getByRole("link", { name: /Kopiera till ny omgång/ }).click();
        await page.locator("[data-test=copy-form]").waitFor();
        await page.locator("#copy-date").fill("2027-09-16");
        await page.getByRole("button", { name: "Skapa ny omgång" }).click();
        await page.getByText("Tillfället är kopierat till en ny omgång.").waitFor();
        assert.notEqual(page.url(), sessionUrl);
        assert.match(await page.locator("[data-test=session-facts]").innerText(), /16 september 2027 kl\. 09:00–16:00/);
        ids.copy = Number(/(\d+)$/.exec(page.url())[1]);
    });

    await step("kansli writes a survey form in the editor and names it on the course", async () => {
        await page.goto(server.baseUrl + "/utbildningar");
        await page.getByRole("link", { name: "Enkäter" }).click();
        await page.getByRole("heading", { level: 1, name: "Enkäter" }).waitFor();
        await page.getByRole("link", { name: "Ny enkät" }).click();
        await page.getByLabel("Namn").fill("Efter grundutbildningen");
        await page.getByLabel("Fråga 1", { exact: true }).fill("Hur nöjd är du med dagen?");
        await page.locator("[data-test=add-question]").click();
        await page.getByLabel("Fråga 2", { exact: true }).fill("Vilken del gav mest?");
        await page.locator("#q-1-kind").selectOption({ label: "Val mellan alternativ" });
        await page.locator("#q-1-choices").fill("Teorin\nÖvningarna");
        await page.locator("[data-test=add-question]").click();
        await page.getByLabel("Fråga 3", { exact: true }).fill("Något mer?");
        await page.locator("#q-2-kind").selectOption({ label: "Fritext" });
        await shot("trainings-survey-editor.png");
        await page.getByRole("button", { name: "Skapa enkät" }).click();
        await page.getByText("Enkäten Efter grundutbildningen är skapad.").waitFor();
        const table = page.locator("[data-test=surveys-table]");
        assert.match(await table.innerText(), /Efter grundutbildningen\s+3\s+1 skala, 1 val, 1 fritext/);
        const list = await admin.call("GET", "/surveys");
        const sv = list.data.items[0];
        assert.deepEqual(sv.questions.map((q) => [q.kind, q.choices]), [["scale", []], ["choice", ["Teorin", "Övningarna"]], ["text", []]]);
        await page.goto(`${server.baseUrl}/utbildningar`);
        await page.getByRole("link", { name: COURSE }).click();
        await page.getByRole("link", { name: "Ändra utbildningen" }).click();
        await page.locator("#course-survey-session option", { hasText: "Efter grundutbildningen" }).waitFor({ state: "attached" });
        await page.getByLabel("Enkät efter tillfället").selectOption({ label: "Efter grundutbildningen" });
        await page.getByRole("button", { name: "Spara" }).click();
        await page.getByText("Ändringarna är sparade.").waitFor();
        assert.match(await page.locator("[data-test=course-facts]").innerText(), /Enkät efter tillfället\s+Efter grundutbildningen/);
        await shot("trainings-course.png");
    });

    await step("the pages at 390 px", async () => {
        await page.setViewportSize({ width: 390, height: 844 });
        await page.goto(sessionUrl);
        await page.locator("[data-test=session-facts]").waitFor();
        await shot("trainings-session-390.png");
        await page.goto(server.baseUrl + "/utbildningar");
        await page.locator("[data-test=courses-table]").waitFor();
        await shot("trainings-courses-390.png");
        let width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `the course list is ${width} px wide`);
        await page.goto(server.baseUrl + "/utbildningar/enkater/ny");
        await page.getByLabel("Fråga 1", { exact: true }).waitFor();
        await shot("trainings-survey-editor-390.png");
        width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `the survey editor is ${width} px wide`);
    });

    await step("the trainer reads her own session and changes only its status", async () => {
        let r = await admin.call("PATCH", `/sessions/${ids.session}`, { trainer_user_id: ids.tina });
        assert.equal(r.status, 200, JSON.stringify(r.data));
        r = await admin.call("PATCH", `/sessions/${ids.copy}`, { trainer_user_id: ids.tom });
        assert.equal(r.status, 200, JSON.stringify(r.data));
        await page.setViewportSize({ width: 1366, height: 900 });
        await context.clearCookies();
        await logIn(page, server.baseUrl, "tina", PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await nav().getByRole("menuitem", { name: "Utbildningar" }).click();
        await page.getByRole("link", { name: COURSE }).click();
        const table = page.locator("[data-test=sessions-table]");
        await table.waitFor();
        assert.equal(await table.locator("tbody tr").count(), 1, "only her own session");
        assert.equal(await page.getByRole("button", { name: "Nytt tillfälle" }).count(), 0);
        await table.getByRole("link").first().click();
        await page.locator("[data-test=session-facts]").waitFor();
        assert.match(await page.locator("[data-test=session-facts]").innerText(), /Tina Tränare \(du\)/);
        assert.equal(await page.getByRole("button", { name: "Ändra tillfället" }).count(), 0);
        await page.locator("#session-new-status").selectOption({ label: "Stängd" });
        await page.getByRole("button", { name: "Spara status" }).click();
        await page.getByText("Statusen är sparad.").waitFor();
        assert.equal(await page.locator("[data-test=session-status]").innerText(), "Stängd");
        await shot("trainings-session-trainer.png");
        await page.goto(`${server.baseUrl}/utbildningar/tillfallen/${ids.copy}`);
        await page.getByText("Utbildningstillfället finns inte.").waitFor();
    });

    await step("no console errors", async () => {
        assert.deepEqual(console_.unexpected(), []);
    });
    await context.close();
});
