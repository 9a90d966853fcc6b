// import.test.mjs — browser test of the CSV import pages against a real `samsyn serve`:
// the admin imports employers (a good file: counts, one employer updated by its
// organisationsnummer; a file with bad lines: the table of lines and reasons, and
// nothing imported, checked through the API; a file with more than 1000 bad lines:
// the server's summary entry under the table) and participants (a good and a bad
// file, the codes of the code columns). A case worker sees neither import; kansli
// sees the employer import. Screenshots of every state are kept as artifacts. No
// personnummer or organisationsnummer may appear in an address. Server, browser
// and environment variables: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
    ARTIFACTS, closeAll, launchBrowser, logIn, luhn, openPage, personnummer, screenshotter, startWithOrg, stepper,
    watchConsole,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const ADMIN = { username: "admin", name: "" };
const CASE_WORKER = { username: "cecilia.hl", name: "Cecilia Handläggare", roles: ["case_worker"] };
const KANSLI = { username: "kim.kansli", name: "Kim Kansli", roles: ["kansli"] };
const INTERVENTION = "Steget importen e2e";

const OLD = luhn("556677001"); // in the register before the import, renamed by it
const NEW1 = luhn("556677002");
const NEW2 = luhn("556677003");
const NOT_IMPORTED = luhn("556677004"); // a good line of the bad file
const BAD_CHECK = OLD.slice(0, 9) + ((Number(OLD[9]) + 1) % 10);

const PNR_SARA = personnummer("1990-03-04", 24);
const PNR_OLLE = personnummer("1985-11-20", 13);
const PNR_BERIT = personnummer("1970-06-15", 42); // a good line of the bad file
const PNR_BAD = PNR_SARA.slice(0, 11) + ((Number(PNR_SARA[11]) + 1) % 10);

let server;
let browser;
let admin;
let tmp;
let interventionId;

/** Writes a CSV file into the temp directory and returns its path. */
function csvFile(name, lines) {
    const file = path.join(tmp, name);
    writeFileSync(file, lines.join("\r\n") + "\r\n");
    return file;
}

async function employerByOrgnr(orgnr) {
    const r = await admin.call("POST", "/employers/search", { orgnr });
    assert.equal(r.status, 200, JSON.stringify(r.data));
    return r.data.items;
}

async function employerCount() {
    const r = await admin.call("GET", "/employers?limit=1");
    assert.equal(r.status, 200, JSON.stringify(r.data));
    return r.data.total;
}

async function participantCount() {
    const r = await admin.call("GET", "/participants?limit=1");
    assert.equal(r.status, 200, JSON.stringify(r.data));
    return r.data.total;
}

before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), "samsyn-e2e-import-"));
    let orgId;
    ({ server, admin, orgId } = await startWithOrg("AF Trollhättan e2e", [CASE_WORKER, KANSLI], PASSWORD));

    const iv = await admin.call("POST", "/interventions", {
        name: INTERVENTION,
        kind: "individual",
        owner_org_id: orgId,
        start_date: "2024-01-01",
    });
    assert.equal(iv.status, 201, JSON.stringify(iv.data));
    interventionId = iv.data.id;

    const e = await admin.call("POST", "/employers", {
        orgnr: OLD,
        name: "Gamla namnet AB",
        sni_code: "10710",
        size_class: "1-4",
        municipality_code: "1488",
    });
    assert.equal(e.status, 201, JSON.stringify(e.data));
    browser = await launchBrowser();
});

