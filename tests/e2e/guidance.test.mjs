// guidance.test.mjs — browser test of the SYV times (issue 15 item 5, docs/plans.md
// "SYV-tider") against a real `samsyn serve`: the counsellor (a case worker of the
// municipality) publishes a weekly series of two times through the form; the AF case
// worker opens the calendar on that week, chooses a time, finds her participant by name
// and books it; the counsellor sees it booked but not for whom; a time already held
// (set up through the API) gets its outcome and feedback from the counsellor; the case
// worker sees the feedback on the participant's page and cancels the other booking; the
// administrator's report counts the held guidance per place. Each
// page passes axe and is photographed at 1366 and 390 px (days side by side, then a
// list no wider than the phone). Server, browser and environment: harness.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
    apiClient, axeViolations, closeAll, launchBrowser, logIn, makeUser, openPage, personnummer, screenshotter, startServer,
    stepper, watchConsole,
} from "./harness.mjs";

const PASSWORD = "Korrekt-Häst-Batteri-42";
const CASE_WORKER = { username: "hanna", name: "Hanna Handläggare", roles: ["case_worker"] };
const COUNSELLOR = { username: "sara", name: "Sara Vägledare", roles: ["case_worker"] };
const PLACE = "Samlokaliseringen Trollhättan";

let server;
let browser;
const ids = {};

