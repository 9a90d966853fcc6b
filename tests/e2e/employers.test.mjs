// employers.test.mjs — browser test of the shared employer register against a real
// `samsyn serve`: an employer contact of AF finds an employer (by name, and by
// organisationsnummer through the POST search), logs a contact, adds a recruitment
// need and a contact person; an employer contact of the kommun then opens "Logga
// kontakt" for the same employer and is warned, before saving, that AF contacted it,
// and again by the API's warning after saving. Screenshots of the employer page, the
// weekly list and the industry-structure report are kept as artifacts. The
// organisationsnummer must never appear in an address. Server, browser and
// environment variables: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    apiClient, closeAll, downloadBytes, isoDate, launchBrowser, logIn, luhn, makeUser, openPage, screenshotter,
    startServer, stepper, watchConsole, widthShots,
} from "./harness.mjs";
import { readSheet } from "../api/xlsx.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const AF = "AF Trollhättan e2e";
const KOMMUN = "Trollhättans stad e2e";
const AF_USER = { username: "anna.af", name: "Anna Andersson" };
const KOMMUN_USER = { username: "karl.kommun", name: "Karl Karlsson" };
const EMPLOYER = "Verkstaden i Trollhättan AB";

const TODAY = isoDate(new Date());
const NEXT = isoDate(new Date(Date.now() + 7 * 86400_000));
const ORGNR = luhn("556677889");
const ORGNR_DASHED = `${ORGNR.slice(0, 6)}-${ORGNR.slice(6)}`;

let server;
let browser;

