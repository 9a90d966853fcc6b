// print.test.mjs — a long report and a long weekly list printed to PDF by
// Chromium (style.css's print style sheet): two pages or more, and every page
// carries the table's title and period (the .print-caption row of its thead,
// which Chromium repeats) and its column headings, never the menu. The PDF's
// pages are read back with pdftotext; PNGs of page 2 are kept as artifacts.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import {
    ARTIFACTS, apiClient, closeAll, isoDate, launchBrowser, logIn, openPage, startServer, stepper, watchConsole,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const YEAR = new Date().getFullYear();
let server, browser;

before(async () => {
    server = await startServer({ gen: ["--participants", "400", "--seed", "11"] });
    const admin = apiClient(server.baseUrl);
    await admin.firstLogin("admin", server.oneTimePassword, PASSWORD);
    const employer = await admin.call("POST", "/employers", {
        orgnr: "5566778899", name: "Utskrivna Verkstaden AB", sni_code: "25620", size_class: "20-49", municipality_code: "1488",
    });
    assert.equal(employer.status, 201, JSON.stringify(employer.data));
    for (let i = 0; i < 40; i++) {
        const r = await admin.call("POST", `/employers/${employer.data.id}/contacts`, {
            date: isoDate(new Date()), channel: "phone", purpose: "recruitment", note: `Samtal nummer ${i + 1} om lediga jobb`,
        });
        assert.equal(r.status, 201, JSON.stringify(r.data));
    }
    // Thirty more interventions this year: a report of two pages whatever gen made.
    for (let i = 0; i < 30; i++) {
        const r = await admin.call("POST", "/interventions", {
            name: `Utskriftsinsats ${i + 1}`, kind: "individual", owner_org_id: 1, start_date: `${YEAR}-01-01`, status: "active",
        });
        assert.equal(r.status, 201, JSON.stringify(r.data));
    }
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

/** The page printed as the browser prints it: the text of each PDF page. */
async function printed(page, name) {
    await page.emulateMedia({ media: "print" });
    const file = path.join(ARTIFACTS, `${name}.pdf`);
    writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
    await page.emulateMedia({ media: "screen" });
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))[1]);
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "2", "-l", "2", file, path.join(ARTIFACTS, name)]);
    return Array.from({ length: pages }, (_, i) =>
        execFileSync("pdftotext", ["-layout", "-f", String(i + 1), "-l", String(i + 1), file, "-"], { encoding: "utf8" }),
    );
}

test("a long report and a long weekly list have their title and period on every printed page", async (t) => {
    const { context, page } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    const console_ = watchConsole(page, [401]); // the login page asks for a session first
    const step = stepper(t, page, "print");

    await step("logs in", async () => {
        await logIn(page, server.baseUrl, "admin", PASSWORD);
        await page.waitForURL((u) => !u.pathname.startsWith("/logga-in"));
    });

    await step("the intervention report: every page has its title, year and column headings, the total once", async () => {
        await page.goto(`${server.baseUrl}/rapporter?rapport=interventions&year=${YEAR}`);
        await page.locator('[data-test="report-total"]').waitFor();
        const pages = await printed(page, "print-report");
        assert.ok(pages.length >= 2, `${pages.length} page(s): the report should need two`);
        pages.forEach((text, i) => {
            assert.match(text, new RegExp(`Insatsrapport, ${YEAR}`), `page ${i + 1}:\n${text}`);
            assert.match(text, /Insats\s+Totalt\s+Kvinnor\s+Män/, `page ${i + 1}: the column headings`);
            assert.doesNotMatch(text, /Logga ut|Administration|Visa rapport|Ladda ner/, `page ${i + 1}: only the report`);
        });
        assert.equal(pages.join("").match(/^\s*Totalt\s+\d/gm)?.length, 1, "the total row once");
    });

    await step("the weekly list: every page has its week and column headings", async () => {
        await page.goto(`${server.baseUrl}/arbetsgivare/veckolista`);
        await page.locator('[data-test="week-contacts-table"] tbody tr').first().waitFor();
        const week = (await page.locator('[data-test="week-heading"]').innerText()).replace(/^Kontakter /, "");
        const pages = await printed(page, "print-week");
        assert.ok(pages.length >= 2, `${pages.length} page(s): 40 contacts should need two`);
        pages
            .filter((text) => /Samtal nummer/.test(text))
            .forEach((text, i) => {
                assert.ok(text.includes(`Veckolista, kontakter ${week}`), `page ${i + 1} lacks "${week}":\n${text}`);
                assert.match(text, /Datum\s+Arbetsgivare\s+Vem/, `page ${i + 1}: the column headings`);
                assert.doesNotMatch(text, /Logga ut|Föregående vecka|Ladda ner/, `page ${i + 1}: only the list`);
            });
    });

    assert.deepEqual(console_.unexpected(), []);
    await context.close();
});
