// start.test.mjs — browser test of the start page per role: a case worker, an
// employer contact, kansli and an administrator each log in to a page whose
// cards are the items GET /start gives that user, with their counts; a card's
// link opens the page where the work is done; kansli sees the goal and funding
// charts with their tables; a reader, who has no items, gets only the parts of
// Samsyn; every part's card opens a page the role can use (none that only says
// "you may not" or "is being built"); an IPS specialist sees her caseload card and
// her IPS figures. Data are entered through the API, dated from today.
// Server, browser and environment variables: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    apiClient, closeAll, isoDate, launchBrowser, logIn, makeUser, openPage, screenshotter, startServer, stepper, watchConsole,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const TODAY = new Date();
const YEAR = isoDate(TODAY).slice(0, 4);
const monthsAgo = (n) => {
    const d = new Date(TODAY);
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - n);
    return isoDate(d);
};

let server, browser, afId, ivId;
const clients = {};

before(async () => {
    server = await startServer();
    const admin = apiClient(server.baseUrl);
    await admin.firstLogin("admin", server.oneTimePassword, PASSWORD);
    const org = await admin.call("POST", "/orgs", { name: "Arbetsförmedlingen Start", kind: "af" });
    assert.equal(org.status, 201, JSON.stringify(org.data));
    const af = (afId = org.data.id);
    const users = [
        ["hanna", "Hanna Handläggare", ["case_worker"], af],
        ["erik", "Erik Arbetsgivarkontakt", ["employer_contact"], af],
        ["karin", "Karin Kansli", ["kansli"], 1],
        ["rut", "Rut Läsare", ["reader"], 1],
    ];
    for (const [username, name, roles, orgId] of users) await makeUser(admin, server.baseUrl, { username, name, roles }, orgId, PASSWORD);
    // One account that has never logged in, with its one-time password.
    const nu = await admin.call("POST", "/users", { username: "ny", name: "Ny Användare", org_id: af, roles: ["reader"], password: "Engangs-Losen-123" });
    assert.equal(nu.status, 201, JSON.stringify(nu.data));
    const iv = await admin.call("POST", "/interventions", {
        name: "Startsteget", kind: "individual", owner_org_id: af, start_date: `${Number(YEAR) - 3}-01-01`, status: "active",
        budgets: [{ year: Number(YEAR), funder: "state", amount_sek: 600000, actual_sek: null }],
        goals: [{ year: Number(YEAR), indicator: "participants", target: 40 }],
    });
    assert.equal(iv.status, 201, JSON.stringify(iv.data));
    ivId = iv.data.id;
    // Running without start variables; ended eight months ago without its
    // 6-month follow-up.
    const person = async (sex) => (await admin.call("POST", "/participants", { anonymous: true, sex, birth_year: 1985, municipality_code: "1488" })).data.id;
    let r = await admin.call("POST", "/enrolments", { participant_id: await person("female"), intervention_id: iv.data.id, start_date: monthsAgo(2) });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    r = await admin.call("POST", "/enrolments", {
        participant_id: await person("male"), intervention_id: iv.data.id, start_date: monthsAgo(14), end_date: monthsAgo(8),
        background: { occupation: "job_seeking", education_level: "secondary", support_time: "lt_1y" }, outcome: "work", exit_reason: "completed",
    });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    const employer = await admin.call("POST", "/employers", { orgnr: "5566778899", name: "Nästa Steg AB", sni_code: "25620", size_class: "20-49", municipality_code: "1488" });
    assert.equal(employer.status, 201, JSON.stringify(employer.data));
    clients.erik = apiClient(server.baseUrl);
    await clients.erik.login("erik", PASSWORD);
    r = await clients.erik.call("POST", `/employers/${employer.data.id}/contacts`, {
        date: isoDate(TODAY), channel: "phone", purpose: "recruitment", next_step_date: isoDate(TODAY),
    });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    for (const u of ["hanna", "karin", "rut"]) {
        clients[u] = apiClient(server.baseUrl);
        await clients[u].login(u, PASSWORD);
    }
    clients.admin = admin;
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

/** Logs the user in on a new page at 1366 px and returns it on the start page. */
async function startPageOf(username, t) {
    const { context, page } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    const console_ = watchConsole(page, [401]);
    await logIn(page, server.baseUrl, username, PASSWORD);
    await page.getByRole("heading", { level: 1, name: /Välkommen till Samsyn/ }).waitFor();
    await page.getByRole("heading", { level: 2, name: "Delar av Samsyn" }).waitFor();
    t.after(async () => {
        assert.deepEqual(console_.unexpected(), []);
        await context.close();
    });
    return page;
}

/** Every item of GET /start is a card with its count and title; returns the items. */
async function assertCards(page, username, expected) {
    const r = await clients[username].call("GET", "/start");
    assert.equal(r.status, 200, JSON.stringify(r.data));
    const counts = Object.fromEntries(r.data.items.map((i) => [i.kind, i.count]));
    for (const [kind, n] of Object.entries(expected)) assert.equal(counts[kind], n, `${username}: ${kind}`);
    const cards = page.locator("[data-test=start-items] li");
    // The headings come before GET /start has answered: wait for its cards
    // (a wrong number still fails, at the assertion, after the wait's time).
    await page
        .waitForFunction((n) => document.querySelectorAll("[data-test=start-items] li").length === n, r.data.items.length, { timeout: 10000 })
        .catch(() => {});
    assert.equal(await cards.count(), r.data.items.length);
    for (const item of r.data.items) {
        const card = page.locator(`[data-test=start-items] li[data-kind="${item.kind}"]`);
        assert.equal((await card.locator("[data-test=start-count]").textContent()).trim(), item.count.toLocaleString("sv-SE"));
        assert.equal(await card.getByRole("link").getAttribute("href"), item.link);
        assert.ok((await card.textContent()).includes(item.title));
    }
    return r.data.items;
}

/** The cards under "Delar av Samsyn" are the expected ones, and each opens a page the role can use. */
async function assertParts(page, expected) {
    await page.goto(server.baseUrl + "/");
    const parts = page.getByRole("navigation", { name: "Delar av Samsyn" });
    await parts.getByRole("heading", { name: "Delar av Samsyn" }).waitFor();
    const links = await parts.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(links, expected);
    for (const href of links) {
        await page.goto(server.baseUrl + href);
        await page.waitForSelector("main h1");
        await page.waitForFunction(() => !/Hämtar|Laddar/.test(document.querySelector("main")?.innerText ?? ""));
        assert.doesNotMatch(await page.locator("main").innerText(), /Din roll ger inte|håller på att byggas|finns inte än|Sidan finns inte/, href);
    }
}

test("a case worker's start page: running participants, follow-ups, missing start variables; a card leads to the list", async (t) => {
    const page = await startPageOf("hanna", t);
    const step = stepper(t, page, "start-case-worker");
    await step("the cards", () =>
        assertCards(page, "hanna", { active_participants: 1, follow_up_due: 1, missing_start_variables: 1, employer_next_steps: 0 }),
    );
    await step("a card opens the participant list", async () => {
        await page.getByRole("link", { name: /Deltagare i pågående insatser/ }).click();
        await page.waitForURL(/\/deltagare\?status=ongoing/);
        await page.getByRole("heading", { level: 1, name: "Deltagare" }).waitFor();
    });
});

test("an employer contact's start page: her next step this week leads to the weekly list", async (t) => {
    const page = await startPageOf("erik", t);
    const step = stepper(t, page, "start-employer-contact");
    await step("the cards", () => assertCards(page, "erik", { employer_next_steps: 1, other_org_contacts: 0 }));
    await step("the card opens the weekly list", async () => {
        await page.getByRole("link", { name: /Arbetsgivare med nästa steg/ }).click();
        await page.waitForURL(/\/arbetsgivare\/veckolista/);
        await page.getByRole("heading", { level: 1, name: /Veckolista/ }).waitFor();
    });
});

test("kansli's start page: goals and funding as charts with their tables; a card leads to the goals report", async (t) => {
    const page = await startPageOf("karin", t);
    const step = stepper(t, page, "start-kansli");
    await step("the cards", () => assertCards(page, "karin", { budget_without_outcome: 1, long_running_enrolments: 0 }));
    await step("the goal chart and its table", async () => {
        await page.getByRole("heading", { level: 2, name: `Måluppfyllelse ${YEAR}` }).waitFor();
        const table = page.locator("[data-test=start-goals-table]");
        await table.getByRole("row", { name: /Startsteget/ }).waitFor();
        assert.ok((await table.textContent()).includes("40"), "the target");
        assert.equal(await page.locator("section:has(#start-goals) figure.chart").getAttribute("aria-hidden"), "true");
    });
    await step("the funding chart against the benchmark, and its table", async () => {
        await page.getByRole("heading", { level: 2, name: `Finansiering ${YEAR} mot riktvärdet` }).waitFor();
        const row = page.locator("[data-test=start-funding-table]").getByRole("row", { name: /Individinriktad/ });
        assert.match(await row.textContent(), /600\s000\skr.*100,0.*60,0/);
        assert.equal(await page.locator("section:has(#start-funding) .chart__row").count(), 3);
    });
    await step("a card opens the goals report", async () => {
        await page.getByRole("link", { name: /Mål för \d{4} som ligger efter/ }).click();
        await page.waitForURL(/\/rapporter\?rapport=goals/);
        await page.getByRole("heading", { level: 1, name: "Rapporter" }).waitFor();
    });
});

test("an administrator's start page: accounts never used, one-time passwords, the log", async (t) => {
    const page = await startPageOf("admin", t);
    const step = stepper(t, page, "start-admin");
    await step("the cards", () => assertCards(page, "admin", { never_logged_in: 1, one_time_passwords: 1 }));
    await step("the size of the log", async () => {
        assert.match(await page.locator("[data-test=start-audit]").textContent(), /händelser om ändringar och inloggningar/);
    });
    await step("a card opens the users", async () => {
        await page.getByRole("link", { name: /Engångslösenord som inte har bytts/ }).click();
        await page.waitForURL(/\/administration\/anvandare$/);
        await page.getByRole("heading", { level: 1, name: "Användare" }).waitFor();
    });
    await step("every part of Samsyn opens a page the administrator can use", () =>
        assertParts(page, ["/deltagare", "/insatser", "/arbetsgivare", "/rapporter", "/administration"]),
    );
});

test("a reader has nothing to do: only the parts of Samsyn", async (t) => {
    const page = await startPageOf("rut", t);
    const r = await clients.rut.call("GET", "/start");
    assert.deepEqual(r.data.items, []);
    assert.equal(await page.locator("[data-test=start-items]").count(), 0);
    assert.equal(await page.getByRole("heading", { name: "Att göra" }).count(), 0);
    // No card for the participants, which a reader may not see, nor for anything not built.
    await assertParts(page, ["/insatser", "/arbetsgivare", "/rapporter"]);
});

test("an IPS specialist's start page: her caseload card and her IPS figures", async (t) => {
    await makeUser(clients.admin, server.baseUrl, { username: "ines", name: "Ines Specialist", roles: ["case_worker"] }, afId, PASSWORD);
    const users = await clients.admin.call("GET", "/users?q=ines");
    const ines = users.data.items.find((u) => u.username === "ines");
    let r = await clients.admin.call("PATCH", `/users/${ines.id}`, { ips_specialist: true });
    assert.equal(r.status, 200, JSON.stringify(r.data));
    clients.ines = apiClient(server.baseUrl);
    await clients.ines.login("ines", PASSWORD);
    const p = await clients.ines.call("POST", "/participants", { anonymous: true, sex: "female", birth_year: 1990, municipality_code: "1488" });
    assert.equal(p.status, 201, JSON.stringify(p.data));
    r = await clients.ines.call("POST", "/enrolments", { participant_id: p.data.id, intervention_id: ivId, start_date: monthsAgo(1) });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    const page = await startPageOf("ines", t);
    const step = stepper(t, page, "start-ips");
    await step("the caseload card", async () => {
        const items = await assertCards(page, "ines", { ips_caseload: 1 });
        assert.ok(items.some((i) => i.kind === "ips_caseload"));
    });
    await step("her IPS figures", async () => {
        const section = page.locator("[data-test=start-ips]");
        await section.getByRole("heading", { level: 2, name: "Dina IPS-mått" }).waitFor();
        const text = await section.innerText();
        assert.match(text, /Caseload: 1 deltagare \(inom IPS-gränsen, högst 20\)/);
        assert.match(text, /Arbetsgivarkontakter: 0,0 per vecka/);
        await screenshotter(page)("start-ips.png");
    });
});