before(async () => {
    server = await startServer();
    const admin = apiClient(server.baseUrl);
    await admin.firstLogin("admin", server.oneTimePassword, PASSWORD);

    const af = await admin.call("POST", "/orgs", { name: AF, kind: "af", municipality_code: "1488" });
    assert.equal(af.status, 201, JSON.stringify(af.data));
    const kommun = await admin.call("POST", "/orgs", { name: KOMMUN, kind: "kommun", municipality_code: "1488" });
    assert.equal(kommun.status, 201, JSON.stringify(kommun.data));
    for (const [user, orgId] of [[AF_USER, af.data.id], [KOMMUN_USER, kommun.data.id]])
        await makeUser(admin, server.baseUrl, { ...user, roles: ["employer_contact"] }, orgId, PASSWORD);

    // The register: the employer of the test and a few others for the industry report.
    const employers = [
        { orgnr: ORGNR, name: EMPLOYER, sni_code: "25620", size_class: "20-49", municipality_code: "1488", address: "Verkstadsgatan 1", postal_code: "46130", city: "Trollhättan" },
        { orgnr: luhn("556677880"), name: "Bageriet i Trollhättan AB", sni_code: "10710", size_class: "5-9", municipality_code: "1488" },
        { orgnr: luhn("556677881"), name: "Vårdbolaget Väst AB", sni_code: "87301", size_class: "50-99", municipality_code: "1488" },
        { orgnr: luhn("556677882"), name: "Åkeriet i Vänersborg AB", sni_code: "49410", size_class: "1-4", municipality_code: "1487" },
        { orgnr: luhn("556677883"), name: "Gjuteriet Väst AB", sni_code: "24510", size_class: "20-49", municipality_code: "1488" },
    ];
    for (const e of employers) {
        const c = await admin.call("POST", "/employers", e);
        assert.equal(c.status, 201, `employer ${e.name}: ${JSON.stringify(c.data)}`);
    }
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

test("two partners contact the same employer and the second is warned", async (t) => {
    const { context, page } = await openPage(browser);
    // 401: GET /session before each login.
    const console_ = watchConsole(page, [401]);
    const shot = screenshotter(page);
    const step = stepper(t, page, "employers");
    const nav = () => page.getByRole("navigation", { name: "Huvudmeny" });

    const urls = [];
    page.on("request", (req) => urls.push(req.url()));
    let employerUrl = "";

    async function login(user) {
        await logIn(page, server.baseUrl, user.username, PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen till Samsyn/ }).waitFor();
        await page.locator('[data-test="current-user"]', { hasText: user.name }).waitFor();
    }

    await step("log in as AF's employer contact", () => login(AF_USER));

    await step("find the employer by the beginning of its name", async () => {
        await nav().getByRole("menuitem", { name: "Arbetsgivare" }).click();
        await page.getByRole("heading", { level: 1, name: "Arbetsgivare", exact: true }).waitFor();
        await page.locator('[data-test="employers-table"]').waitFor();
        await page.getByLabel("Namn eller organisationsnummer").fill("verkstaden");
        await page.locator('[data-test="employer-search-submit"]').click();
        const table = page.locator('[data-test="employers-table"]');
        await page.getByRole("heading", { name: /Sökresultat: 1 arbetsgivare/ }).waitFor();
        assert.match(await table.innerText(), /Metallegoarbete|25620/);
        assert.match(await table.innerText(), /Trollhättan/);
    });

    await step("find it by organisationsnummer (sent in the body) and open it", async () => {
        await page.getByLabel("Namn eller organisationsnummer").fill(ORGNR_DASHED);
        await page.locator('[data-test="employer-search-submit"]').click();
        await page.getByRole("heading", { name: "Sökning på organisationsnummer" }).waitFor();
        await page.locator('[data-test="employers-table"]').getByRole("link", { name: EMPLOYER }).click();
        await page.waitForURL(/\/arbetsgivare\/\d+$/);
        employerUrl = page.url();
        await page.getByRole("heading", { level: 1, name: EMPLOYER }).waitFor();
        const facts = await page.locator('[data-test="employer-facts"]').innerText();
        assert.match(facts, new RegExp(ORGNR_DASHED));
        assert.match(facts, /25620 Metallegoarbete/, "SNI code with its title");
        assert.match(facts, /avdelning C Tillverkning/);
        assert.match(facts, /20–49 anställda/);
        assert.match(facts, /Verkstadsgatan 1, 461 30 Trollhättan/);
        await page.locator('[data-test="no-contacts"]').waitFor();
    });

    await step("log a contact: nobody else has contacted the employer", async () => {
        await page.locator('[data-test="log-contact"]').click();
        await page.locator('[data-test="contact-form"]').waitFor();
        await page.locator('[data-test="no-recent-contacts"]').waitFor();
        assert.equal(await page.locator('[data-test="recent-contacts-warning"]').count(), 0);
        await page.locator("#contact-date").fill(TODAY);
        await page.getByLabel("Kontaktsätt").selectOption({ label: "Telefon" });
        await page.getByLabel("Syfte").selectOption({ label: "Rekrytering" });
        await page.getByLabel("IPS-steg (valfritt)").selectOption({ label: "1 – första kontakten" });
        await page.getByLabel("Anteckning (valfri)").fill("Söker två svetsare till våren.");
        await page.locator("#contact-next-step").fill(NEXT);
        await page.locator('[data-test="contact-save"]').click();
        await page.locator('[data-test="contact-saved"]').waitFor();
        assert.equal(await page.locator('[data-test="contact-warnings"]').count(), 0, "no warning for the first contact");
        const row = page.locator('[data-test="contacts-table"] tbody tr').first();
        await row.waitFor();
        const text = await row.innerText();
        for (const s of [TODAY, AF, AF_USER.name, "Telefon", "Rekrytering", "Söker två svetsare", NEXT]) {
            assert.ok(text.includes(s), `the history row shows ${s}: ${text}`);
        }
    });

    await step("add a recruitment need with an SSYK occupation", async () => {
        await page.locator('[data-test="need-add"]').click();
        await page.locator('[data-test="need-form"]').waitFor();
        await page.getByLabel("Sök yrke").fill("svetsare");
        await page.locator("#need-ssyk option", { hasText: "7212" }).waitFor({ state: "attached" });
        await page.locator("#need-ssyk").selectOption("7212");
        await page.getByLabel("Antal personer").fill("2");
        await page.locator("label", { hasText: "Körkort" }).click();
        await page.locator("label", { hasText: "Praktik" }).click();
        await page.locator("label", { hasText: "Lönestöd" }).click();
        await page.locator('[data-test="need-save"]').click();
        const row = page.locator('[data-test="needs-table"] tbody tr').first();
        await row.waitFor();
        const text = await row.innerText();
        assert.match(text, /7212/);
        assert.match(text, /Körkort/);
        assert.match(text, /Praktik, Lönestöd/);
    });

    await step("change the need: three welders", async () => {
        const row = page.locator('[data-test="needs-table"] tbody tr').first();
        await row.getByRole("button", { name: /Ändra/ }).click();
        await page.locator('[data-test="need-form"]').waitFor();
        assert.equal(await page.locator("#need-ssyk").inputValue(), "7212", "the form starts from the need");
        await page.getByLabel("Antal personer").fill("3");
        await page.locator('[data-test="need-save"]').click();
        await page.locator('[data-test="need-form"]').waitFor({ state: "detached" });
        await page.locator('[data-test="needs-table"] tbody tr td', { hasText: /^3$/ }).first().waitFor();
    });

    await step("change the employer's facts: a workplace and the main contact", async () => {
        await page.getByRole("link", { name: "Ändra uppgifter" }).click();
        await page.getByRole("heading", { level: 1, name: `Ändra ${EMPLOYER}` }).waitFor();
        await page.getByLabel("Webbplats (valfri)").fill("verkstaden.example.se");
        await page.locator("label", { hasText: `Jag (${AF_USER.name})` }).click();
        await page.getByRole("button", { name: "Lägg till arbetsställe" }).click();
        await page.locator("#workplace-0-name").fill("Lackeringen");
        await page.locator("#workplace-0-address").fill("Industrivägen 4");
        await page.locator('[data-test="employer-save"]').click();
        await page.waitForURL(employerUrl);
        await page.locator('[data-test="flash"]').waitFor();
        const facts = await page.locator('[data-test="employer-facts"]').innerText();
        assert.match(facts, /verkstaden\.example\.se/);
        assert.match(facts, /Lackeringen, Industrivägen 4, Trollhättan/);
        assert.ok(facts.includes(AF_USER.name), `the main contact is shown: ${facts}`);
    });

    await step("add a contact person, change and remove another", async () => {
        await page.locator('[data-test="person-add"]').click();
        await page.locator("#person-name").fill("Eva Ek");
        await page.locator("#person-role").fill("Produktionschef");
        await page.locator("#person-email").fill("eva.ek@example.se");
        await page.locator('[data-test="person-save"]').click();
        await page.locator('[data-test="persons-table"] tbody tr', { hasText: "Eva Ek" }).waitFor();

        await page.locator('[data-test="person-add"]').click();
        await page.locator("#person-name").fill("Olle Fel");
        await page.locator('[data-test="person-save"]').click();
        const olle = page.locator('[data-test="persons-table"] tbody tr', { hasText: "Olle Fel" });
        await olle.waitFor();
        await olle.getByRole("button", { name: /Ändra/ }).click();
        await page.locator("#person-role").fill("HR");
        await page.locator('[data-test="person-save"]').click();
        await page.locator('[data-test="persons-table"] tbody tr', { hasText: "HR" }).waitFor();
        await olle.getByRole("button", { name: /Ta bort/ }).click();
        await page.locator('[data-test="person-remove-confirm"]').click();
        await olle.waitFor({ state: "detached" });
        assert.equal(await page.locator('[data-test="persons-table"] tbody tr').count(), 1);
    });

    await step("log out", async () => {
        await page.getByRole("button", { name: "Logga ut" }).click();
        await page.getByRole("heading", { level: 1, name: "Logga in" }).waitFor();
    });

    await step("log in as the kommun's employer contact", () => login(KOMMUN_USER));

    await step("opening the contact form warns that AF contacted the employer", async () => {
        await page.goto(employerUrl);
        await page.getByRole("heading", { level: 1, name: EMPLOYER }).waitFor();
        await page.locator('[data-test="log-contact"]').click();
        const warning = page.locator('[data-test="recent-contacts-warning"]');
        await warning.waitFor();
        const text = await warning.innerText();
        assert.ok(text.includes(AF), `the warning names ${AF}: ${text}`);
        assert.ok(text.includes(AF_USER.name), `the warning names the user: ${text}`);
        assert.ok(text.includes(TODAY));
        await shot("employers-contact-warning.png");
    });

    await step("saving anyway shows the API's warning", async () => {
        await page.getByLabel("Kontaktsätt").selectOption({ label: "Besök" });
        await page.getByLabel("Syfte").selectOption({ label: "Information" });
        await page.locator('[data-test="contact-save"]').click();
        await page.locator('[data-test="contact-saved"]').waitFor();
        const warnings = page.locator('[data-test="contact-warnings"]');
        await warnings.waitFor();
        assert.ok((await warnings.innerText()).includes(AF), "the API's warning names AF");
        // The history is read again after the save: wait for it.
        await page.locator('[data-test="contacts-table"] tbody tr').nth(1).waitFor();
        assert.equal(await page.locator('[data-test="contacts-table"] tbody tr').count(), 2, "both partners' contacts in the history");
        await shot("employers-employer-page.png");
    });

    await step("her own contact, and only hers, can be corrected", async () => {
        const own = page.locator('[data-test="contacts-table"] tbody tr', { hasText: KOMMUN_USER.name });
        const others = page.locator('[data-test="contacts-table"] tbody tr', { hasText: AF_USER.name });
        assert.equal(await others.locator('[data-test="contact-edit"]').count(), 0, "not another's contact");
        await own.locator('[data-test="contact-edit"]').click();
        await page.getByRole("heading", { level: 3, name: `Rätta kontakten ${TODAY}` }).waitFor();
        assert.equal(await page.getByLabel("Kontaktsätt").inputValue(), "visit", "the form holds the saved contact");
        await page.getByLabel("Anteckning (valfri)").fill("Träffade HR-chefen.");
        await page.getByRole("button", { name: "Spara ändringen" }).click();
        await page.locator('[data-test="contact-changed"]', { hasText: "Kontakten är rättad." }).waitFor();
        assert.match(await own.innerText(), /Träffade HR-chefen\./);
        assert.equal(await page.locator('[data-test="contacts-table"] tbody tr').count(), 2);
        await shot("employers-contact-corrected.png");
    });

    await step("the weekly list shows both contacts, by whom, and the next step", async () => {
        await page.getByRole("link", { name: "Tillbaka till arbetsgivarna" }).click();
        await page.getByRole("link", { name: "Veckolista" }).click();
        await page.getByRole("heading", { level: 1, name: "Veckolista" }).waitFor();
        const table = page.locator('[data-test="week-contacts-table"]');
        await table.waitFor();
        const text = await table.innerText();
        for (const s of [EMPLOYER, AF_USER.name, KOMMUN_USER.name, AF, KOMMUN]) assert.ok(text.includes(s), `weekly list shows ${s}`);
        assert.match(await page.locator('[data-test="week-by-whom"]').innerText(), /2 kontakter/);
        await shot("employers-weekly-list.png");

        // The same list as an XLSX file, by the page's link, read back.
        const xlsxHref = await page.locator('[data-test="week-xlsx"]').getAttribute("href");
        assert.match(xlsxHref, /format=xlsx/);
        const sheet = readSheet(await downloadBytes(page, xlsxHref));
        assert.equal(sheet.rows.get(1)[0].value, "Veckolista: kontakter med arbetsgivare");
        const header = sheet.rows.get(sheet.frozenRows);
        assert.equal(header[0].value, "Datum");
        assert.ok(header.every((c) => c.bold), "bold header");
        const rows = [...sheet.rows.values()].map((cells) => cells.map((c) => c.value).join(";"));
        for (const s of [EMPLOYER, AF_USER.name, KOMMUN_USER.name]) assert.ok(rows.some((r) => r.includes(s)), `XLSX has ${s}`);
        assert.ok(rows.includes("Antal kontakter;2"), rows.join("\n"));

        // Printed: the list without the menu, the week picker or the links.
        await page.emulateMedia({ media: "print" });
        assert.equal(await page.locator(".app-nav").isVisible(), false, "no menu on paper");
        assert.equal(await page.locator('[data-test="week-xlsx"]').isVisible(), false, "no links on paper");
        assert.equal(await page.locator(".week-picker").isVisible(), false, "no week picker on paper");
        assert.ok(await table.isVisible(), "the table is printed");
        assert.ok(await page.locator('[data-test="week-heading"]').isVisible(), "the week is printed");
        const pdf = await page.pdf({ preferCSSPageSize: true });
        assert.ok(pdf.length > 1000 && pdf.subarray(0, 5).toString() === "%PDF-");
        await page.emulateMedia({ media: "screen" });
        await page.locator('[data-test="week-previous"]').click();
        await page.waitForURL(/vecka=\d{4}-W\d{2}/);
        await page.locator('[data-test="no-week-contacts"]').waitFor();
    });

    await step("removing her contact asks first, at 1366 and 390 px", async () => {
        await page.goto(employerUrl);
        const own = page.locator('[data-test="contacts-table"] tbody tr', { hasText: KOMMUN_USER.name });
        await own.waitFor();
        await own.locator('[data-test="contact-remove"]').click();
        const confirm = own.locator('[data-test="contact-remove-confirm"]');
        await confirm.waitFor();
        assert.equal(await page.locator('[data-test="contacts-table"] tbody tr').count(), 2, "nothing removed before the answer");
        await widthShots(page)("employers-contact-remove");
        await confirm.click();
        await page.locator('[data-test="contact-changed"]', { hasText: `Kontakten ${TODAY} är borttagen.` }).waitFor();
        // The message may come before the list is fetched again.
        await own.waitFor({ state: "detached" });
        assert.equal(await page.locator('[data-test="contacts-table"] tbody tr').count(), 1);
        assert.doesNotMatch(await page.locator('[data-test="contacts-table"]').innerText(), new RegExp(KOMMUN_USER.name));
    });

    await step("the industry-structure report is a cross table of SNI section and size class", async () => {
        await nav().getByRole("menuitem", { name: "Rapporter" }).click();
        await page.getByRole("heading", { level: 1, name: "Rapporter" }).waitFor();
        await page.getByLabel("Rapport", { exact: true }).selectOption({ label: "Näringslivsstruktur" });
        await page.getByLabel("Lägg till kommun").selectOption({ label: "Trollhättan (1488)" });
        await page.locator('[data-test="report-kommuner-add"]').click();
        await page.getByRole("button", { name: "Visa rapport" }).click();
        await page.waitForURL(/rapport=employers-structure/);
        await page.waitForURL(/municipality_code=1488/);
        const table = page.locator('[data-test="report-table"]');
        const manufacturing = table.locator("tbody tr", { hasText: "C Tillverkning" });
        await manufacturing.waitFor();
        // Two in manufacturing (metal goods and the foundry, both 20–49) plus the bakery (5–9).
        const cells = (await manufacturing.locator("td").allInnerTexts()).map((c) => c.trim());
        assert.equal(cells[cells.length - 1], "3", `row total of section C: ${cells}`);
        assert.equal((await table.locator('[data-test="report-total"] td').last().innerText()).trim(), "4", "Vänersborg's haulier is not counted");
        await shot("employers-industry-report.png");

        const href = await page.locator('[data-test="report-csv"]').getAttribute("href");
        assert.match(href, /format=csv/);
        const csv = await page.evaluate(async (url) => {
            const r = await fetch(url, { credentials: "same-origin" });
            return { status: r.status, type: r.headers.get("content-type"), text: await r.text() };
        }, href);
        assert.equal(csv.status, 200);
        assert.match(csv.type ?? "", /text\/csv/);
        const xlsx = readSheet(await downloadBytes(page, await page.locator('[data-test="report-xlsx"]').getAttribute("href")));
        assert.equal(xlsx.rows.get(1)[0].value, "Näringslivsstruktur");
        assert.ok([...xlsx.rows.values()].some((cells) => cells[0].value === "Kommuner: 1488"), "the filter on top");
        const total = [...xlsx.rows.values()].find((cells) => cells[0].value === "Totalt");
        assert.equal(total.at(-1).value, 4, "the total row as a number");
        assert.equal(total.at(-1).type, "n");
    });

    await step("no organisationsnummer in any address the browser asked for", () => {
        const leaks = urls.filter((u) => decodeURIComponent(u).replace(/-/g, "").includes(ORGNR));
        assert.deepEqual(leaks, []);
    });

    await step("no console errors or CSP violations", () => {
        const unexpected = console_.unexpected();
        assert.deepEqual(unexpected, [], `console errors:\n${unexpected.join("\n")}`);
    });

    await context.close();
});
