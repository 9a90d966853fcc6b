// kaa.test.mjs — browser test of the KAA register (docs/kaa.md) against a real
// `samsyn serve`: the municipality's KAA staff member finds "Aktivitetsansvar" in the
// menu, imports the lists (a file with a person who has turned 20 is refused whole,
// the line listed; the corrected file is imported), opens a young person, registers a
// contact attempt and a measure, changes her occupation, shows the half-year's report
// and downloads the file for SCB, whose lines are the register's. The administrator
// has no menu item and the page tells her the register is not hers. Every page passes
// axe and is photographed at 1366 and 390 px (no wider than the phone).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
    apiClient, axeViolations, closeAll, isoDate, launchBrowser, logIn, makeUser, openPage, personnummer, screenshotter,
    startServer, stepper, watchConsole,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const STAFF = { username: "karin", name: "Karin KAA", roles: ["case_worker"] };
// Ages as of today, whenever the test runs: 17, 18, and one who has turned 20.
const YEAR = new Date().getFullYear();
const ALVA = personnummer(`${YEAR - 17}-03-01`, 122);
const DAN = personnummer(`${YEAR - 18}-05-05`, 131);
const OLD = personnummer(`${YEAR - 21}-01-01`, 142);
const TODAY = isoDate(new Date());

let server;
let browser;