after(async () => {
    await closeAll(browser, server);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test("the admin imports employers and participants; bad files import nothing", async (t) => {
    const { context, page } = await openPage(browser);
    // 401: GET /session before each login; 422: the files with bad lines.
    const console_ = watchConsole(page, [401, 422]);
    const shot = screenshotter(page);
    const step = stepper(t, page, "import");
    const nav = () => page.getByRole("navigation", { name: "Huvudmeny" });

    const urls = [];
    page.on("request", (req) => urls.push(req.url()));

    async function login(user) {
        await logIn(page, server.baseUrl, user.username, PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen till Samsyn/ }).waitFor();
    }

    async function logout() {
        await page.getByRole("button", { name: "Logga ut" }).click();
        await page.getByRole("heading", { level: 1, name: "Logga in" }).waitFor();
    }

    /** The bad-line table as [line, reason] pairs. */
    function badLines() {
        return page.locator('[data-test="import-errors"] tbody tr').evaluateAll((rows) =>
            rows.map((r) => {
                const cells = r.querySelectorAll("td");
                return [Number(cells[0].textContent.trim()), cells[1].textContent.trim()];
            }),
        );
    }

    await step("log in as admin", () => login(ADMIN));

    await step("the employer register links to the import page, which explains the format", async () => {
        await nav().getByRole("menuitem", { name: "Arbetsgivare" }).click();
        await page.getByRole("heading", { level: 1, name: "Arbetsgivare", exact: true }).waitFor();
        await page.locator('[data-test="employers-table"]').waitFor();
        await shot("import-employers-list.png");
        await page.getByRole("link", { name: "Importera arbetsgivare" }).click();
        await page.waitForURL(/\/arbetsgivare\/importera$/);
        await page.getByRole("heading", { level: 1, name: "Importera arbetsgivare" }).waitFor();
        const columns = await page.locator('[data-test="import-columns"]').innerText();
        for (const c of ["orgnr", "name", "sni_code", "size_class", "municipality_code", "address", "postal_code", "city", "scb_size_code"]) {
            assert.ok(columns.includes(c), `the column ${c} is explained`);
        }
        assert.match(await page.locator("main").innerText(), /UTF-8/);
        assert.equal(await page.title(), "Importera arbetsgivare – Samsyn");
        await shot("import-employers-page.png");
    });

    await step("Importera without a file asks for one", async () => {
        await page.locator('[data-test="import-submit"]').click();
        const msg = page.locator('[data-test="import-file-error"]');
        await msg.waitFor();
        assert.match(await msg.innerText(), /Välj en CSV-fil att importera/);
        await shot("import-employers-no-file.png");
    });

    await step("a good file: busy while it uploads, then the counts", async () => {
        const file = csvFile("arbetsgivare.csv", [
            "orgnr;name;sni_code;size_class;municipality_code",
            `${OLD};Nya namnet AB;10710;5-9;1488`,
            `${NEW1.slice(0, 6)}-${NEW1.slice(6)};Verkstaden i Trollhättan AB;25620;20-49;1488`,
            `${NEW2};Åkeriet i Vänersborg AB;49410;;1487`,
        ]);
        await page.getByLabel("Välj CSV-fil").setInputFiles(file);
        assert.match(await page.locator('[data-test="import-file"]').innerText(), /arbetsgivare\.csv/);
        assert.equal(await page.locator('[data-test="import-file-error"]').count(), 0, "choosing a file clears the message");

        // Hold the request back a moment to see the busy state.
        let release;
        const gate = new Promise((resolve) => (release = resolve));
        await page.route("**/api/v1/employers/import", async (route) => {
            await gate;
            await route.continue();
        });
        await page.locator('[data-test="import-submit"]').click();
        const busy = page.locator('[data-test="import-busy"]');
        await busy.getByText("Importerar … stora filer kan ta en stund.").waitFor();
        assert.ok(await page.locator('[data-test="import-submit"]').isDisabled(), "no second upload while one runs");
        await shot("import-employers-busy.png");
        release();

        const summary = page.locator('[data-test="import-summary"]');
        await summary.waitFor();
        await page.unroute("**/api/v1/employers/import");
        assert.equal((await summary.innerText()).trim(), "2 nya arbetsgivare, 1 uppdaterad (3 rader).");
        assert.ok(!(await busy.isVisible()), "the busy text is gone");
        await shot("import-employers-done.png");

        assert.equal(await employerCount(), 3);
        const old = await employerByOrgnr(OLD);
        assert.equal(old.length, 1);
        assert.equal(old[0].name, "Nya namnet AB", "the employer already there got the file's name");
        assert.equal(old[0].size_class, "5-9");
        assert.equal((await employerByOrgnr(NEW2))[0].size_class, null, "an empty size class is unknown");
    });

    await step("a file with bad lines: the table of lines and reasons, nothing imported", async () => {
        const file = csvFile("arbetsgivare-fel.csv", [
            "orgnr,name,sni_code,size_class,municipality_code",
            `${NOT_IMPORTED},Bageriet AB,10710,1-4,1488`,
            `${BAD_CHECK},Felnumret AB,10710,1-4,1488`,
            `${NEW1},Dubbletten AB,9999999,1-4,1488`,
            `${NEW1},Dubbletten igen AB,10710,1-4,1488`,
        ]);
        await page.getByLabel("Välj CSV-fil").setInputFiles(file);
        assert.equal(await page.locator('[data-test="import-success"]').count(), 0, "a new file clears the last outcome");
        await page.locator('[data-test="import-submit"]').click();
        await page.locator('[data-test="import-errors"]').waitFor();
        assert.match(await page.locator('[data-test="import-detail"]').innerText(), /Inget importerades: 3 rader har fel\./);
        await page.getByRole("heading", { level: 2, name: "Rader med fel (3)" }).waitFor();
        const lines = await badLines();
        assert.deepEqual(lines.map(([n]) => n), [3, 4, 5]);
        assert.match(lines[0][1], /^orgnr:/);
        assert.ok(!lines[0][1].includes(BAD_CHECK), "the number is not repeated in the reason");
        assert.match(lines[1][1], /^sni_code:/);
        assert.match(lines[2][1], /Samma organisationsnummer som på rad 4/);
        assert.equal(await page.locator('[data-test="import-errors-rest"]').count(), 0);
        await shot("import-employers-bad.png");

        assert.deepEqual(await employerByOrgnr(NOT_IMPORTED), [], "the good line of the bad file was not imported");
        assert.equal(await employerCount(), 3);
        assert.equal((await employerByOrgnr(NEW1))[0].name, "Verkstaden i Trollhättan AB", "not overwritten");
    });

    await step("more than 1000 bad lines: 1000 listed, the rest summarised", async () => {
        const lines = ["orgnr,name,sni_code,size_class,municipality_code"];
        // Valid, distinct numbers without a name: every line is bad.
        for (let i = 0; i < 1005; i++) lines.push(`${luhn("5566" + String(i).padStart(5, "0"))},,,,`);
        const file = csvFile("arbetsgivare-manga-fel.csv", lines);
        await page.getByLabel("Välj CSV-fil").setInputFiles(file);
        await page.locator('[data-test="import-submit"]').click();
        const rest = page.locator('[data-test="import-errors-rest"]');
        await rest.waitFor();
        assert.equal(await page.locator('[data-test="import-errors"] tbody tr').count(), 1000);
        const heading = await page.getByRole("heading", { level: 2, name: /^Rader med fel/ }).innerText();
        assert.equal(heading.replace(/\s/g, " "), "Rader med fel (1 005)");
        const last = await badLines();
        assert.equal(last.at(-1)[0], 1001, "line 2 to 1001 are listed");
        assert.match(last.at(-1)[1], /^name:/);
        const cells = (await rest.locator("td").allInnerTexts()).map((c) => c.trim());
        assert.deepEqual(cells, ["från 1002", "… och 5 fler rader med fel."]);
        await rest.scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(ARTIFACTS, "import-employers-many-bad.png") });
        assert.equal(await employerCount(), 3, "nothing imported");
    });

    await step("the example on the page imports", async () => {
        const example = await page.locator('[data-test="import-example"]').innerText();
        await page.getByLabel("Välj CSV-fil").setInputFiles({ name: "exempel.csv", mimeType: "text/csv", buffer: Buffer.from(example + "\n") });
        await page.locator('[data-test="import-submit"]').click();
        const summary = page.locator('[data-test="import-summary"]');
        await summary.waitFor();
        assert.equal((await summary.innerText()).trim(), "2 nya arbetsgivare, 0 uppdaterade (2 rader).");
        assert.equal(await employerCount(), 5);
    });

    await step("the participant list links to the participant import", async () => {
        await nav().getByRole("menuitem", { name: "Deltagare" }).click();
        await page.getByRole("heading", { level: 1, name: "Deltagare" }).waitFor();
        await shot("import-participants-list.png");
        await page.getByRole("link", { name: "Importera deltagare" }).click();
        await page.waitForURL(/\/deltagare\/importera$/);
        await page.getByRole("heading", { level: 1, name: "Importera deltagare" }).waitFor();
        const columns = await page.locator('[data-test="import-columns"]').innerText();
        for (const c of ["ref", "personnummer", "first_name", "anonymous", "target_groups", "intervention_id", "start_date", "outcome", "followup_12m"]) {
            assert.ok(columns.includes(c), `the column ${c} is explained`);
        }
        await shot("import-participants-page.png");
    });

    await step("the codes of the code columns, and the interventions' ids", async () => {
        await page.locator('[data-test="import-codes-toggle"]').click();
        const codes = page.locator('[data-test="import-codes"]');
        await codes.getByRole("cell", { name: INTERVENTION }).waitFor();
        const text = await codes.innerText();
        assert.ok(text.includes(String(interventionId)), "the intervention's id is shown");
        assert.match(text, /social_assistance\s+Försörjningsstöd/);
        assert.match(text, /Målgrupp A/);
        await shot("import-participants-codes.png");
        await page.locator('[data-test="import-codes-toggle"]').click();
    });

    await step("a good participant file: the counts", async () => {
        const file = csvFile("deltagare.csv", [
            "ref,personnummer,first_name,last_name,anonymous,sex,birth_year,municipality_code,target_groups,intervention_id,start_date,end_date,outcome",
            `,${PNR_SARA},Sara,Svensson,,,,1488,A|B,${interventionId},2024-02-01,2024-06-30,work`,
            `,${PNR_SARA.slice(2, 8)}-${PNR_SARA.slice(8)},Sara,Svensson,,,,1488,A,${interventionId},2024-09-01,,`,
            `,${PNR_OLLE},Olle,Olsson,,,,1487,,${interventionId},2024-03-01,,`,
            `a1,,,,ja,K,1985,1487,B,${interventionId},2024-03-01,,`,
        ]);
        await page.getByLabel("Välj CSV-fil").setInputFiles(file);
        await page.locator('[data-test="import-submit"]').click();
        const summary = page.locator('[data-test="import-summary"]');
        await summary.waitFor();
        assert.equal((await summary.innerText()).trim(), "3 nya deltagare, 4 insatsdeltaganden.");
        await shot("import-participants-done.png");
        assert.equal(await participantCount(), 3);
    });

    await step("a network failure is shown as a problem, not as an outcome", async () => {
        await page.route("**/api/v1/participants/import", (route) => route.abort("connectionfailed"));
        await page.locator('[data-test="import-submit"]').click();
        const alert = page.getByRole("alert").filter({ hasText: "Det gick inte att nå servern" });
        await alert.waitFor();
        await page.unroute("**/api/v1/participants/import");
        assert.equal(await page.locator('[data-test="import-summary"]').count(), 0, "the last outcome is gone");
        assert.equal(await page.locator('[data-test="import-errors"]').count(), 0);
        await shot("import-participants-network-error.png");
        assert.equal(await participantCount(), 3);
    });

    await step("a bad participant file: the bad lines, nothing imported", async () => {
        const file = csvFile("deltagare-fel.csv", [
            "personnummer;first_name;last_name;intervention_id;start_date",
            `${PNR_BERIT};Berit;Bengtsson;${interventionId};2024-05-01`,
            `${PNR_BAD};Fel;Felsson;${interventionId};2024-05-01`,
            `${PNR_OLLE};Olle;Olsson;99999;2024-05-01`,
        ]);
        await page.getByLabel("Välj CSV-fil").setInputFiles(file);
        await page.locator('[data-test="import-submit"]').click();
        await page.locator('[data-test="import-errors"]').waitFor();
        assert.match(await page.locator('[data-test="import-detail"]').innerText(), /Inget importerades: 2 rader har fel\./);
        const lines = await badLines();
        assert.deepEqual(lines.map(([n]) => n), [3, 4]);
        assert.match(lines[0][1], /^personnummer:/);
        assert.ok(!lines[0][1].includes(PNR_BAD.slice(2)), "the personnummer is not repeated in the reason");
        assert.match(lines[1][1], /^intervention_id:/);
        await shot("import-participants-bad.png");

        assert.equal(await participantCount(), 3, "nothing imported");
        const berit = await admin.call("POST", "/participants/search", { personnummer: PNR_BERIT });
        assert.equal(berit.status, 200, JSON.stringify(berit.data));
        assert.equal(berit.data.items.length, 0, "the good line of the bad file was not imported");
    });

    await step("the example on the page imports (with the test's intervention)", async () => {
        const example = (await page.locator('[data-test="import-example"]').innerText()).replace(/;1;(\d{4}-)/g, `;${interventionId};$1`);
        await page.getByLabel("Välj CSV-fil").setInputFiles({ name: "exempel.csv", mimeType: "text/csv", buffer: Buffer.from(example + "\n") });
        await page.locator('[data-test="import-submit"]').click();
        const summary = page.locator('[data-test="import-summary"]');
        await summary.waitFor();
        assert.equal((await summary.innerText()).trim(), "2 nya deltagare, 3 insatsdeltaganden.");
        assert.equal(await participantCount(), 5);
    });

    await step("a case worker sees neither import", async () => {
        await logout();
        await login(CASE_WORKER);
        await nav().getByRole("menuitem", { name: "Arbetsgivare" }).click();
        await page.getByRole("heading", { level: 1, name: "Arbetsgivare", exact: true }).waitFor();
        await page.getByRole("link", { name: "Ny arbetsgivare" }).waitFor();
        assert.equal(await page.getByRole("link", { name: "Importera arbetsgivare" }).count(), 0);
        await nav().getByRole("menuitem", { name: "Deltagare" }).click();
        await page.getByRole("link", { name: "Ny deltagare" }).waitFor();
        assert.equal(await page.getByRole("link", { name: "Importera deltagare" }).count(), 0);
        await page.goto(server.baseUrl + "/deltagare/importera");
        await page.getByText("Endast administratörer får importera deltagare.").waitFor();
        assert.equal(await page.getByLabel("Välj CSV-fil").count(), 0, "no file selector");
        await page.goto(server.baseUrl + "/arbetsgivare/importera");
        await page.getByText("Endast administratörer och kansliet får importera arbetsgivare.").waitFor();
    });

    await step("kansli may import employers", async () => {
        await logout();
        await login(KANSLI);
        await nav().getByRole("menuitem", { name: "Arbetsgivare" }).click();
        await page.getByRole("link", { name: "Importera arbetsgivare" }).click();
        await page.getByLabel("Välj CSV-fil").waitFor({ state: "attached" });
    });

    await step("no personnummer or organisationsnummer in any address the browser asked for", () => {
        const secrets = [OLD, NEW1, NEW2, NOT_IMPORTED, PNR_SARA, PNR_SARA.slice(2), PNR_OLLE.slice(2), PNR_BERIT.slice(2)];
        const leaks = urls.filter((u) => secrets.some((s) => decodeURIComponent(u).replace(/-/g, "").includes(s)));
        assert.deepEqual(leaks, []);
    });

    await step("no console errors or CSP violations", () => {
        // The one request the test made fail on purpose.
        const unexpected = console_.unexpected().filter((p) => !/net::ERR_CONNECTION_FAILED/.test(p));
        assert.deepEqual(unexpected, [], `console errors:\n${unexpected.join("\n")}`);
    });

    await context.close();
});
