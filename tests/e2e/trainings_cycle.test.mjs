// trainings_cycle.test.mjs — the employer trainings' whole cycle in a browser
// against a real `samsyn serve` (docs/trainings.md): on a phone (390 px) an
// employee signs up on the public page (the empty form first: the error summary
// takes focus and names the fields), a second one lands on the waiting list;
// the session's trainer takes attendance in the check-in mode; the diploma's
// code verifies on the public diploma page (a wrong code finds nothing); the
// survey invitation the sender thread made is answered on the public survey
// page; the course page's survey results show the answer; the employee cancels
// nothing but the waiting one cancels from her link. Every public page passes
// axe's WCAG 2.1 A/AA rules, and none shows the app's menu.
// Server, browser and environment variables: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    TIMEOUT, apiClient, axeViolations, closeAll, launchBrowser, logIn, makeUser, openPage, screenshotter, startServer, stepper,
    watchConsole,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const COURSE = "Mentorskap grundutbildning";

let server;
let browser;
let admin;
const ids = {};

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

before(async () => {
    server = await startServer({ args: ["--public-rate-limit", "10000"] });
    admin = apiClient(server.baseUrl);
    await admin.firstLogin("admin", server.oneTimePassword, PASSWORD);
    await makeUser(admin, server.baseUrl, { username: "tina", name: "Tina Tränare", roles: ["trainer"] }, 1, PASSWORD);
    const users = await admin.call("GET", "/users?limit=500");
    ids.tina = users.data.items.find((u) => u.username === "tina").id;
    const iv = await admin.call("POST", "/interventions", {
        name: "Mentorskap", kind: "structural", owner_org_id: 1, start_date: "2026-01-01", measurement: "volume",
    });
    assert.equal(iv.status, 201, JSON.stringify(iv.data));
    const sv = await admin.call("POST", "/surveys", {
        name: "Efter grundutbildningen",
        questions: [
            { text: "Hur nöjd är du med dagen?", kind: "scale" },
            { text: "Vilken del gav mest?", kind: "choice", choices: ["Teorin", "Övningarna"] },
            { text: "Något mer du vill säga?", kind: "text" },
        ],
    });
    assert.equal(sv.status, 201, JSON.stringify(sv.data));
    const course = await admin.call("POST", "/courses", {
        name: COURSE, intervention_id: iv.data.id, diploma_title: "Diplomerad mentor", survey_session_id: sv.data.id,
    });
    assert.equal(course.status, 201, JSON.stringify(course.data));
    ids.course = course.data.id;
    // One seat, so that the second person waits; it starts tomorrow.
    const day = 24 * 3600 * 1000;
    const session = await admin.call("POST", `/courses/${ids.course}/sessions`, {
        format: "in_person", starts_at: iso(Date.now() + day), ends_at: iso(Date.now() + day + 3600_000), place: "Folkets hus",
        capacity: 1, trainer_user_id: ids.tina,
    });
    assert.equal(session.status, 201, JSON.stringify(session.data));
    ids.session = session.data.id;
    ids.token = session.data.public_token;
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

test("sign up, attendance, diploma, survey and its result", { timeout: 300_000 }, async (t) => {
    // axe is injected as a script: the product's CSP rightly forbids that, so this context alone bypasses it.
    const { context, page } = await openPage(browser, { viewport: { width: 390, height: 844 }, bypassCSP: true, isMobile: true, hasTouch: true });
    const console_ = watchConsole(page, [401, 404, 422]);
    const shot = screenshotter(page);
    const step = stepper(t, page, "cycle");
    const found = [];
    const axe = async (what) => {
        found.push(...(await axeViolations(page, what)));
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${what} is ${width} px wide at 390 px`);
        assert.equal(await page.getByRole("navigation", { name: "Huvudmeny" }).count(), 0, `${what} shows the menu`);
    };
    const form = `${server.baseUrl}/utbildning/anmalan/${ids.token}`;

    await step("the public page shows the session; the empty form's error summary takes focus", async () => {
        await page.goto(form);
        await page.getByRole("heading", { level: 1, name: `Anmälan: ${COURSE}` }).waitFor();
        assert.equal(await page.locator("[data-test=seats-left]").innerText(), "1");
        await axe("registration form");
        await page.getByRole("button", { name: "Skicka anmälan" }).click();
        const summary = page.locator(".error-list, [role=alert]").first();
        await summary.waitFor();
        // Focus is on the error summary (not on a field), which names the fields in the order of the form.
        const focused = await page.evaluate(() => {
            const a = document.activeElement;
            const list = a?.closest(".error-list") ?? a?.querySelector(".error-list");
            return { tag: a?.tagName ?? "", list: list?.textContent ?? "" };
        });
        assert.notEqual(focused.tag, "INPUT", JSON.stringify(focused));
        assert.match(focused.list, /Förnamn \*.*Efternamn \*.*E-post \*.*Kön \*.*Samtycke \*/s, JSON.stringify(focused));
        await shot("cycle-registration-errors-390.png");
        await axe("registration form with errors");
    });

    await step("the honeypot is out of reach: not in the tab order, hidden from screen readers", async () => {
        const trap = page.locator("#reg-website");
        assert.equal(await trap.getAttribute("tabindex"), "-1");
        assert.equal(await page.locator(".trap").getAttribute("aria-hidden"), "true");
        assert.equal(await page.getByRole("textbox", { name: "Lämna tomt" }).count(), 0);
    });

    await step("an employee signs up: Du är anmäld", async () => {
        await page.getByLabel("Förnamn *").fill("Maria");
        await page.getByLabel("Efternamn *").fill("Mentor");
        await page.getByLabel("E-post *").fill("maria.mentor@example.se");
        await page.getByLabel("Telefon").fill("070-123 45 67");
        await page.getByLabel("Arbetsgivarens namn").fill("Verkstaden AB");
        await page.getByLabel("Din roll på arbetsplatsen").fill("Handledare");
        await page.locator("label", { hasText: "Kvinna" }).click();
        await page.getByLabel("Specialkost eller allergier").fill("Vegetarisk");
        await page.locator("label", { hasText: "Jag godkänner" }).click();
        // The server's own check (a wrong organisationsnummer): its reason, naming the field, takes focus.
        await page.getByLabel("Arbetsgivarens organisationsnummer").fill("556000-0000");
        await page.getByRole("button", { name: "Skicka anmälan" }).click();
        const problem = page.locator(".focus-target [role=alert]");
        await problem.waitFor();
        assert.match(await problem.innerText(), /Arbetsgivarens organisationsnummer:/);
        assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("focus-target")), true);
        await axe("registration form with the server's error");
        await page.getByLabel("Arbetsgivarens organisationsnummer").fill("");
        await page.getByRole("button", { name: "Skicka anmälan" }).click();
        const result = page.locator("[data-test=registration-result]");
        await result.waitFor();
        assert.equal((await result.innerText()).trim(), "Du är anmäld");
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-test")), "registration-result");
        await shot("cycle-registered-390.png");
        await axe("registration done");
    });

    await step("a second one is put on the waiting list", async () => {
        await page.goto(form);
        await page.locator("[data-test=seats-left]").getByText(/reservlistan/).waitFor();
        await page.getByLabel("Förnamn *").fill("Mats");
        await page.getByLabel("Efternamn *").fill("Väntare");
        await page.getByLabel("E-post *").fill("mats@example.se");
        await page.locator("label", { hasText: "Vill inte uppge" }).click();
        await page.locator("label", { hasText: "Jag godkänner" }).click();
        await page.getByRole("button", { name: "Skicka anmälan" }).click();
        await page.locator("[data-test=registration-result]").getByText("Du står på reservlistan").waitFor();
    });

    await step("the waiting one cancels from the link in her mail", async () => {
        const token = server.sql("SELECT cancel_token FROM training_registrations WHERE email = 'mats@example.se';");
        assert.ok(token, "a cancel token");
        await page.goto(`${server.baseUrl}/utbildning/avboka/${token}`);
        await page.getByRole("heading", { level: 1, name: "Avboka utbildning" }).waitFor();
        await page.getByText(/på reservlistan till/).waitFor();
        await axe("cancel page");
        await page.getByRole("button", { name: "Avboka min plats" }).click();
        await page.locator("[data-test=cancel-result]").waitFor();
        await axe("cancel done");
        await page.goto(`${server.baseUrl}/utbildning/integritet`);
        await page.getByRole("heading", { level: 1, name: "Så hanterar vi dina uppgifter" }).waitFor();
        await axe("privacy text");
    });

    await step("the session takes place: the trainer checks Maria in on a tablet", async () => {
        // The session began an hour ago (attendance is taken once it has begun) and has ended.
        let r = await admin.call("PATCH", `/sessions/${ids.session}`, {
            starts_at: iso(Date.now() - 2 * 3600_000), ends_at: iso(Date.now() - 60_000), registration_deadline: null,
        });
        assert.equal(r.status, 200, JSON.stringify(r.data));
        const staff = await openPage(browser, { viewport: { width: 1024, height: 768 }, hasTouch: true });
        const tp = staff.page;
        const tConsole = watchConsole(tp, [401]);
        await logIn(tp, server.baseUrl, "tina", PASSWORD);
        await tp.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await tp.goto(`${server.baseUrl}/utbildningar/tillfallen/${ids.session}`);
        await tp.locator("[data-test=registered-table]").waitFor();
        assert.match(await tp.locator("[data-test=registration-counts]").innerText(), /1 av 1 platser tagna, 0 på reservlistan, 0 närvarande/);
        assert.match(await tp.locator("[data-test=cancelled-table]").innerText(), /Mats Väntare/);
        await tp.locator("[data-test=check-in-toggle]").click();
        await tp.getByLabel("Sök på namn").fill("mar");
        const button = tp.getByRole("button", { name: /Maria Mentor/ });
        await button.click();
        await tp.getByRole("button", { name: /Maria Mentor/, pressed: true }).waitFor();
        await screenshotter(tp)("cycle-check-in.png");
        await tp.locator("[data-test=check-in-toggle]").click();
        await tp.locator("[data-test=all-diplomas]").waitFor();
        assert.match(await tp.locator("[data-test=registration-counts]").innerText(), /1 närvarande/);
        await screenshotter(tp)("cycle-session-trainer.png");
        const pdf = await tp.evaluate(async (href) => {
            const res = await fetch(href, { credentials: "same-origin" });
            return { status: res.status, type: res.headers.get("Content-Type") };
        }, await tp.locator("[data-test=all-diplomas]").getAttribute("href"));
        assert.deepEqual(pdf, { status: 200, type: "application/pdf" });
        assert.deepEqual(tConsole.unexpected(), []);
        await staff.context.close();
        r = await admin.call("GET", `/sessions/${ids.session}/registrations`);
        const maria = r.data.items.find((x) => x.email === "maria.mentor@example.se");
        assert.equal(maria.attended, true);
        assert.ok(maria.diploma_code, "a diploma code");
        ids.code = maria.diploma_code;
    });

    await step("the diploma verifies on the public page; a wrong code finds nothing", async () => {
        await page.goto(`${server.baseUrl}/utbildning/diplom/${encodeURIComponent(ids.code)}`);
        await page.locator("[data-test=diploma-result]").getByText("Diplomet är giltigt.").waitFor();
        const facts = await page.locator("[data-test=diploma-facts]").innerText();
        assert.match(facts, /Maria Mentor/);
        assert.match(facts, new RegExp(COURSE));
        await shot("cycle-diploma-390.png");
        await axe("diploma check");
        await page.getByLabel("Kod").fill("FEL-KOD-123");
        await page.getByRole("button", { name: "Kontrollera" }).click();
        await page.locator("[data-test=diploma-not-found]").waitFor();
        assert.equal(await page.locator("[data-test=diploma-facts]").count(), 0);
        await axe("diploma check, wrong code");
    });

    await step("the survey the sender thread made is answered on the public page", async () => {
        let token = "";
        const end = Date.now() + TIMEOUT;
        while (!token && Date.now() < end) {
            token = server.sql("SELECT token FROM survey_invitations LIMIT 1;");
            if (!token) await new Promise((r) => setTimeout(r, 200));
        }
        assert.ok(token, "the sender thread made a survey invitation");
        await page.goto(`${server.baseUrl}/utbildning/enkat/${token}`);
        await page.getByRole("heading", { level: 1, name: COURSE }).waitFor();
        await axe("survey");
        await page.getByRole("group", { name: /Hur nöjd är du med dagen/ }).locator("label", { hasText: "4" }).click();
        await page.locator("label", { hasText: "Övningarna" }).click();
        await page.getByLabel(/Något mer du vill säga/).fill("Bra exempel från verkligheten.");
        await shot("cycle-survey-390.png");
        await page.getByRole("button", { name: "Skicka svaren" }).click();
        await page.locator("[data-test=survey-done]").waitFor();
        await axe("survey done");
        await page.goto(`${server.baseUrl}/utbildning/enkat/${token}`);
        await page.locator("[data-test=survey-answered]").waitFor();
    });

    await step("the course page's survey results show the answer", async () => {
        await context.clearCookies();
        await page.setViewportSize({ width: 1366, height: 900 });
        await logIn(page, server.baseUrl, "admin", PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await page.goto(`${server.baseUrl}/utbildningar/${ids.course}`);
        // The year's follow-up: Maria attended; one unique attendee.
        const followUp = page.locator("[data-test=training-report-sessions]");
        await followUp.waitFor();
        const total = await followUp.locator("tr.table__row--sum td").allInnerTexts();
        assert.equal(total[6], "1", `attended in the total row: ${total}`);
        assert.match(await page.locator("[data-test=training-report-attendees]").innerText(), /Unika deltagare \d{4}: 1 /);
        await page.locator("[data-test=show-survey-results]").click();
        await page.locator("[data-test=survey-response]").waitFor();
        assert.match(await page.locator("[data-test=survey-response]").innerText(), /1 svar av 1 inbjudna/);
        await page.locator("[data-test=survey-question-0]").waitFor();
        await shot("cycle-survey-results.png");
        await page.setViewportSize({ width: 390, height: 844 });
        await shot("cycle-course-390.png");
    });

    await step("the administrator's session page links the outbox and fits a phone", async () => {
        await page.goto(`${server.baseUrl}/utbildningar/tillfallen/${ids.session}`);
        const link = page.locator("[data-test=mail-status]").getByRole("link", { name: "e-postkön" });
        assert.equal(await link.getAttribute("href"), "/administration/e-post");
        await page.locator("[data-test=registered-table]").waitFor();
        await shot("cycle-session-390.png");
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `the session page is ${width} px wide at 390 px`);
    });

    await step("no accessibility violations on the public pages, no console errors", () => {
        assert.deepEqual(found, [], `accessibility violations:\n${found.join("\n")}`);
        assert.deepEqual(console_.unexpected(), []);
    });
    await context.close();
});