before(async () => {
    server = await startServer();
    const admin = apiClient(server.baseUrl);
    await admin.firstLogin("admin", server.oneTimePassword, PASSWORD);
    const org = await admin.call("POST", "/orgs", { name: "Trollhättans stad", kind: "kommun", municipality_code: "1488" });
    assert.equal(org.status, 201, JSON.stringify(org.data));
    await makeUser(admin, server.baseUrl, STAFF, org.data.id, PASSWORD);
    const users = (await admin.call("GET", "/users?limit=500")).data.items;
    const karin = users.find((u) => u.username === STAFF.username).id;
    const r = await admin.call("PATCH", `/users/${karin}`, { kaa_staff: true });
    assert.equal(r.status, 200, JSON.stringify(r.data));
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

const csvFile = (name, lines) => ({ name, mimeType: "text/csv", buffer: Buffer.from(lines.join("\r\n") + "\r\n") });

test("the KAA register: import, contact, measure, report and the file for SCB", { timeout: 300_000 }, async (t) => {
    const { page } = await openPage(browser, { bypassCSP: true });
    // 401: GET /session before login; 422: the refused import.
    const console_ = watchConsole(page, [401, 422]);
    const shot = screenshotter(page);
    const step = stepper(t, page, "kaa");
    const found = [];
    const axe = async (what) => found.push(...(await axeViolations(page, what)));
    const shots = async (name) => {
        await axe(name);
        for (const width of [1366, 390]) {
            await page.setViewportSize({ width, height: 900 });
            await page.waitForTimeout(100);
            await shot(`${name}-${width}.png`);
            if (width === 390) {
                const w = await page.evaluate(() => document.documentElement.scrollWidth);
                assert.ok(w <= 390, `${name} is ${w} px wide at 390 px`);
            }
        }
        await page.setViewportSize({ width: 1280, height: 900 });
    };
    const HEAD = "personnummer;first_name;last_name;school_status;source;identified_date;occupation;notes";

    await step("the KAA staff member finds the register in the menu; it is empty", async () => {
        await logIn(page, server.baseUrl, STAFF.username, PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("menuitem", { name: "Aktivitetsansvar" }).click();
        await page.getByRole("heading", { level: 1, name: "Aktivitetsansvar" }).waitFor();
        await page.getByText("Registret är tomt").waitFor();
        await shots("kaa-empty");
    });

    await step("a file with a person who has turned 20 is refused whole; the corrected one is imported", async () => {
        await page.getByRole("link", { name: "Importera listor" }).click();
        await page.getByRole("heading", { level: 1, name: "Importera unga" }).waitFor();
        await page.getByLabel("Välj CSV-fil").setInputFiles(csvFile("skolans-lista.csv", [
            HEAD,
            `${ALVA};Alva;Berg;dropped_out_national;school_list;${TODAY};;`,
            `${OLD};Olle;Gammal;compulsory_only;population_register;${TODAY};;`,
        ]));
        await page.locator("[data-test=import-submit]").click();
        await page.getByText(/Personen har fyllt 20 år/).waitFor();
        await shots("kaa-import-refused");
        await page.getByLabel("Välj CSV-fil").setInputFiles(csvFile("skolans-lista.csv", [
            HEAD,
            `${ALVA};Alva;Berg;dropped_out_national;school_list;${TODAY};;`,
            `${DAN.slice(0, 8)}-${DAN.slice(8)};Dan;Fors;compulsory_only;population_register;${TODAY};none;Flyttade hit i augusti`,
        ]));
        await page.locator("[data-test=import-submit]").click();
        await page.getByText("2 nya unga personer").waitFor();
        await shots("kaa-import-done");
        await page.getByRole("link", { name: "Till registret", exact: true }).click();
        await page.locator("[data-test=kaa-table]").getByRole("link", { name: "Alva Berg" }).waitFor();
        await page.locator("[data-test=kaa-table]").getByRole("link", { name: "Dan Fors" }).waitFor();
        await shots("kaa-list");
        // The name search: in the request's body, never in the address (a name is personal data).
        await page.locator("#kaa-q").fill("Fors");
        await page.getByRole("button", { name: "Visa", exact: true }).click();
        await page.locator("[data-test=kaa-table]").getByRole("link", { name: "Alva Berg" }).waitFor({ state: "detached" });
        await page.locator("[data-test=kaa-table]").getByRole("link", { name: "Dan Fors" }).waitFor();
        assert.doesNotMatch(page.url(), /Fors/);
        await page.getByRole("button", { name: "Rensa filter", exact: true }).click();
        await page.locator("[data-test=kaa-table]").getByRole("link", { name: "Alva Berg" }).waitFor();
    });

    await step("a contact attempt and a measure on her page; her occupation changed", async () => {
        await page.locator("[data-test=kaa-table]").getByRole("link", { name: "Alva Berg" }).click();
        await page.getByRole("heading", { level: 1, name: "Alva Berg" }).waitFor();
        // The municipality by name, not its code.
        assert.match(await page.locator("[data-test=kaa-facts]").innerText(), /Kommun\s+Trollhättan\n/);
        await page.getByText("Inga kontaktförsök ännu.").waitFor();
        await page.locator("#kaa-contact-channel").selectOption("phone");
        await page.locator("#kaa-contact-result").selectOption("reached");
        await page.locator("#kaa-contact-note").fill("Vill prova praktik.");
        await page.locator("[data-test=kaa-contact-save]").click();
        await page.locator("[data-test=kaa-contacts]").getByText("Vill prova praktik.").waitFor();
        await page.locator("#kaa-measure-kind").selectOption("internship");
        await page.locator("#kaa-measure-status").selectOption("taken");
        await page.locator("[data-test=kaa-measure-save]").click();
        await page.locator("[data-test=kaa-measures]").getByRole("rowheader", { name: "Praktik" }).waitFor();
        await page.locator("#kaa-occupation").selectOption("other_activity");
        await page.locator("[data-test=kaa-status-save]").click();
        await page.getByText("Uppgifterna är sparade.").waitFor();
        await shots("kaa-youth");
    });

    await step("the file for SCB lists what does not hang together, then is downloaded", async () => {
        await page.getByRole("link", { name: "Tillbaka till registret" }).click();
        await page.getByRole("link", { name: "Rapport och fil till SCB" }).click();
        await page.getByRole("heading", { level: 1, name: "Rapport och fil till SCB" }).waitFor();
        // Her measure is taken but has no start date: SCB would refuse the file.
        await page.locator("[data-test=kaa-scb-download]").click();
        await page.locator("[data-test=kaa-scb-faults]").getByText(/Alva Berg.*saknar startdatum/).waitFor();
        await shots("kaa-scb-faults");
        await page.locator("[data-test=kaa-scb-faults]").getByRole("link").first().click();
        await page.getByRole("heading", { level: 1, name: "Alva Berg" }).waitFor();
        await page.locator("[data-test=kaa-measures]").getByRole("button", { name: /Ändra/ }).click();
        await page.locator("#kaa-measure-start").fill(await page.locator("#kaa-measure-offered").inputValue());
        await page.locator("[data-test=kaa-measure-save]").click();
        await page.getByText("Åtgärden är ändrad.").waitFor();
        await page.getByRole("link", { name: "Tillbaka till registret" }).click();
        await page.getByRole("link", { name: "Rapport och fil till SCB" }).click();
        const [download] = await Promise.all([
            page.waitForEvent("download"),
            page.locator("[data-test=kaa-scb-download]").click(),
        ]);
        assert.match(download.suggestedFilename(), /^samsyn-kaa-scb-\d{4}H[12]\.csv$/);
        const text = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
        const lines = text.trimEnd().split("\r\n");
        assert.equal(lines[0].split(";")[0], "Kommunkod");
        assert.equal(lines.length, 3, text);
        assert.ok(lines.some((l) => l.includes(ALVA) && l.split(";")[11] === "4"), text);
        assert.ok(lines.some((l) => l.includes(DAN) && l.split(";")[7] === "6"), text);
        await page.locator("[data-test=kaa-scb-done]").waitFor();
    });

    await step("the half-year's report, split women and men, small counts hidden", async () => {
        await page.locator("[data-test=kaa-report-show]").click();
        await page.locator("[data-test=report-table]").waitFor();
        await page.locator("[data-test=report-table]").getByText("Annan aktivitet").first().waitFor();
        await page.locator("[data-test=kaa-report-file-csv]").waitFor();
        await shots("kaa-report");
    });

    await step("the administrator has no menu item, and the register is not hers", async () => {
        await page.context().clearCookies();
        await logIn(page, server.baseUrl, "admin", PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        assert.equal(await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("menuitem", { name: "Aktivitetsansvar" }).count(), 0);
        await page.goto(server.baseUrl + "/aktivitetsansvar");
        await page.getByText("visas bara för kommunens egen personal").waitFor();
        // She set the flag, on the user page of a user of a kommun.
        await page.goto(server.baseUrl + "/administration/anvandare");
        await page.getByRole("link", { name: /Karin KAA|karin/ }).first().click();
        const flag = page.getByRole("checkbox", { name: /Arbetar med kommunens aktivitetsansvar/ });
        await flag.waitFor();
        assert.equal(await flag.isChecked(), true);
    });

    await step("no accessibility violations, no unexpected console errors", () => {
        assert.deepEqual(found, [], `accessibility violations:\n${found.join("\n")}`);
        assert.deepEqual(console_.unexpected(), []);
    });
});
