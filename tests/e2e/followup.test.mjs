// followup.test.mjs — browser test of the SUS follow-up against a real `samsyn serve`:
// a kansli-style intervention is created in the form (budget and goal rows), a woman
// is registered with her personnummer (a too long name and a wrong check digit first,
// each with a Swedish reason that says what is wrong; the same number again leads to her), enrolled (with a
// server-side 422 shown next to its field first), her enrolment is ended with an
// outcome, and the participants report shows her split by sex — with suppression and
// the CSV download. Screenshots of the participant, intervention and report pages are
// kept as artifacts. The personnummer and the name must never appear in a URL.
// Server, browser and environment variables: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    apiClient, closeAll, downloadBytes, isoDate, launchBrowser, logIn, openPage, personnummer, screenshotter,
    startServer, stepper, watchConsole,
} from "./harness.mjs";
import { readSheet } from "../api/xlsx.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const INTERVENTION = "Steget vidare e2e";
const FIRST = "Sara";
const LAST = "Svensson";

const TODAY = isoDate(new Date());
const YEAR = TODAY.slice(0, 4);
const START = `${YEAR}-01-01`;
const PNR = personnummer("1990-03-04", 24); // a woman (even serial), 12 digits
const PNR_DASHED = `${PNR.slice(0, 8)}-${PNR.slice(8)}`;

let server;
let browser;