/** The Swedish local date of a UTC instant, and the Monday of its week. */
function localDate(ms) {
    return new Date(ms).toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" });
}
function mondayOf(date) {
    const d = new Date(`${date}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return d.toISOString().slice(0, 10);
}
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

before(async () => {
    server = await startServer();
    const admin = apiClient(server.baseUrl);
    await admin.firstLogin("admin", server.oneTimePassword, PASSWORD);
    const af = await admin.call("POST", "/orgs", { name: "AF Trollhättan", kind: "af", municipality_code: "1488" });
    assert.equal(af.status, 201, JSON.stringify(af.data));
    const kommun = await admin.call("POST", "/orgs", { name: "Trollhättans stad", kind: "kommun", municipality_code: "1488" });
    assert.equal(kommun.status, 201, JSON.stringify(kommun.data));
    await makeUser(admin, server.baseUrl, CASE_WORKER, af.data.id, PASSWORD);
    await makeUser(admin, server.baseUrl, COUNSELLOR, kommun.data.id, PASSWORD);
    const hanna = apiClient(server.baseUrl);
    await hanna.login(CASE_WORKER.username, PASSWORD);
    const p = await hanna.call("POST", "/participants", {
        anonymous: false, personnummer: personnummer("1992-05-06", 42), first_name: "Petra", last_name: "Vägsson",
        municipality_code: "1488", target_groups: [],
    });
    assert.equal(p.status, 201, JSON.stringify(p.data));
    ids.petra = p.data.id;
    // A time that has been held (three hours ago), booked for Petra: the counsellor records it.
    const sara = apiClient(server.baseUrl);
    await sara.login(COUNSELLOR.username, PASSWORD);
    const start = Date.now() - 3 * 3600 * 1000;
    const held = await sara.call("POST", "/guidance-times", { starts_at: iso(start), ends_at: iso(start + 3600 * 1000), place: PLACE });
    assert.equal(held.status, 201, JSON.stringify(held.data));
    ids.held = held.data.id;
    ids.heldWeek = mondayOf(localDate(start));
    const b = await hanna.call("POST", `/guidance-times/${ids.held}/booking`, { participant_id: ids.petra });
    assert.equal(b.status, 201, JSON.stringify(b.data));
    browser = await launchBrowser();
});

after(() => closeAll(browser, server));

test("SYV times from publishing to the feedback on the participant's page", { timeout: 300_000 }, async (t) => {
    const { context, page } = await openPage(browser, { bypassCSP: true });
    const console_ = watchConsole(page, [401]);
    const shot = screenshotter(page);
    const step = stepper(t, page, "guidance");
    const found = [];
    const axe = async (what) => found.push(...(await axeViolations(page, what)));
    const shots = async (name) => {
        for (const width of [1366, 390]) {
            await page.setViewportSize({ width, height: 900 });
            await page.waitForTimeout(100);
            await shot(`${name}-${width}.png`);
            if (width === 390) {
                const w = await page.evaluate(() => document.documentElement.scrollWidth);
                assert.ok(w <= 390, `${name} is ${w} px wide at 390 px`);
            }
        }
        await page.setViewportSize({ width: 1366, height: 900 });
    };
    // Next week's Wednesday, local: the series' first time.
    const nextMonday = mondayOf(localDate(Date.now() + 7 * 86400 * 1000));
    const wednesday = new Date(`${nextMonday}T12:00:00Z`);
    wednesday.setUTCDate(wednesday.getUTCDate() + 2);
    const wed = wednesday.toISOString().slice(0, 10);

    await step("the counsellor publishes a weekly series of two times", async () => {
        await page.setViewportSize({ width: 1366, height: 900 });
        await logIn(page, server.baseUrl, COUNSELLOR.username, PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("menuitem", { name: "SYV-tider" }).click();
        await page.getByRole("heading", { level: 1, name: "SYV-tider" }).waitFor();
        await page.locator("[data-test=guidance-publish]").click();
        await page.locator("#guidance-date").fill(wed);
        await page.locator("#guidance-start").fill("09:00");
        await page.locator("#guidance-end").fill("10:00");
        await page.locator("#guidance-place").fill(PLACE);
        await page.locator("#guidance-weeks").fill("2");
        await axe("publish form");
        await shots("guidance-publish-counsellor");
        await page.locator("[data-test=guidance-publish-submit]").click();
        await page.getByText("2 tider är utlagda, en i veckan.").waitFor();
        assert.match(page.url(), new RegExp(`vecka=${nextMonday}`));
        const slot = page.locator(".slot", { hasText: "09:00–10:00" });
        await slot.first().waitFor();
        assert.match(await slot.first().innerText(), /Ledig/);
        ids.slot = Number((await slot.first().getAttribute("data-test")).replace("guidance-slot-", ""));
        await page.locator("[data-test=guidance-next]").click();
        await page.locator(".slot", { hasText: "09:00–10:00" }).first().waitFor();
        await axe("week calendar");
        await shots("guidance-week-counsellor");
    });

    await step("the case worker books the time for her participant, found by name", async () => {
        await context.clearCookies();
        await logIn(page, server.baseUrl, CASE_WORKER.username, PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await page.goto(`${server.baseUrl}/syv-tider?vecka=${nextMonday}`);
        await page.locator(`[data-test=guidance-slot-${ids.slot}]`).click();
        await page.locator("[data-test=guidance-detail]").waitFor();
        await page.locator("#guidance-participant-search").fill("Petra");
        await page.getByRole("button", { name: "Sök", exact: true }).click();
        await page.getByRole("button", { name: /Boka för Petra Vägsson/ }).click();
        await page.getByText("Tiden är bokad för Petra Vägsson.").waitFor();
        assert.match(await page.locator("[data-test=guidance-detail-status]").innerText(), /Bokad för Petra Vägsson/);
        assert.match(await page.locator(`[data-test=guidance-slot-${ids.slot}]`).innerText(), /Bokad: Petra Vägsson/);
        await axe("a booked time, the case worker's view");
        await shots("guidance-booked-case-worker");
    });

    await step("the counsellor sees the time booked, not for whom, and records the held guidance", async () => {
        await context.clearCookies();
        await logIn(page, server.baseUrl, COUNSELLOR.username, PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await page.goto(`${server.baseUrl}/syv-tider?vecka=${nextMonday}`);
        const slot = page.locator(`[data-test=guidance-slot-${ids.slot}]`);
        await slot.waitFor();
        const text = await slot.innerText();
        assert.match(text, /Bokad/);
        assert.doesNotMatch(text, /Petra|Vägsson/);
        await page.goto(`${server.baseUrl}/syv-tider?vecka=${ids.heldWeek}`);
        await page.locator(`[data-test=guidance-slot-${ids.held}]`).click();
        await page.locator("[data-test=guidance-detail]").waitFor();
        await page.locator("[data-test=guidance-record]").click();
        await page.getByText("Välj om vägledningen blev av.").first().waitFor();
        await page.getByText("Genomförd", { exact: true }).click();
        await page.locator("#guidance-feedback").fill("Petra vill läsa till undersköterska på Komvux. Nästa steg: studiebesök.");
        await axe("recording a guidance");
        await shots("guidance-record-counsellor");
        await page.locator("[data-test=guidance-record]").click();
        await page.getByText("Vägledningen är registrerad.").waitFor();
        assert.equal(await page.locator("[data-test=guidance-detail-outcome]").innerText(), "Genomförd");
    });

    await step("the case worker sees the feedback on Petra's page and cancels the other booking", async () => {
        await context.clearCookies();
        await logIn(page, server.baseUrl, CASE_WORKER.username, PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await page.goto(`${server.baseUrl}/deltagare/${ids.petra}`);
        const table = page.locator("[data-test=participant-guidance-table]");
        await table.waitFor();
        const rows = await table.innerText();
        assert.match(rows, /Genomförd/);
        assert.match(rows, /studiebesök/);
        assert.match(rows, /Sara Vägledare/);
        assert.match(rows, /Bokad/);
        await axe("participant page with SYV bookings");
        await shots("guidance-participant-case-worker");
        await page.goto(`${server.baseUrl}/syv-tider?vecka=${nextMonday}`);
        await page.locator(`[data-test=guidance-slot-${ids.slot}]`).click();
        await page.locator("[data-test=guidance-cancel]").click();
        await page.getByText("Bokningen är avbokad. Tiden är ledig igen.").waitFor();
        assert.match(await page.locator(`[data-test=guidance-slot-${ids.slot}]`).innerText(), /Ledig/);
        await page.locator("label", { hasText: "Bara lediga tider" }).click();
        await page.getByRole("button", { name: "Visa", exact: true }).click();
        await page.waitForURL(/lediga=1/);
        await page.locator(`[data-test=guidance-slot-${ids.slot}]`).waitFor();
    });

    await step("the administrator's report: held per place, as a table", async () => {
        await context.clearCookies();
        await logIn(page, server.baseUrl, "admin", PASSWORD);
        await page.getByRole("heading", { level: 1, name: /Välkommen/ }).waitFor();
        await page.goto(`${server.baseUrl}/rapporter?rapport=guidance-place`);
        await page.getByRole("button", { name: "Visa rapport" }).click();
        const table = page.locator("table").first();
        await table.waitFor();
        const text = await table.innerText();
        assert.match(text, /Genomförda/);
        assert.match(text, /Samlokaliseringen Trollhättan/);
        await axe("the SYV report");
        await shots("guidance-report-admin");
    });

    assert.deepEqual(found, [], found.join("\n"));
    assert.deepEqual(console_.unexpected(), []);
});