before(async () => {
    server = await startServer();
    await apiClient(server.baseUrl).firstLogin("admin", server.oneTimePassword, PASSWORD);
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

test("a participant is registered, enrolled, ended with an outcome, and counted by sex in the report", async (t) => {
    const { context, page } = await openPage(browser);
    // 401: GET /session before login; 409: the same personnummer twice; 422: the
    // enrolment before the intervention's start.
    const console_ = watchConsole(page, [401, 409, 422]);
    const shot = screenshotter(page);
    const step = stepper(t, page, "followup");
    const nav = () => page.getByRole("navigation", { name: "Huvudmeny" });

    // Every address the browser asks for, to prove no personnummer or name is in one.
    const urls = [];
    page.on("request", (req) => urls.push(req.url()));

    let interventionUrl = "";
    let participantUrl = "";

    await step("log in", async () => {
        await logIn(page, server.baseUrl, "admin", PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen till Samsyn/ }).waitFor();
    });

    await step("create an individual intervention with a budget row and a goal row", async () => {
        await nav().getByRole("menuitem", { name: "Insatser" }).click();
        await page.getByRole("heading", { level: 1, name: "Insatser", exact: true }).waitFor();
        await page.getByRole("link", { name: "Ny insats" }).click();
        await page.getByRole("heading", { level: 1, name: "Ny insats" }).waitFor();
        await page.getByLabel("Namn", { exact: true }).fill(INTERVENTION);
        await page.locator("label", { hasText: "Individinriktad" }).click();
        await page.locator("#iv-owner option", { hasText: "Samordningsförbundet" }).waitFor({ state: "attached" });
        await page.getByLabel("Ägare").selectOption({ label: "Samordningsförbundet" });
        await page.locator("#iv-start").fill(START);
        await page.getByLabel("Status").selectOption({ label: "Pågår" });
        await page.locator("label", { hasText: "Målgrupp A" }).click();
        // The kind chose the measurement (SUS's default for individual interventions).
        assert.equal(await page.getByLabel(/Deltagare \(med namn eller anonyma\)/).isChecked(), true);

        await page.getByRole("button", { name: "Lägg till budgetrad" }).click();
        await page.locator("#budget-0-year").fill(YEAR);
        await page.locator("#budget-0-funder").selectOption({ label: "Staten" });
        await page.locator("#budget-0-amount_sek").fill("500000");
        await page.getByRole("button", { name: "Lägg till mål" }).click();
        await page.locator("#goal-0-year").fill(YEAR);
        await page.locator("#goal-0-indicator").selectOption({ label: "Unika deltagare" });
        await page.locator("#goal-0-target").fill("10");
        await shot("followup-intervention-form.png");

        await page.getByRole("button", { name: "Skapa insats" }).click();
        await page.waitForURL(/\/insatser\/\d+$/);
        interventionUrl = page.url();
        await page.getByRole("heading", { level: 1, name: INTERVENTION }).waitFor();
        const facts = await page.locator('[data-test="intervention-facts"]').innerText();
        assert.match(facts, /Individinriktad/);
        assert.match(facts, /Målgrupp A/);
        const budget = await page.locator('[data-test="budget-table"]').innerText();
        assert.match(budget, /Staten/);
        assert.match(budget, /500\s000 kr/);
    });

    await step("a wrong personnummer and a too long name are refused with reasons that say what is wrong", async () => {
        await nav().getByRole("menuitem", { name: "Deltagare" }).click();
        await page.getByRole("heading", { level: 1, name: "Deltagare", exact: true }).waitFor();
        await page.getByRole("link", { name: "Ny deltagare" }).click();
        await page.getByRole("heading", { level: 1, name: "Ny deltagare" }).waitFor();
        const wrong = PNR_DASHED.slice(0, -1) + String((Number(PNR.slice(-1)) + 1) % 10);
        await page.locator("#participant-pnr").fill(wrong);
        // A name over the limit: FKUI's rule, with a Swedish message naming the limit (it said "MAXLENGTH").
        await page.getByLabel("Förnamn").fill("Å".repeat(101));
        await page.getByLabel("Efternamn").fill(LAST);
        await page.getByLabel("Folkbokföringskommun").selectOption({ label: "Trollhättan (1488)" });
        await page.getByRole("button", { name: "Registrera deltagare" }).click();
        await page.getByText("Texten får ha högst 100 tecken. Korta den.").first().waitFor();
        assert.ok(!(await page.locator("body").innerText()).includes("MAXLENGTH"));
        // The check digit is wrong, and the server's reason says so at the field.
        await page.getByLabel("Förnamn").fill(FIRST);
        await page.getByRole("button", { name: "Registrera deltagare" }).click();
        await page.getByText(/kontrollsiffra \(den sista siffran\) stämmer inte/).first().waitFor();
        assert.ok(page.url().endsWith("/deltagare/ny"), "a wrong personnummer is not saved");
    });

    await step("register a woman with her personnummer", async () => {
        await page.locator("#participant-pnr").fill(PNR_DASHED);
        await page.getByLabel("Folkbokföringskommun").selectOption({ label: "Trollhättan (1488)" });
        await page.locator("label", { hasText: "Målgrupp A" }).click();
        await page.getByRole("button", { name: "Registrera deltagare" }).click();
        await page.waitForURL(/\/deltagare\/\d+$/);
        participantUrl = page.url();
        await page.getByRole("heading", { level: 1, name: `${FIRST} ${LAST}` }).waitFor();
        await page.locator('[data-test="flash"]').waitFor();
        const facts = await page.locator('[data-test="participant-facts"]').innerText();
        assert.match(facts, new RegExp(PNR_DASHED));
        assert.match(facts, /Kvinna/, "sex is derived from the personnummer");
        assert.match(facts, /Trollhättan/);
    });

    await step("the same personnummer again is a conflict the server explains", async () => {
        await page.goto(server.baseUrl + "/deltagare/ny");
        await page.locator("#participant-pnr").fill(PNR);
        await page.getByLabel("Förnamn").fill(FIRST);
        await page.getByLabel("Efternamn").fill(LAST);
        await page.getByLabel("Folkbokföringskommun").selectOption({ label: "Trollhättan (1488)" });
        await page.getByRole("button", { name: "Registrera deltagare" }).click();
        const alert = page.locator(".problem-message");
        await alert.waitFor();
        assert.match(await alert.innerText(), /Det finns redan en deltagare med det personnumret/);
        assert.ok(page.url().endsWith("/deltagare/ny"));
        // She sees the person, so the answer leads to her.
        await page.getByRole("link", { name: "Gå till deltagaren med det personnumret" }).click();
        await page.waitForURL(participantUrl);
    });

    await step("find her by personnummer (sent in the body, not the address)", async () => {
        await nav().getByRole("menuitem", { name: "Deltagare" }).click();
        await page.getByRole("heading", { level: 1, name: "Deltagare", exact: true }).waitFor();
        await page.locator("#participant-pnr-search").fill(PNR_DASHED);
        await page.locator('form[aria-label="Sök deltagare på personnummer"]').getByRole("button", { name: "Sök" }).click();
        const table = page.locator('[data-test="participants-table"]');
        await page.getByRole("heading", { name: "Sökning på personnummer" }).waitFor();
        await table.getByRole("link", { name: `${FIRST} ${LAST}` }).click();
        await page.waitForURL(participantUrl);
    });

    await step("enrolling before the intervention's start shows the server's reason at the field", async () => {
        await page.getByRole("link", { name: "Skriv in i insats" }).click();
        await page.getByRole("heading", { level: 1, name: "Skriv in i insats" }).waitFor();
        const option = page.locator("#enrol-intervention option", { hasText: INTERVENTION });
        await option.waitFor({ state: "attached" });
        await page.locator("#enrol-intervention").selectOption({ label: (await option.innerText()).trim() });
        await page.locator("#enrol-start").fill(`${Number(YEAR) - 1}-06-01`);
        await page.locator("#enrol-occupation").selectOption({ label: "Aktivt arbetssökande" });
        await page.locator("#enrol-education").selectOption({ label: "Gymnasial" });
        await page.locator("#enrol-support-time").selectOption({ label: "1–2 år" });
        await page.locator("label", { hasText: "Försörjningsstöd" }).click();
        await page.getByRole("button", { name: "Skriv in" }).click();
        await page.locator(".problem-message").waitFor();
        // The reason is also next to the date field (FKUI's error text of that field).
        const fieldError = page.locator(".text-field", { has: page.locator("#enrol-start") }).locator(".text-field__error-message, .label__message--error");
        await fieldError.first().waitFor();
        assert.ok((await fieldError.first().innerText()).trim().length > 0, "no error text at the start date");
        await shot("followup-enrol-error.png");
    });

    await step("enrol her from the intervention's start", async () => {
        await page.locator("#enrol-start").fill(START);
        await page.getByRole("button", { name: "Skriv in" }).click();
        await page.waitForURL(participantUrl);
        await page.locator('[data-test="flash"]').waitFor();
        const row = page.locator('[data-test="enrolments-table"] tbody tr', { hasText: INTERVENTION });
        await row.waitFor();
        assert.match(await row.innerText(), /Pågår/);
        assert.equal(await page.locator('[data-test="timeline-bar"]').count(), 1, "one bar on the time line");
    });

    await step("end the enrolment with an outcome", async () => {
        await page.getByRole("link", { name: new RegExp(`Visa och avsluta`) }).click();
        await page.getByRole("heading", { level: 2, name: "Avsluta" }).waitFor();
        await page.locator("#end-date").fill(TODAY);
        await page.locator("#end-outcome").selectOption({ label: "Förvärvsarbete" });
        await page.locator("#end-reason").selectOption({ label: "Insatsen genomförd enligt plan" });
        await page.locator('[id="end-income"]').locator("label", { hasText: "Lön" }).click();
        await page.getByRole("button", { name: "Avsluta", exact: true }).click();
        await page.locator('[data-test="end-saved"]').waitFor();
        assert.match(await page.locator('[data-test="enrolment-outcome"]').innerText(), /Förvärvsarbete/);
        await shot("followup-enrolment-page.png");
    });

    await step("the participant page shows the ended enrolment on the time line", async () => {
        await page.getByRole("link", { name: "Tillbaka till deltagaren" }).click();
        await page.waitForURL(participantUrl);
        const row = page.locator('[data-test="enrolments-table"] tbody tr', { hasText: INTERVENTION });
        await row.waitFor();
        assert.match(await row.innerText(), /Förvärvsarbete/);
        assert.match(await page.locator('[data-test="timeline"]').innerText(), new RegExp(`${START} – ${TODAY}`));
        await shot("followup-participant-page.png");
    });

    await step("the administrator sees in the log who has read and changed her", async () => {
        await page.locator('[data-test="participant-audit-link"]').click();
        await page.getByRole("heading", { level: 1, name: "Logg" }).waitFor();
        const rows = page.locator('[data-test="audit-table"] tbody tr');
        await rows.first().waitFor();
        const texts = await rows.allInnerTexts();
        const id = participantUrl.split("/").pop();
        assert.ok(texts.every((t) => t.includes(`Deltagare: ${FIRST} ${LAST} (id ${id})`)), texts.join("\n"));
        assert.ok(texts.some((t) => /Skapat/.test(t)), "her registration is there");
        assert.ok(texts.some((t) => /Läst/.test(t)), "and the reads of her page");
        await shot("followup-participant-log.png");
        await page.goBack();
        await page.waitForURL(participantUrl);
    });

    await step("the intervention page lists her and measures the goal", async () => {
        await page.goto(interventionUrl);
        await page.getByRole("heading", { level: 1, name: INTERVENTION }).waitFor();
        await page.locator('[data-test="intervention-participants"]').getByText(`${FIRST} ${LAST}`).waitFor();
        // Its enrolments as an XLSX file, by the page's link: her row, by name.
        const href = await page.locator('[data-test="enrolments-xlsx"]').getAttribute("href");
        const sheet = readSheet(await downloadBytes(page, href));
        assert.equal(sheet.rows.get(1)[0].value, "Insatsdeltaganden");
        const rows = [...sheet.rows.entries()].filter(([n]) => n > sheet.frozenRows).map(([, cells]) => cells.map((c) => c.value));
        assert.ok(rows.some((r) => r.includes(FIRST) && r.includes(LAST)), JSON.stringify(rows));
        const reached = page.locator('[data-test="reached-table"] tbody tr');
        await reached.waitFor();
        const cells = await reached.locator("td").allInnerTexts();
        assert.deepEqual(cells.map((c) => c.trim()), ["1", "1", "0"], "total, women, men");
        const goal = page.locator('[data-test="goals-table"] tbody tr', { hasText: "Unika deltagare" });
        await goal.locator(".goal-progress__text").waitFor();
        assert.match(await goal.innerText(), /10,0\s%/, "1 of 10 participants is 10,0 %");
        await shot("followup-intervention-page.png");
    });

    await step("the participants report shows her as one woman, with the share", async () => {
        await nav().getByRole("menuitem", { name: "Rapporter" }).click();
        await page.getByRole("heading", { level: 1, name: "Rapporter" }).waitFor();
        // The default: participants by municipality, this calendar year.
        const row = page.locator('[data-test="report-table"] tbody tr', { hasText: "Trollhättan" });
        await row.waitFor();
        const cell = async (col) => (await row.locator(`td[data-col="${col}"]`).innerText()).trim();
        assert.equal(await cell("total"), "1");
        assert.equal(await cell("women"), "1");
        assert.equal(await cell("men"), "0");
        assert.equal(await cell("share"), "100,0");
        const head = await page.locator('[data-test="report-table"] thead').innerText();
        for (const h of ["Kommun", "Totalt", "Kvinnor", "Män", "Andel (%)"]) assert.ok(head.includes(h), `column ${h}`);
        await shot("followup-report-page.png");
    });

    await step("by outcome: she went to work", async () => {
        await page.getByLabel("Rapport", { exact: true }).selectOption({ label: "Deltagare per sysselsättning efter avslut" });
        await page.getByRole("button", { name: "Visa rapport" }).click();
        await page.waitForURL(/rapport=participants-outcome/);
        const row = page.locator('[data-test="report-table"] tbody tr', { hasText: "Förvärvsarbete" });
        await row.waitFor();
        assert.equal((await row.locator('td[data-col="women"]').innerText()).trim(), "1");
        await shot("followup-report-outcome.png");
    });

    await step("suppression hides the small count", async () => {
        await page.locator("label", { hasText: "Dölj små tal" }).click();
        await page.getByRole("button", { name: "Visa rapport" }).click();
        await page.waitForURL(/suppress=5/);
        const row = page.locator('[data-test="report-table"] tbody tr', { hasText: "Förvärvsarbete" });
        await row.locator("abbr").first().waitFor();
        assert.equal((await row.locator('td[data-col="women"]').innerText()).trim(), "..");
        await page.locator('[data-test="suppression-note"]').waitFor();
        await shot("followup-report-suppressed.png");
    });

    await step("the CSV download is the same report as a Swedish CSV file", async () => {
        const href = await page.locator('[data-test="report-csv"]').getAttribute("href");
        assert.match(href, /format=csv/);
        assert.match(href, /suppress=5/);
        const body = await page.evaluate(async (url) => {
            const r = await fetch(url, { credentials: "same-origin" });
            return { status: r.status, type: r.headers.get("content-type"), text: await r.text() };
        }, href);
        assert.equal(body.status, 200);
        assert.match(body.type ?? "", /text\/csv/);
        assert.ok(body.text.includes(";"), "semicolon-separated");

        // The SUS export of the period has her enrolment, with her personnummer.
        const sus = await page.evaluate(async (url) => {
            const r = await fetch(url, { credentials: "same-origin" });
            return { status: r.status, text: await r.text() };
        }, await page.locator('[data-test="sus-export"]').getAttribute("href"));
        assert.equal(sus.status, 200);
        assert.ok(sus.text.includes(PNR), "the export names the participant by personnummer");
    });

    await step("the XLSX download has the report's title, period and the hidden cell; the page prints without the menu", async () => {
        const href = await page.locator('[data-test="report-xlsx"]').getAttribute("href");
        assert.match(href, /format=xlsx/);
        assert.match(href, /suppress=5/);
        const sheet = readSheet(await downloadBytes(page, href));
        const top = [...sheet.rows.entries()].filter(([n]) => n < sheet.frozenRows).map(([, cells]) => cells[0].value);
        assert.ok(top.some((t) => t.startsWith("Period: ")), top.join(" | "));
        assert.ok(sheet.rows.get(sheet.frozenRows).every((c) => c.bold), "bold header");
        const row = [...sheet.rows.values()].find((cells) => cells[0].value === "work");
        assert.ok(row, "the outcome's row");
        assert.ok(row.some((c) => c.value === ".."), "the small count is hidden");

        await page.emulateMedia({ media: "print" });
        assert.equal(await page.locator(".app-nav").isVisible(), false, "no menu on paper");
        assert.equal(await page.locator(".report-form").isVisible(), false, "no form on paper");
        assert.equal(await page.locator('[data-test="report-xlsx"]').isVisible(), false, "no links on paper");
        assert.ok(await page.locator('[data-test="report-table"] .print-caption').isVisible(), "title and period on paper");
        const pdf = await page.pdf({ preferCSSPageSize: true });
        assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
        await page.emulateMedia({ media: "screen" });
    });

    await step("no personnummer or name in any address the browser asked for", () => {
        const leaks = urls.filter((u) => {
            const d = decodeURIComponent(u);
            return d.includes(PNR.slice(2)) || d.includes(FIRST) || d.includes(LAST);
        });
        assert.deepEqual(leaks, []);
    });

    await step("no console errors or CSP violations", () => {
        const unexpected = console_.unexpected();
        assert.deepEqual(unexpected, [], `console errors:\n${unexpected.join("\n")}`);
    });

    await context.close();
});

test("a participant is made anonymous only with a reason, which goes to the log", async (t) => {
    const admin = apiClient(server.baseUrl);
    await admin.login("admin", PASSWORD);
    const pnr = personnummer("1971-05-06", 33);
    const created = await admin.call("POST", "/participants", { personnummer: pnr, first_name: "Anonyma", last_name: "Blivande" });
    assert.equal(created.status, 201, JSON.stringify(created.data));
    const id = created.data.id;
    for (const width of [390, 1366]) { // the phone only looks: the wide one makes her anonymous
        const { context, page } = await openPage(browser, { viewport: { width, height: 900 } });
        const console_ = watchConsole(page, [401, 422]);
        const shot = screenshotter(page);
        const step = stepper(t, page, `anonymise-${width}`);
        await step("log in and open the participant's form", async () => {
            await logIn(page, server.baseUrl, "admin", PASSWORD);
            await page.getByRole("heading", { level: 1, name: /Välkommen till Samsyn/ }).waitFor();
            await page.goto(`${server.baseUrl}/deltagare/${id}/andra`);
            await page.getByRole("heading", { level: 2, name: "Gör deltagaren anonym" }).waitFor();
        });
        if (width === 390) {
            await step("the confirmation with its reason field fits a phone", async () => {
                await page.getByRole("button", { name: "Gör anonym", exact: true }).click();
                await page.getByLabel("Skäl").waitFor();
                await shot("anonymise-confirm-390.png");
            });
            await context.close();
            continue;
        }
        await step("without a reason the server's answer is shown at the field", async () => {
            await page.getByRole("button", { name: "Gör anonym", exact: true }).click();
            await page.getByRole("button", { name: "Ja, gör anonym" }).click();
            // In the section itself, next to the field, and at the field.
            const section = page.locator('section[aria-labelledby="anonymous-heading"]');
            await section.locator(".problem-message").waitFor();
            assert.match(await section.locator(".problem-message").innerText(), /Skäl/);
            const fieldError = page.locator(".text-field", { has: page.locator("#participant-anonymous-reason") })
                .locator(".text-field__error-message, .label__message--error");
            await fieldError.first().waitFor();
            await shot("anonymise-no-reason-1366.png");
        });
        await step("with a reason the participant is anonymous and the reason is in the log", async () => {
            await page.getByLabel("Skäl").fill("Personen har återkallat sitt samtycke.");
            await page.getByRole("button", { name: "Ja, gör anonym" }).click();
            await page.waitForURL(new RegExp(`/deltagare/${id}$`));
            await page.locator('[data-test="flash"]').waitFor();
            const log = await admin.call("GET", `/audit?entity=participant&entity_id=${id}&action=update`);
            assert.ok(log.data.items.some((e) => e.detail === "anonymised: Personen har återkallat sitt samtycke."), JSON.stringify(log.data));
        });
        await step("no console errors", () => assert.deepEqual(console_.unexpected(), []));
        await context.close();
    }
});

test("an enrolment that starts after today is Planerad on the participant, her time line and the intervention; an anonymous participant is found by her reference", async (t) => {
    const admin = apiClient(server.baseUrl);
    await admin.login("admin", PASSWORD);
    const tomorrow = isoDate(new Date(Date.now() + 86_400_000));
    const iv = await admin.call("POST", "/interventions", {
        name: "Planerad e2e", kind: "individual", owner_org_id: 1, start_date: START, status: "active",
    });
    assert.equal(iv.status, 201, JSON.stringify(iv.data));
    const her = await admin.call("POST", "/participants", { anonymous: true, sex: "female", birth_year: 1988, municipality_code: "1488" });
    assert.equal(her.status, 201, JSON.stringify(her.data));
    const ref = her.data.local_ref;
    assert.match(ref, /^A-\d+$/);
    const e = await admin.call("POST", "/enrolments", { participant_id: her.data.id, intervention_id: iv.data.id, start_date: tomorrow });
    assert.equal(e.status, 201, JSON.stringify(e.data));
    assert.equal(e.data.status, "planned");

    for (const width of [1366, 390]) {
        const { context, page } = await openPage(browser, { viewport: { width, height: 900 } });
        const console_ = watchConsole(page, [401]);
        const shot = screenshotter(page);
        const step = stepper(t, page, `planned-${width}`);
        await step("log in and find her by her reference", async () => {
            await logIn(page, server.baseUrl, "admin", PASSWORD);
            await page.getByRole("heading", { level: 1, name: /Välkommen till Samsyn/ }).waitFor();
            await page.goto(server.baseUrl + "/deltagare");
            await page.getByRole("heading", { level: 1, name: "Deltagare", exact: true }).waitFor();
            await page.getByLabel("Sök på namn eller referens").fill(ref.toLowerCase());
            await page.locator('form[aria-label="Sök deltagare på namn eller referens"]').getByRole("button", { name: "Sök" }).click();
            await page.getByRole("heading", { name: /Sökning på namn eller referens: 1 träff/ }).waitFor();
            const link = page.locator('[data-test="participants-table"]').getByRole("link", { name: `Anonym deltagare ${ref}` });
            await shot(`planned-search-${width}.png`);
            await link.click();
            await page.waitForURL(new RegExp(`/deltagare/${her.data.id}$`));
        });
        await step("the participant page says Planerad in the table and on the time line", async () => {
            await page.getByRole("heading", { level: 1, name: `Anonym deltagare ${ref}` }).waitFor();
            assert.match(await page.locator('[data-test="participant-ref"]').innerText(), new RegExp(ref));
            const row = page.locator('[data-test="enrolments-table"] tbody tr', { hasText: "Planerad e2e" });
            assert.equal((await row.locator('[data-test="enrolment-status"]').innerText()).trim(), "Planerad");
            const timeline = await page.locator('[data-test="timeline"]').innerText();
            assert.match(timeline, new RegExp(`Planerad från ${tomorrow}`));
            assert.doesNotMatch(timeline, /pågår/);
            assert.equal(await page.locator(".timeline__bar--planned").count(), 1);
            await shot(`planned-participant-${width}.png`);
        });
        await step("its page cannot end it before it has begun", async () => {
            await row(page).getByRole("link", { name: /Visa och ändra/ }).click();
            await page.locator('[data-test="enrolment-planned"]').waitFor();
            assert.equal((await page.locator('[data-test="enrolment-facts"] [data-test="enrolment-status"]').innerText()).trim(), "Planerad");
            assert.equal(await page.getByRole("button", { name: "Avsluta", exact: true }).count(), 0);
            await shot(`planned-enrolment-${width}.png`);
        });
        await step("the intervention page says Planerad", async () => {
            await page.goto(`${server.baseUrl}/insatser/${iv.data.id}`);
            const cell = page.locator('[data-test="intervention-participants"] [data-test="enrolment-status"]');
            await cell.first().waitFor();
            assert.equal((await cell.first().innerText()).trim(), "Planerad");
            await shot(`planned-intervention-${width}.png`);
        });
        await step("no console errors", () => assert.deepEqual(console_.unexpected(), []));
        await context.close();
    }
});

/** Her enrolment's row on the participant page. */
function row(page) {
    return page.locator('[data-test="enrolments-table"] tbody tr', { hasText: "Planerad e2e" });
}
